package org.kinvis.host.model;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.kinvis.host.workspace.Channel;
import org.kinvis.host.workspace.Measurement;
import org.kinvis.host.workspace.Modifier;
import org.kinvis.host.workspace.ParameterConfig;
import org.kinvis.host.workspace.Sample;
import org.kinvis.host.workspace.Workspace;

/**
 * What {@code pyhf inspect} reports about a workspace, with what a user of a published likelihood also needs:
 * channels with their bins and samples, samples, modifiers (name, type), the parameters of the compiled
 * measurement (sorted by name as pyhf prints them, each with its index in the parameter vector, modifier types,
 * constraint, number of components, inits, bounds, fixed flags, auxiliary data and constraint widths) and the
 * measurements with their POI ({@code ""}: none) and configured parameters.
 */
public record Inspection(String source, String version, List<ChannelInfo> channels, List<String> samples,
        List<ModifierInfo> modifiers, List<ParameterInfo> parameters, List<MeasurementInfo> measurements,
        String measurement, String poi, int poiIndex, int nBins, int nParameters) {

    public record ChannelInfo(String name, int bins, List<String> samples) {
    }

    public record ModifierInfo(String name, String type) {
    }

    /**
     * @param constraint pyhf's paramset type: {@code unconstrained}, {@code constrained_by_normal} or
     *                   {@code constrained_by_poisson}
     * @param widths     Gaussian σ (normal) or Poisson factors (poisson), empty when unconstrained
     */
    public record ParameterInfo(String name, int index, int n, List<String> modifierTypes, String constraint,
            double[] inits, double[][] bounds, boolean[] fixed, double[] auxdata, double[] widths) {
    }

    public record MeasurementInfo(String name, String poi, List<String> parameters) {
    }

    /** The summary of {@code ws} with {@code model} compiled from one of its measurements. */
    public static Inspection of(Workspace ws, CompiledModel model) {
        List<ChannelInfo> chs = new ArrayList<>();
        TreeSet<String> modKeys = new TreeSet<>();
        Map<String, TreeSet<String>> typesByName = new TreeMap<>();
        for (Channel c : ws.channels().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList()) {
            chs.add(new ChannelInfo(c.name(), c.nbins(), c.samples().stream().map(Sample::name).sorted().toList()));
            for (Sample s : c.samples()) {
                for (Modifier m : s.modifiers()) {
                    modKeys.add(m.name() + "\u0000" + m.type());
                    typesByName.computeIfAbsent(m.name(), k -> new TreeSet<>()).add(m.type());
                }
            }
        }
        List<ModifierInfo> modifiers = modKeys.stream().map(k -> k.split("\u0000"))
                .map(p -> new ModifierInfo(p[0], p[1])).toList();
        ParameterTable t = model.parameters();
        List<ParameterInfo> params = new ArrayList<>();
        for (ParameterSet p : t.sets().stream().sorted((a, b) -> a.name().compareTo(b.name())).toList()) {
            List<String> types = new ArrayList<>(typesByName.getOrDefault(p.name(), new TreeSet<>()));
            if (types.isEmpty()) {
                types.add(p.modifierType());
            }
            params.add(new ParameterInfo(p.name(), p.offset(), p.n(), types, constraintName(p.constraint()),
                    p.inits().clone(), p.bounds(), p.fixed().clone(), p.auxdata().clone(), p.widths().clone()));
        }
        List<MeasurementInfo> ms = new ArrayList<>();
        for (Measurement m : ws.measurements()) {
            ms.add(new MeasurementInfo(m.name(), m.poi(), m.parameters().stream().map(ParameterConfig::name)
                    .toList()));
        }
        return new Inspection(model.source(), ws.version(), chs, List.copyOf(new TreeSet<>(ws.allSampleNames())),
                modifiers, params, ms, model.measurement(), t.poiSetName(), t.poiIndex(), model.layout().nBins(),
                t.size());
    }

    /** pyhf's names of the paramset types. */
    public static String constraintName(Constraint c) {
        return switch (c) {
            case NONE -> "unconstrained";
            case NORMAL -> "constrained_by_normal";
            case POISSON -> "constrained_by_poisson";
        };
    }

    public ObjectNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        o.put("workspace", source);
        o.put("version", version);
        o.put("measurement", measurement);
        o.put("poi", poi);
        if (poi != null) {
            o.put("poi_index", poiIndex);
        } else {
            o.putNull("poi_index");
        }
        o.put("bins", nBins);
        o.put("parameters_total", nParameters);
        ArrayNode chs = o.putArray("channels");
        for (ChannelInfo c : channels) {
            ObjectNode cn = chs.addObject().put("name", c.name()).put("bins", c.bins());
            c.samples().forEach(cn.putArray("samples")::add);
        }
        samples.forEach(o.putArray("samples")::add);
        ArrayNode mods = o.putArray("modifiers");
        modifiers.forEach(m -> mods.addObject().put("name", m.name()).put("type", m.type()));
        ArrayNode ps = o.putArray("parameters");
        for (ParameterInfo p : parameters) {
            ObjectNode pn = ps.addObject();
            pn.put("name", p.name()).put("index", p.index()).put("n", p.n());
            p.modifierTypes().forEach(pn.putArray("modifiers")::add);
            pn.put("constraint", p.constraint());
            numbers(pn.putArray("inits"), p.inits());
            ArrayNode b = pn.putArray("bounds");
            for (double[] pair : p.bounds()) {
                numbers(b.addArray(), pair);
            }
            ArrayNode fx = pn.putArray("fixed");
            for (boolean x : p.fixed()) {
                fx.add(x);
            }
            if (p.auxdata().length > 0) {
                numbers(pn.putArray("auxdata"), p.auxdata());
                numbers(pn.putArray(p.constraint().equals("constrained_by_poisson") ? "factors" : "sigmas"),
                        p.widths());
            }
        }
        ArrayNode ms = o.putArray("measurements");
        for (MeasurementInfo m : measurements) {
            ObjectNode mn = ms.addObject().put("name", m.name()).put("poi", m.poi());
            m.parameters().forEach(mn.putArray("parameters")::add);
        }
        return o;
    }

    private static void numbers(ArrayNode a, double[] v) {
        for (double x : v) {
            a.add(x);
        }
    }
}
