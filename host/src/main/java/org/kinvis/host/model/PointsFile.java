package org.kinvis.host.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import org.kinvis.host.input.InputException;
import org.kinvis.host.input.JsonInput;

/**
 * Reads parameter points by name ({@code kinvis eval --pars}): a JSON object {@code {"name": value | [values]}}
 * for one point, or {@code {"points": [{...}, ...]}} for many. Names are pyhf's: a parameter set's name with a
 * number (scalar) or an array of all its components, or a flat component name such as {@code gamma[2]}.
 * Parameters not named take their init. Unknown names, wrong lengths and non-finite values are errors.
 *
 * <p>{@link #stream} reads the file with Jackson's streaming parser and hands the points over in chunks of
 * bounded size, so that the memory needed does not grow with the number of points (one point's JSON tree and
 * one chunk of values at a time).
 */
public final class PointsFile {
    private PointsFile() {
    }

    /** The points as a row-major {@code double[count * npars]} plus the count. */
    public record Points(double[] values, int count) {
    }

    /** Receives the points of a file in order, a chunk at a time. */
    @FunctionalInterface
    public interface ChunkSink {
        /**
         * Points {@code first .. first + count − 1} of the file: row-major in {@code values} (the array is reused
         * for the next chunk). {@code labels} name them in error messages, e.g. {@code points[12]}; the one
         * point of a file without {@code "points"} is labelled "".
         */
        void accept(double[] values, int count, long first, String[] labels);
    }

    /** All points of the file in memory (small files; {@link #stream} for large ones). */
    public static Points read(Path path, ParameterTable table) {
        double[][] all = {new double[0]};
        long n = stream(path, table, 1024, (values, count, first, labels) -> {
            int np = table.size();
            long need = (first + count) * np;
            if (need > Integer.MAX_VALUE - 8) {
                throw new InputException(path + ": more points than fit in one array; use kinvis eval, which streams");
            }
            if (need > all[0].length) {
                all[0] = Arrays.copyOf(all[0], (int) Math.min(Integer.MAX_VALUE - 8, Math.max(need, 2L * all[0].length)));
            }
            System.arraycopy(values, 0, all[0], (int) (first * np), count * np);
        });
        return new Points(Arrays.copyOf(all[0], (int) (n * table.size())), (int) n);
    }

