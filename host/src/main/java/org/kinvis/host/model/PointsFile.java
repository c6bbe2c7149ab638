package org.kinvis.host.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.kinvis.host.input.JsonInput;

/**
 * Reads parameter points by name ({@code kinvis eval --pars}): a JSON object {@code {"name": value | [values]}}
 * for one point, or {@code {"points": [{...}, ...]}} for many. Names are pyhf's: a parameter set's name with a
 * number (scalar) or an array of all its components, or a flat component name such as {@code gamma[2]}.
 * Parameters not named take their init. Unknown names, wrong lengths and non-finite values are errors.
 */
public final class PointsFile {
    private PointsFile() {
    }

    /** The points as a row-major {@code double[count * npars]} plus the count. */
    public record Points(double[] values, int count) {
    }

    public static Points read(Path path, ParameterTable table) {
        JsonNode root = JsonInput.read(path);
        return parse(root, new JsonInput(path.toString()), table);
    }

    public static Points parse(JsonNode root, JsonInput in, ParameterTable table) {
        in.object(root, "(top level)");
        List<double[]> points = new ArrayList<>();
        if (root.has("points")) {
            if (root.size() != 1) {
                throw in.error("(top level)", "expected either {\"points\": [...]} or one point's parameters, not both");
            }
            JsonNode arr = in.array(root.get("points"), "points");
            if (arr.isEmpty()) {
                throw in.error("points", "expected at least one point");
            }
            for (int i = 0; i < arr.size(); i++) {
                points.add(point(arr.get(i), "points[" + i + "]", in, table));
            }
        } else {
            points.add(point(root, "", in, table));
        }
        int n = table.size();
        double[] flat = new double[points.size() * n];
        for (int p = 0; p < points.size(); p++) {
            System.arraycopy(points.get(p), 0, flat, p * n, n);
        }
        return new Points(flat, points.size());
    }

    private static double[] point(JsonNode node, String path, JsonInput in, ParameterTable table) {
        in.object(node, path.isEmpty() ? "(top level)" : path);
        double[] x = table.inits();
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            String name = e.getKey();
            String fp = path.isEmpty() ? name : path + "." + name;
            ParameterSet set = table.set(name);
            if (set != null) {
                JsonNode v = e.getValue();
                if (v.isArray()) {
                    double[] vals = in.finiteArray(v, fp);
                    if (vals.length != set.n()) {
                        throw in.error(fp, "has " + vals.length + " values, expected " + set.n()
                                + " (the components of '" + name + "')");
                    }
                    System.arraycopy(vals, 0, x, set.offset(), set.n());
                } else if (set.n() == 1) {
                    x[set.offset()] = in.finite(v, fp);
                } else {
                    throw in.error(fp, "expected an array of " + set.n() + " values, got " + JsonInput.describe(v));
                }
                continue;
            }
            int idx = table.indexOf(name);
            if (idx < 0) {
                throw in.error(fp, "unknown parameter '" + name + "', expected a name of the model such as '"
                        + table.names().get(0) + "' or '" + (table.poiName() == null ? table.names().get(0)
                                : table.poiName()) + "'");
            }
            x[idx] = in.finite(e.getValue(), fp);
        }
        return x;
    }
}
