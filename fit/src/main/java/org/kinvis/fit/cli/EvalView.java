package org.kinvis.fit.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.Writer;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.kinvis.host.input.JsonInput;
import org.kinvis.host.model.CompiledModel;

/**
 * {@code kinvis eval}'s result, streamed (millions of points never held as one string): JSON {@code workspace,
 * measurement, interpolation, backend, logpdf[], main[], constraint[], twice_nll[], parameters[],
 * [outside_bounds[[names]],] [expected[{channel: rates}]]} or text (the model, a table of the points, the points
 * outside the bounds, the expected rates with the observed counts).
 *
 * @param r     the evaluated points
 * @param count how many
 */
record EvalView(Path ws, CompiledModel model, String backend, String device, EvalPoints r, long count) {
    /** The JSON object of the result, written as it is read back (same layout as before streaming). */
    void json(Writer w)
            throws IOException {
        JsonGenerator g = JsonInput.mapper().getFactory().createGenerator(w);
        g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
        g.useDefaultPrettyPrinter();
        g.writeStartObject();
        g.writeStringField("workspace", ws.toString());
        g.writeStringField("measurement", model.measurement());
        g.writeStringField("interpolation", model.settings().toString());
        g.writeStringField("backend", backend);
        String[] columns = {"logpdf", "main", "constraint", "twice_nll"};
        for (int c = 0; c < columns.length; c++) {
            g.writeArrayFieldStart(columns[c]);
            EvalPoints.Row row = r.rows();
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
            EvalPoints.Row row = r.rows();
            for (long p = 0; p < count; p++) {
                g.writeStartArray();
                for (int i : row.next().outside) {
                    g.writeString(names.get(i));
                }
                g.writeEndArray();
            }
            g.writeEndArray();
        }
        if (r.expected()) {
            g.writeArrayFieldStart("expected");
            EvalPoints.Row row = r.rows();
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

    void text(Writer w)
            throws IOException {
        w.write(String.format(Locale.ROOT, "workspace   %s%nmeasurement %s (%d channels, %d bins, %d parameters,"
                + " POI %s)%ninterp      %s%nbackend     %s (%s)%n%n", ws, model.measurement(),
                model.channels().size(), model.layout().nBins(), model.parameters().size(),
                model.parameters().hasPoi() ? model.parameters().poiName() : "(none)", model.settings(), backend,
                device));
        w.write(String.format(Locale.ROOT, "%5s  %22s  %22s  %22s  %22s%n", "point", "logpdf", "main",
                "constraint", "twice_nll"));
        List<String> names = model.parameters().names();
        EvalPoints.Row row = r.rows();
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
        if (r.expected()) {
            EvalPoints.Row rr = r.rows();
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
