package org.kinvis.host.model;

import java.util.List;
import org.kinvis.host.input.InputException;
import org.kinvis.kernels.ModelLayout;

/**
 * A workspace measurement compiled for the backends: the flat {@link ModelLayout}, the {@link ParameterTable}
 * and the bookkeeping to map bins and rows back to channels and samples. Channels and samples are in pyhf's
 * order (sorted by name); main bins are the channels' bins concatenated in that order.
 *
 * @param channels    channel names, sorted
 * @param channelBins bins per channel
 * @param samples     sample names, sorted (pyhf's {@code config.samples})
 * @param rowSample   sample index of each layout row
 */
public record CompiledModel(String source, String measurement, InterpolationSettings settings,
        ParameterTable parameters, ModelLayout layout, List<String> channels, int[] channelBins,
        List<String> samples, int[] rowSample) {

    /** First main bin of channel {@code c}. */
    public int channelOffset(int c) {
        int o = 0;
        for (int i = 0; i < c; i++) {
            o += channelBins[i];
        }
        return o;
    }

    /** Observed main data, channels concatenated in order. */
    public double[] observed() {
        return layout.observed().clone();
    }

    /**
     * The POI's index, or an {@link InputException} (exit 2) saying that {@code command} needs a parameter of
     * interest and this measurement has none ({@code "poi": ""}). For inference commands: scans, limits,
     * POI-specific summaries.
     */
    public int requirePoi(String command) {
        return requirePoi(command, false);
    }

    /** {@link #requirePoi(String)} for a command that can also be told the parameter with {@code --poi NAME}. */
    public int requirePoi(String command, boolean poiOption) {
        if (!parameters.hasPoi()) {
            throw new InputException(noPoiMessage(source, measurement, command, poiOption));
        }
        return parameters.poiIndex();
    }

    /** The one-line message of {@link #requirePoi}. */
    public static String noPoiMessage(String source, String measurement, String command, boolean poiOption) {
        return source + ": measurements['" + measurement + "'].config.poi: is empty (no parameter of interest), but "
                + command + " needs one; pick a measurement that has one (--measurement)"
                + (poiOption ? ", set config.poi with --patch, or give --poi NAME" : " or set config.poi with --patch");
    }

    /** The same model with another parameter table of the same layout (new inits, bounds or fixed flags). */
    public CompiledModel withParameters(ParameterTable table) {
        return new CompiledModel(source, measurement, settings, parameters.withSets(table.sets()), layout, channels,
                channelBins, samples, rowSample);
    }

    /** Same model evaluated against other main and auxiliary data (e.g. Asimov data). */
    public CompiledModel withData(double[] observed, double[] auxdata) {
        return new CompiledModel(source, measurement, settings, parameters, layout.withData(observed, auxdata),
                channels, channelBins, samples, rowSample);
    }
}
