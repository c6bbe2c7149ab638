package org.kinvis.fit.sweep;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.kinvis.host.input.InputException;
import org.kinvis.host.input.JsonInput;
import org.kinvis.host.physics.Scenario;
import org.kinvis.host.workspace.PatchSet;

/**
 * The common sweeps, expanded into tasks: every patch of a HEPData patchset ({@code --patchset}), a grid of a
 * scenario parameter ({@code --over P --values A:B:N} where P is a physics parameter other than the tested one:
 * one model per value), toy-based tests split into chunks ({@code --toys N --chunks K}), and points of the tested
 * parameter ({@code --mu} list, or {@code --over} the tested
 * parameter: hypothesis tests or scan points of one model). Models × points, each task named
 * {@code <model part>/<point part>} and seeded by {@link Seeds#forTask}. The tasks are written as JSON and read
 * back with {@link TaskReader}, so expanded and hand-written tasks are checked alike.
 *
 * @param workspace   workspace file (null: the data folder's)
 * @param patches     patches applied to every model before the patchset's
 * @param patchset    a patchset: one model per patch (null: none)
 * @param scenario    a physics scenario instead of a workspace model (null: none)
 * @param set         scenario parameter values
 * @param free        free physics parameters of the scenario (null: the tested parameter)
 * @param command     fit, hypotest, limit or scan
 * @param points      values of the tested parameter (hypotest, scan), or null
 * @param over        the {@code --over} parameter (null: none)
 * @param overValues  its values
 * @param cl          confidence level of limits (null: default)
 * @param fix         fixed parameters of fits
 * @param toys        toy-based hypothesis tests with this many toys per hypothesis (null: asymptotic)
 * @param chunks      each toy test split into this many tasks (null or 1: one task), chunk k with
 *                    {@code Seeds.forChunk(seed of the test, k)} and N/K toys (the first N mod K one more);
 *                    the engines add the merged record ({@link ToyMerge})
 */
