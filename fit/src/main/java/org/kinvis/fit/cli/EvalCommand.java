package org.kinvis.fit.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.kinvis.host.input.InputException;
import org.kinvis.host.input.JsonInput;
import org.kinvis.host.model.CompiledModel;
import org.kinvis.host.model.HistFactoryLikelihood;
import org.kinvis.host.model.LogpdfDiagnosis;
import org.kinvis.host.model.PointsFile;
import org.kinvis.kernels.Backend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kinvis eval}: logpdf (total, main, constraint) of a workspace at one or many parameter points.
 *
 * <p>Points are streamed: read in chunks ({@link PointsFile#stream}), evaluated per chunk, and their results kept
 * in a {@link DoubleSpill} until all are known, then written out (JSON needs one array per quantity). Memory
 * therefore stays bounded whatever the number of points. A logpdf that is not finite is an error naming the point
 * and the bin and modifier that caused it (exit 2, nothing written); points outside the parameter bounds are
 * evaluated, as pyhf does, and flagged ({@code outside_bounds} in JSON, a note in text, a warning on stderr).
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate the log-likelihood of a pyhf workspace exactly as pyhf does.")
final class EvalCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--pars", paramLabel = "P.json",
            description = "Parameter point(s) by name: {\"mu\": 1.0, ...} or {\"points\": [{...}, ...]} "
                    + "(default: the model's inits).")
    Path pars;

    @Option(names = "--expected", description = "Also report the expected rates per channel and bin.")
    boolean expected;

    @Option(names = "--chunk-points", paramLabel = "N", defaultValue = "4096", hidden = true,
            description = "Points evaluated per batch (memory per batch: N × parameters doubles).")
    int chunk;

    @Override
    public Integer call() throws IOException {
        boolean json = common.json();
        if (chunk < 1) {
            throw InputException.at("--chunk-points", String.valueOf(chunk), "expected at least 1");
        }
        CompiledModel model = modelOptions.compile(common);
        Path ws = modelOptions.path(common);
        int perPoint = 3 + (expected ? model.layout().nBins() : 0);
        try (TerminalProgress bar = TerminalProgress.open(spec.commandLine().getErr(), json, "eval", "points");
                Backend backend = common.createBackend();
                HistFactoryLikelihood lik = new HistFactoryLikelihood(model, backend);
                DoubleSpill spill = new DoubleSpill((int) Math.min(1 << 22, 4L * chunk * perPoint))) {
            Results results = new Results(model, lik, spill, expected, chunk,
                    pars != null ? pars.toString() : ws + " (at the model's inits)");
            long count = pars != null ? PointsFile.stream(pars, model.parameters(), chunk, (v, n, first, labels) -> {
                results.add(v, n, first, labels);
                bar.advance(n);
            }) : results.add(model.parameters().inits(), 1, 0, new String[] {""});
            bar.close();
            var err = spec.commandLine().getErr();
            CommonOptions.reportVerification(backend, err);
            if (results.outside > 0) {
                err.println("kinvis: warning: " + results.outside + " of " + count + " point" + (count == 1 ? "" : "s")
                        + " outside the parameter bounds (first: " + results.firstOutside + "); evaluated as pyhf"
                        + " does, flagged in the result");
                err.flush();
            }
            Output.stream(common, spec.commandLine().getOut(), w -> {
                if (json) {
                    json(w, model, ws, backend, results, count);
                } else {
                    text(w, model, ws, backend, results, count);
                }
            });
        }
        return 0;
    }

    /**
     * Evaluates chunks of points, checks them and keeps their results: per point main, constraint, the indices of
     * the parameters outside their bounds (their count first), then the expected rates if asked.
     */
    private static final class Results {
        private final CompiledModel model;
        private final HistFactoryLikelihood lik;
        private final DoubleSpill spill;
        private final String source;
        private final double[] main;
        private final double[] cons;
        private final double[] rates;
        private final double[] lower;
        private final double[] upper;
        private final int[] out;
        long outside;
        String firstOutside;

        Results(CompiledModel model, HistFactoryLikelihood lik, DoubleSpill spill, boolean expected, int chunk,
                String source) {
            this.model = model;
            this.lik = lik;
            this.spill = spill;
            this.source = source;
            main = new double[chunk];
            cons = new double[chunk];
            rates = expected ? new double[Math.multiplyExact(chunk, model.layout().nBins())] : null;
            lower = model.parameters().lowerBounds();
            upper = model.parameters().upperBounds();
            out = new int[lower.length];
        }

        long add(double[] values, int count, long first, String[] labels) {
            lik.evaluator().logpdfParts(values, count, main, cons);
            if (rates != null) {
                lik.evaluator().expected(values, count, rates);
            }
            int np = lower.length;
            int nb = model.layout().nBins();
            for (int p = 0; p < count; p++) {
                double total = main[p] + cons[p];
                if (!Double.isFinite(total)) {
                    throw new InputException(source + ": " + (labels[p].isEmpty() ? "" : labels[p] + ": ")
                            + lik.explainNonFinite(values, p, total));
                }
                int k = 0;
                for (int i = 0; i < np; i++) {
                    double v = values[p * np + i];
                    if (v < lower[i] || v > upper[i]) {
                        out[k++] = i;
                    }
                }
                if (k > 0 && outside++ == 0) {
                    int i = out[0];
                    firstOutside = (labels[p].isEmpty() ? "" : labels[p] + ": ") + model.parameters().names().get(i)
                            + " = " + LogpdfDiagnosis.fmt(values[p * np + i]) + " outside ["
                            + LogpdfDiagnosis.fmt(lower[i]) + ", " + LogpdfDiagnosis.fmt(upper[i]) + "]";
                }
                spill.add(main[p]);
                spill.add(cons[p]);
                spill.add(k);
                for (int i = 0; i < k; i++) {
                    spill.add(out[i]);
                }
                for (int j = 0; rates != null && j < nb; j++) {
                    spill.add(rates[p * nb + j]);
                }
            }
            return count;
        }
    }

    /** One point's kept results, read back in order. */
    private static final class Row {
        private final DoubleSpill.Reader in;
        private final boolean expected;
        double main;
        double cons;
        int[] outside = new int[0];
        final double[] rates;

        Row(DoubleSpill spill, boolean expected, int nBins) {
            this.in = spill.reader();
            this.expected = expected;
            this.rates = new double[expected ? nBins : 0];
        }

        Row next() {
            main = in.next();
            cons = in.next();
            int k = (int) in.next();
            if (outside.length != k) {
                outside = new int[k];
            }
            for (int i = 0; i < k; i++) {
                outside[i] = (int) in.next();
            }
            for (int j = 0; expected && j < rates.length; j++) {
                rates[j] = in.next();
            }
            return this;
        }

        double total() {
            return main + cons;
        }
    }

    private Row rows(Results r, CompiledModel model) {
        return new Row(r.spill, expected, model.layout().nBins());
    }

    /** The JSON object of the result, written as it is read back (same layout as before streaming). */
    private void json(Writer w, CompiledModel model, Path ws, Backend backend, Results r, long count)
            throws IOException {
        JsonGenerator g = JsonInput.mapper().getFactory().createGenerator(w);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.useDefaultPrettyPrinter();
        g.writeStartObject();
        g.writeStringField("workspace", ws.toString());
        g.writeStringField("measurement", model.measurement());
        g.writeStringField("interpolation", model.settings().toString());
        g.writeStringField("backend", backend.name());
        String[] columns = {"logpdf", "main", "constraint", "twice_nll"};
        for (int c = 0; c < columns.length; c++) {
            g.writeArrayFieldStart(columns[c]);
            Row row = rows(r, model);
            for (long p = 0; p < count; p++) {
                row.next();
                g.writeNumber(switch (c) {
                    case 0 -> row.total();
                    case 1 -> row.main;
                    case 2 -> row.cons;
                    default -> -2 * row.total();
                });
            }
            g.writeEndArray();
        }
        List<String> names = model.parameters().names();
        g.writeArrayFieldStart("parameters");
        for (String n : names) {
            g.writeString(n);
        }
        g.writeEndArray();
        if (r.outside > 0) {
            g.writeArrayFieldStart("outside_bounds");
            Row row = rows(r, model);
            for (long p = 0; p < count; p++) {
                g.writeStartArray();
                for (int i : row.next().outside) {
                    g.writeString(names.get(i));
                }
                g.writeEndArray();
            }
            g.writeEndArray();
        }
        if (expected) {
            g.writeArrayFieldStart("expected");
            Row row = rows(r, model);
            for (long p = 0; p < count; p++) {
                row.next();
                g.writeStartObject();
                for (int c = 0; c < model.channels().size(); c++) {
                    g.writeArrayFieldStart(model.channels().get(c));
                    int o = model.channelOffset(c);
                    for (int j = 0; j < model.channelBins()[c]; j++) {
                        g.writeNumber(row.rates[o + j]);
                    }
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
        }
        g.writeEndObject();
        g.flush();
        w.write(System.lineSeparator());
    }

    private void text(Writer w, CompiledModel model, Path ws, Backend backend, Results r, long count)
            throws IOException {
        w.write(String.format(Locale.ROOT, "workspace   %s%nmeasurement %s (%d channels, %d bins, %d parameters,"
                + " POI %s)%ninterp      %s%nbackend     %s (%s)%n%n", ws, model.measurement(),
                model.channels().size(), model.layout().nBins(), model.parameters().size(),
                model.parameters().hasPoi() ? model.parameters().poiName() : "(none)", model.settings(), backend.name(),
                backend.device()));
        w.write(String.format(Locale.ROOT, "%5s  %22s  %22s  %22s  %22s%n", "point", "logpdf", "main",
                "constraint", "twice_nll"));
        List<String> names = model.parameters().names();
        Row row = rows(r, model);
        for (long p = 0; p < count; p++) {
            row.next();
            double t = row.total();
            w.write(String.format(Locale.ROOT, "%5d  %22.15g  %22.15g  %22.15g  %22.15g", p, t, row.main, row.cons,
                    -2 * t));
            if (row.outside.length > 0) {
                w.write("  outside bounds: ");
                for (int i = 0; i < Math.min(3, row.outside.length); i++) {
                    w.write((i > 0 ? ", " : "") + names.get(row.outside[i]));
                }
                if (row.outside.length > 3) {
                    w.write(" (+" + (row.outside.length - 3) + " more)");
                }
            }
            w.write(System.lineSeparator());
        }
        if (r.outside > 0) {
            w.write(String.format(Locale.ROOT, "%n%d point%s outside the parameter bounds (marked): evaluated as pyhf"
                    + " does; fits stay inside the bounds%n", r.outside, r.outside == 1 ? " lies" : "s lie"));
        }
        if (expected) {
            Row rr = rows(r, model);
            for (long p = 0; p < count; p++) {
                rr.next();
                w.write(String.format(Locale.ROOT, "%nexpected rates, point %d%n", p));
                for (int c = 0; c < model.channels().size(); c++) {
                    int o = model.channelOffset(c);
                    StringBuilder sb = new StringBuilder("  ").append(model.channels().get(c))
                            .append(System.lineSeparator()).append("   ");
                    for (int j = 0; j < model.channelBins()[c]; j++) {
                        sb.append(String.format(Locale.ROOT, " %11.4f", rr.rates[o + j]));
                    }
                    sb.append(System.lineSeparator()).append("   ");
                    for (int j = 0; j < model.channelBins()[c]; j++) {
                        sb.append(String.format(Locale.ROOT, " %11.0f", model.layout().observed()[o + j]));
                    }
                    sb.append("   (observed)").append(System.lineSeparator());
                    w.write(sb.toString());
                }
            }
        }
    }
}