    /**
     * Streams the points of {@code path} to {@code sink} in chunks of at most {@code chunk} points; returns how
     * many there were. Errors (syntax, unknown names, wrong lengths, non-finite values, both forms mixed) are
     * {@link InputException}s naming the file and the JSON path.
     */
    public static long stream(Path path, ParameterTable table, int chunk, ChunkSink sink) {
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk must be ≥ 1, got " + chunk);
        }
        JsonInput in = new JsonInput(path.toString());
        try (JsonParser p = JsonInput.parser(path)) {
            return new Streamer(in, table, chunk, sink).document(p);
        } catch (IOException e) {
            throw JsonInput.syntaxError(path.toString(), e);
        }
    }

    /** The points of an already parsed document (one point, or {@code {"points": [...]}}). */
    public static Points parse(JsonNode root, JsonInput in, ParameterTable table) {
        in.object(root, "(top level)");
        int n = table.size();
        if (!root.has("points")) {
            double[] x = table.inits();
            point(root, "", in, table, x, 0);
            return new Points(x, 1);
        }
        if (root.size() != 1) {
            throw bothForms(in);
        }
        JsonNode arr = in.array(root.get("points"), "points");
        if (arr.isEmpty()) {
            throw in.error("points", "expected at least one point");
        }
        double[] inits = table.inits();
        double[] flat = new double[arr.size() * n];
        for (int i = 0; i < arr.size(); i++) {
            System.arraycopy(inits, 0, flat, i * n, n);
            point(arr.get(i), "points[" + i + "]", in, table, flat, i * n);
        }
        return new Points(flat, arr.size());
    }

    private static InputException bothForms(JsonInput in) {
        return in.error("(top level)", "expected either {\"points\": [...]} or one point's parameters, not both");
    }

    /** Walks the document token by token; one point's tree at a time. */
    private static final class Streamer {
        private final JsonInput in;
        private final ParameterTable table;
        private final ChunkSink sink;
        private final int n;
        private final double[] inits;
        private final double[] values;
        private final String[] labels;
        private int filled;
        private long delivered;

        Streamer(JsonInput in, ParameterTable table, int chunk, ChunkSink sink) {
            this.in = in;
            this.table = table;
            this.sink = sink;
            this.n = table.size();
            this.inits = table.inits();
            long size = (long) chunk * n;
            if (size > Integer.MAX_VALUE - 8) {
                throw new IllegalArgumentException("chunk of " + chunk + " points of " + n + " parameters too large");
            }
            this.values = new double[(int) size];
            this.labels = new String[chunk];
        }

        long document(JsonParser p) throws IOException {
            JsonToken t = p.nextToken();
            if (t == null) {
                throw new InputException(in.file() + ": empty file, expected a JSON document");
            }
            if (t != JsonToken.START_OBJECT) {
                throw in.error("(top level)", "expected an object, got " + describe(p));
            }
            boolean points = false;
            boolean single = false;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals("points")) {
                    if (single) {
                        throw bothForms(in);
                    }
                    points = true;
                    pointsArray(p);
                } else {
                    if (points) {
                        throw bothForms(in);
                    }
                    if (!single) {
                        single = true;
                        System.arraycopy(inits, 0, values, 0, n);
                    }
                    JsonNode v = JsonInput.tree(p);
                    assign(name, v, name, in, table, values, 0);
                }
            }
            if (p.nextToken() != null) {
                throw new InputException(in.file() + ": not valid JSON at line " + p.currentLocation().getLineNr()
                        + ": trailing content after the top-level object");
            }
            if (!points) {
                System.arraycopy(single ? values : inits, 0, values, 0, n);
                labels[0] = "";
                sink.accept(values, 1, 0, labels);
                return 1;
            }
            flush();
            return delivered;
        }

        private void pointsArray(JsonParser p) throws IOException {
            if (p.currentToken() != JsonToken.START_ARRAY) {
                throw in.error("points", "expected an array, got " + describe(p));
            }
            long i = 0;
            while (p.nextToken() != JsonToken.END_ARRAY) {
                String path = "points[" + i + "]";
                JsonNode node = JsonInput.tree(p);
                int off = filled * n;
                System.arraycopy(inits, 0, values, off, n);
                point(node, path, in, table, values, off);
                labels[filled++] = path;
                i++;
                if (filled == labels.length) {
                    flush();
                }
            }
            if (i == 0) {
                throw in.error("points", "expected at least one point");
            }
        }

        /** The current value described, without reading a large array or object into memory. */
        private static String describe(JsonParser p) throws IOException {
            return switch (p.currentToken()) {
                case START_ARRAY -> "an array";
                case START_OBJECT -> "an object";
                default -> JsonInput.describe(JsonInput.tree(p));
            };
        }

        private void flush() {
            if (filled > 0) {
                sink.accept(values, filled, delivered, labels);
                delivered += filled;
                filled = 0;
            }
        }
    }

    /** Sets the parameters named in {@code node} into {@code x[off ..]} (which holds the inits). */
    private static void point(JsonNode node, String path, JsonInput in, ParameterTable table, double[] x, int off) {
        in.object(node, path.isEmpty() ? "(top level)" : path);
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            assign(name, e.getValue(), path.isEmpty() ? name : path + "." + name, in, table, x, off);
        }
    }

    private static void assign(String name, JsonNode v, String fp, JsonInput in, ParameterTable table, double[] x,
            int off) {
        ParameterSet set = table.set(name);
        if (set != null) {
            if (v.isArray()) {
                double[] vals = in.finiteArray(v, fp);
                if (vals.length != set.n()) {
                    throw in.error(fp, "has " + vals.length + " values, expected " + set.n()
                            + " (the components of '" + name + "')");
                }
                System.arraycopy(vals, 0, x, off + set.offset(), set.n());
            } else if (set.n() == 1) {
                x[off + set.offset()] = in.finite(v, fp);
            } else {
                throw in.error(fp, "expected an array of " + set.n() + " values, got " + JsonInput.describe(v));
            }
            return;
        }
        int idx = table.indexOf(name);
        if (idx < 0) {
            throw in.error(fp, "unknown parameter '" + name + "', expected a name of the model such as '"
                    + table.names().get(0) + "' or '" + (table.poiName() == null ? table.names().get(0)
                            : table.poiName()) + "'");
        }
        x[off + idx] = in.finite(v, fp);
    }
}