public record SweepExpansion(String workspace, List<String> patches, String patchset, String measurement,
        String interp, String scenario, Map<String, Double> set, List<String> free, String command, double[] points,
        String over, double[] overValues, Double cl, Map<String, Double> fix, String poi, double[] poiBounds,
        int strategy, double tolerance, Integer toys, Integer chunks) {

    /** The tasks, seeded from {@code seed}. */
    public List<SweepTask> tasks(long seed) {
        List<String[]> models = new ArrayList<>();       // {id part, patch or null, over value or null}
        Scenario sc = scenario == null ? null : Scenario.byName(scenario);
        boolean modelAxis = over != null && sc != null && !over.equals(testedParameter(sc));
        if (over != null && points != null) {
            throw InputException.at("--over", over, "not with --mu (both give the tested parameter's points)");
        }
        if (over != null && sc == null && patchset == null && command.equals("limit")) {
            throw InputException.at("--over", over, "a limit has no points; --over a scenario parameter needs"
                    + " --scenario");
        }
        if (modelAxis) {
            int k = sc.indexOf(over);
            if (k < 0 || k >= sc.parameters().size() - 8) {
                throw InputException.at("--over", over, "not a physics parameter of scenario " + scenario);
            }
            for (double v : overValues) {
                models.add(new String[] {over + "=" + number(v), null, Double.toString(v)});
            }
        } else if (patchset != null) {
            PatchSet ps = PatchSet.read(JsonInput.read(Path.of(patchset)), patchset);
            for (PatchSet.Patch p : ps.patches()) {
                models.add(new String[] {p.name(), patchset + ":" + p.name(), null});
            }
        } else {
            models.add(new String[] {"", null, null});
        }
        if (modelAxis && patchset != null) {
            throw InputException.at("--patchset", patchset, "not with --scenario (a scenario reweights the workspace)");
        }
        double[] pts = points != null ? points : over != null && !modelAxis ? overValues : null;
        if (pts != null && !(command.equals("hypotest") || command.equals("scan"))) {
            throw InputException.at(points != null ? "--mu" : "--over", points != null ? "" : over,
                    "points of the tested parameter are for hypotest and scan, not " + command);
        }
        if (pts == null && (command.equals("hypotest") || command.equals("scan"))) {
            throw InputException.at("--command", command, "needs points: --mu V[,V...] or --over "
                    + (sc != null ? testedParameter(sc) : "POI") + " --values A:B:N");
        }
        String tested = over != null && !modelAxis ? over : poi;
        int k = chunks == null ? 1 : chunks;
        if (toys != null && (!command.equals("hypotest") || toys < 1 || k < 1 || k > toys)) {
            throw InputException.at("--toys", toys + (chunks == null ? "" : " --chunks " + chunks), "toy-based"
                    + " tests are hypotests (--command hypotest) with at least one toy per chunk (1 ≤ K ≤ N)");
        }
        if (toys == null && chunks != null) {
            throw InputException.at("--chunks", String.valueOf(chunks), "only with --toys");
        }
        List<SweepTask> out = new ArrayList<>();
        TaskReader reader = new TaskReader(seed);
        Set<String> ids = new HashSet<>();
        for (String[] m : models) {
            for (int i = 0; i < (pts == null ? 1 : pts.length); i++) {
                String pointPart = pts == null ? "" : (command.equals("hypotest") ? "mu" : "value") + "="
                        + number(pts[i]);
                String base = join(m[0], pointPart);
                if (base.isEmpty()) {
                    base = command;
                }
                if (!ids.add(base)) {
                    base = base + "#" + out.size();
                    ids.add(base);
                }
                for (int c = 0; c < (toys != null && k > 1 ? k : 1); c++) {
                    String id = toys != null && k > 1 ? base + "/chunk=" + c : base;
                    ObjectNode o = JsonInput.mapper().createObjectNode();
                    o.put("id", id);
                    if (workspace != null) {
                        o.put("workspace", workspace);
                    }
                    if (sc != null) {
                        o.put("scenario", scenario);
                        ObjectNode s = o.putObject("set");
                        set.forEach(s::put);
                        if (m[2] != null) {
                            s.put(over, Double.parseDouble(m[2]));
                        }
                        if (free != null) {
                            free.forEach(o.withArray("free")::add);
                        }
                    } else {
                        List<String> ps = new ArrayList<>(patches);
                        if (m[1] != null) {
                            ps.add(m[1]);
                        }
                        if (!ps.isEmpty()) {
                            ps.forEach(o.withArray("patches")::add);
                        }
                        if (measurement != null) {
                            o.put("measurement", measurement);
                        }
                    }
                    if (interp != null) {
                        o.put("interp", interp);
                    }
                    o.put("command", command);
                    switch (command) {
                        case "hypotest" -> o.put("mu", pts[i]);
                        case "scan" -> o.put("value", pts[i]);
                        case "limit" -> {
                            if (cl != null) {
                                o.put("cl", cl);
                            }
                        }
                        default -> {
                            if (!fix.isEmpty()) {
                                ObjectNode f = o.putObject("fix");
                                fix.forEach(f::put);
                            }
                        }
                    }
                    if (tested != null) {
                        o.put("poi", tested);
                    }
                    if (poiBounds != null) {
                        o.putArray("poi_bounds").add(poiBounds[0]).add(poiBounds[1]);
                    }
                    o.put("strategy", strategy);
                    o.put("tolerance", tolerance);
                    if (toys != null) {
                        o.put("calctype", "toybased");
                        o.put("toys", toys / k + (c < toys % k ? 1 : 0));
                        if (k > 1) {
                            o.put("chunk", c);
                            o.put("chunks", k);
                            o.put("seed", Seeds.forChunk(Seeds.forTask(seed, base), c));
                        }
                    }
                    out.add(reader.parse(o.toString(), "expanded task '" + id + "'"));
                }
            }
        }
        return out;
    }

    /** The parameter a scenario's tasks test: --poi, else the only --free one, else null. */
    private String testedParameter(Scenario sc) {
        if (poi != null) {
            return poi;
        }
        return free != null && free.size() == 1 ? free.get(0) : null;
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + "/" + b;
    }

    /** A number as short as it reads: 6 significant digits, no trailing zeros. */
    static String number(double v) {
        String s = String.format(Locale.ROOT, "%.6g", v);
        if (s.contains("e")) {
            return s.replaceAll("\\.?0+e", "e");
        }
        return s.contains(".") ? s.replaceAll("\\.?0+$", "") : s;
    }
}
