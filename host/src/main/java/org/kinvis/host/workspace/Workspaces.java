package org.kinvis.host.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.kinvis.host.input.DidYouMean;
import org.kinvis.host.input.InputException;

/**
 * pyhf's workspace operations on the JSON document ({@code pyhf.workspace.Workspace.prune}, {@code rename},
 * {@code combine}), so that what they write is what pyhf writes: numbers keep their JSON form, modifiers,
 * parameter configurations and observations keep every key, channels, samples and measurements are rebuilt from
 * the keys pyhf copies. Every result is validated as a workspace ({@link WorkspaceReader}), as pyhf validates
 * the new {@code Workspace}. Also {@link #replicate}: a workspace enlarged k-fold for scaling studies.
 */
public final class Workspaces {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Workspaces() {
    }

    /** How {@link #combine} joins the channels, observations and measurements of two workspaces. */
    public enum Join {
        /** No item may appear in both (by name). */
        NONE("none"),
        /** Items in both must be identical; measurements with the same name and POI are merged. */
        OUTER("outer"),
        /** On a name in both, the left item wins (no checks). */
        LEFT_OUTER("left outer"),
        /** On a name in both, the right item wins (no checks). */
        RIGHT_OUTER("right outer");

        private final String pyhfName;

        Join(String pyhfName) {
            this.pyhfName = pyhfName;
        }

        public String pyhfName() {
            return pyhfName;
        }

        /** Parses pyhf's spelling ("left outer"; "left-outer" and "left_outer" too). */
        public static Join parse(String s) {
            String n = s.trim().replace('-', ' ').replace('_', ' ').toLowerCase(java.util.Locale.ROOT);
            for (Join j : values()) {
                if (j.pyhfName.equals(n)) {
                    return j;
                }
            }
            throw InputException.at("--join", s, "expected one of none, outer, 'left outer', 'right outer'");
        }
    }

    // ------------------------------------------------------------------ prune and rename

    /**
     * pyhf's {@code Workspace.prune}: removes the named modifiers (and their measurement parameter configurations),
     * every modifier of the given types, the named samples, channels (with their observations) and measurements.
     * Each name must exist in the workspace. A channel left without samples makes the result invalid.
     */
    public static JsonNode prune(JsonNode spec, String source, Collection<String> modifiers,
            Collection<String> modifierTypes, Collection<String> samples, Collection<String> channels,
            Collection<String> measurements) {
        return pruneAndRename(spec, source, Set.copyOf(modifiers), Set.copyOf(modifierTypes), Set.copyOf(samples),
                Set.copyOf(channels), Set.copyOf(measurements), Map.of(), Map.of(), Map.of(), Map.of());
    }

    /**
     * pyhf's {@code Workspace.rename}: renames modifiers (also their parameter configurations and a POI of that
     * name), samples, channels (also their observations) and measurements. Each old name must exist.
     */
    public static JsonNode rename(JsonNode spec, String source, Map<String, String> modifiers,
            Map<String, String> samples, Map<String, String> channels, Map<String, String> measurements) {
        return pruneAndRename(spec, source, Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), modifiers, samples,
                channels, measurements);
    }

    private static JsonNode pruneAndRename(JsonNode spec, String source, Set<String> pruneModifiers,
            Set<String> pruneTypes, Set<String> pruneSamples, Set<String> pruneChannels,
            Set<String> pruneMeasurements, Map<String, String> renameModifiers, Map<String, String> renameSamples,
            Map<String, String> renameChannels, Map<String, String> renameMeasurements) {
        Workspace ws = WorkspaceReader.fromJson(spec, source);
        Set<String> types = new TreeSet<>();
        Set<String> channelNames = new TreeSet<>();
        ws.channels().forEach(c -> {
            channelNames.add(c.name());
            c.samples().forEach(s -> s.modifiers().forEach(m -> types.add(m.type())));
        });
        checkKnown(source, "modifier type", pruneTypes, types);
        checkKnown(source, "modifier", union(pruneModifiers, renameModifiers.keySet()), ws.allModifierNames());
        checkKnown(source, "sample", union(pruneSamples, renameSamples.keySet()), ws.allSampleNames());
        checkKnown(source, "channel", union(pruneChannels, renameChannels.keySet()), channelNames);
        checkKnown(source, "measurement", union(pruneMeasurements, renameMeasurements.keySet()),
                new TreeSet<>(ws.measurementNames()));

        ObjectNode out = F.objectNode();
        ArrayNode chs = out.putArray("channels");
        for (JsonNode c : spec.get("channels")) {
            String cname = c.get("name").asText();
            if (pruneChannels.contains(cname)) {
                continue;
            }
            ObjectNode nc = chs.addObject();
            nc.put("name", renameChannels.getOrDefault(cname, cname));
            ArrayNode ss = nc.putArray("samples");
            for (JsonNode s : c.get("samples")) {
                String sname = s.get("name").asText();
                if (pruneSamples.contains(sname)) {
                    continue;
                }
                ObjectNode ns = ss.addObject();
                ns.put("name", renameSamples.getOrDefault(sname, sname));
                ns.set("data", s.get("data").deepCopy());
                ArrayNode ms = ns.putArray("modifiers");
                for (JsonNode m : s.get("modifiers")) {
                    String mname = m.get("name").asText();
                    if (pruneModifiers.contains(mname) || pruneTypes.contains(m.get("type").asText())) {
                        continue;
                    }
                    ObjectNode nm = m.deepCopy();
                    nm.put("name", renameModifiers.getOrDefault(mname, mname));
                    ms.add(nm);
                }
            }
            if (ss.isEmpty()) {
                throw new InputException(source + ": pruning leaves channel '" + cname + "' without samples;"
                        + " prune the channel as well");
            }
        }
        ArrayNode meas = out.putArray("measurements");
        for (JsonNode m : spec.get("measurements")) {
            String mname = m.get("name").asText();
            if (pruneMeasurements.contains(mname)) {
                continue;
            }
            ObjectNode nm = meas.addObject();
            nm.put("name", renameMeasurements.getOrDefault(mname, mname));
            ObjectNode cfg = nm.putObject("config");
            ArrayNode ps = cfg.putArray("parameters");
            JsonNode params = m.get("config").get("parameters");
            if (params != null) {
                for (JsonNode p : params) {
                    String pname = p.get("name").asText();
                    if (pruneModifiers.contains(pname)) {
                        continue;
                    }
                    ObjectNode np = p.deepCopy();
                    np.put("name", renameModifiers.getOrDefault(pname, pname));
                    ps.add(np);
                }
            }
            String poi = m.get("config").get("poi").asText();
            cfg.put("poi", renameModifiers.getOrDefault(poi, poi));
        }
        ArrayNode obs = out.putArray("observations");
        for (JsonNode o : spec.get("observations")) {
            String oname = o.get("name").asText();
            if (pruneChannels.contains(oname)) {
                continue;
            }
            ObjectNode no = o.deepCopy();
            no.put("name", renameChannels.getOrDefault(oname, oname));
            obs.add(no);
        }
        out.set("version", spec.get("version").deepCopy());
        return validated(out, source);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new LinkedHashSet<>(a);
        u.addAll(b);
        return u;
    }

    private static void checkKnown(String source, String what, Collection<String> asked, Set<String> known) {
        for (String a : asked) {
            if (!known.contains(a)) {
                throw new InputException(source + ": no " + what + " named '" + a + "' in this workspace"
                        + DidYouMean.hint(a, known));
            }
        }
    }

    /** Checks {@code spec} as a workspace (pyhf validates every new Workspace); the result must read back. */
    private static JsonNode validated(ObjectNode spec, String source) {
        if (spec.get("channels").isEmpty()) {
            throw new InputException(source + ": the result would have no channels (a workspace needs one)");
        }
        if (spec.get("measurements").isEmpty()) {
            throw new InputException(source + ": the result would have no measurements (a workspace needs one)");
        }
        WorkspaceReader.fromJson(spec, source + " (result)");
        return spec;
    }

    // ------------------------------------------------------------------ combine

    /**
     * pyhf's {@code Workspace.combine}: the channels, observations and measurements of both workspaces, joined
     * as {@code join} says. Versions must agree. {@code none}: no channel, observation or measurement name may be
     * in both. {@code outer}: an item in both must be identical, except measurements of the same name, which are
     * merged when their POIs agree (their parameter configurations joined, a name configured differently on the
     * two sides being an error). {@code left outer} / {@code right outer}: on a shared name the left / right item
     * wins, unchecked. {@code mergeChannels} (outer joins only) merges same-named channels sample by sample,
     * the primary side winning on a shared sample name.
     */
    public static JsonNode combine(JsonNode left, String leftSource, JsonNode right, String rightSource, Join join,
            boolean mergeChannels) {
        WorkspaceReader.fromJson(left, leftSource);
        WorkspaceReader.fromJson(right, rightSource);
        String what = leftSource + " + " + rightSource;
        if (mergeChannels && join == Join.NONE) {
            throw InputException.at("--merge-channels", "--join none",
                    "channels can only be merged with the outer, left outer or right outer joins");
        }
        String lv = left.get("version").asText();
        String rv = right.get("version").asText();
        if (!lv.equals(rv)) {
            throw new InputException(what + ": workspaces of different versions cannot be combined: " + lv + " != "
                    + rv);
        }
        List<JsonNode> channels = joinItems(join, items(left, "channels"), items(right, "channels"),
                mergeChannels ? "samples" : null);
        checkJoined(what, join, "channels", items(left, "channels"), items(right, "channels"), channels);
        List<JsonNode> observations = joinItems(join, items(left, "observations"), items(right, "observations"),
                null);
        checkJoined(what, join, "observations", items(left, "observations"), items(right, "observations"),
                observations);
        List<JsonNode> measurements = joinMeasurements(what, join, items(left, "measurements"),
                items(right, "measurements"));
        ObjectNode out = F.objectNode();
        out.putArray("channels").addAll(channels);
        out.putArray("measurements").addAll(measurements);
        out.putArray("observations").addAll(observations);
        out.put("version", lv);
        return validated(out, what);
    }

    private static List<JsonNode> items(JsonNode spec, String key) {
        List<JsonNode> out = new ArrayList<>();
        spec.get(key).forEach(out::add);
        return out;
    }

    private static String name(JsonNode item) {
        return item.get("name").asText();
    }

    /** pyhf's {@code _join_items}: primary items first, then the secondary items the join admits. */
    private static List<JsonNode> joinItems(Join join, List<JsonNode> left, List<JsonNode> right,
            String deepMergeKey) {
        List<JsonNode> primary = join == Join.RIGHT_OUTER ? right : left;
        List<JsonNode> secondary = join == Join.RIGHT_OUTER ? left : right;
        List<JsonNode> joined = new ArrayList<>();
        primary.forEach(p -> joined.add(p.deepCopy()));
        Map<String, Integer> keys = new LinkedHashMap<>();
        for (int i = 0; i < joined.size(); i++) {
            keys.putIfAbsent(name(joined.get(i)), i);
        }
        Map<String, List<JsonNode>> primaryByName = new LinkedHashMap<>();
        primary.forEach(p -> primaryByName.computeIfAbsent(name(p), k -> new ArrayList<>()).add(p));
        for (JsonNode s : secondary) {
            int at = keys.getOrDefault(name(s), -1);
            if (at >= 0 && deepMergeKey != null) {
                ObjectNode target = (ObjectNode) joined.get(at);
                List<JsonNode> merged = joinItems(Join.LEFT_OUTER, items(target, deepMergeKey), items(s, deepMergeKey),
                        null);
                target.putArray(deepMergeKey).addAll(merged);
            } else if (join == Join.NONE
                    || (join == Join.OUTER && primaryByName.getOrDefault(name(s), List.of()).stream()
                            .noneMatch(p -> JsonPatch.jsonEquals(p, s)))
                    || ((join == Join.LEFT_OUTER || join == Join.RIGHT_OUTER) && at < 0)) {
                joined.add(s.deepCopy());
            }
        }
        return joined;
    }

    private static void checkJoined(String what, Join join, String kind, List<JsonNode> left, List<JsonNode> right,
            List<JsonNode> joined) {
        if (join == Join.NONE) {
            Set<String> common = new TreeSet<>(left.stream().map(Workspaces::name).toList());
            common.retainAll(right.stream().map(Workspaces::name).toList());
            if (!common.isEmpty()) {
                throw new InputException(what + ": workspaces cannot have any " + kind + " in common with the same"
                        + " name: " + common + "; try another --join (outer, 'left outer', 'right outer')");
            }
        } else if (join == Join.OUTER) {
            Set<String> dup = duplicates(joined);
            if (!dup.isEmpty()) {
                throw new InputException(what + ": workspaces cannot have " + kind + " in common with incompatible"
                        + " structure: " + dup + "; try another --join ('left outer', 'right outer')");
            }
        }
    }

    private static Set<String> duplicates(List<JsonNode> items) {
        Set<String> seen = new LinkedHashSet<>();
        Set<String> dup = new LinkedHashSet<>();
        for (JsonNode i : items) {
            if (!seen.add(name(i))) {
                dup.add(name(i));
            }
        }
        return dup;
    }

    /** pyhf's {@code _join_measurements}. */
    private static List<JsonNode> joinMeasurements(String what, Join join, List<JsonNode> left,
            List<JsonNode> right) {
        List<JsonNode> joined = joinItems(join, left, right, null);
        if (join == Join.NONE) {
            checkJoined(what, join, "measurements", left, right, joined);
            return joined;
        }
        if (join != Join.OUTER) {
            return joined;
        }
        Map<String, List<JsonNode>> byName = new LinkedHashMap<>();
        joined.forEach(m -> byName.computeIfAbsent(name(m), k -> new ArrayList<>()).add(m));
        List<String> incompatiblePoi = new ArrayList<>();
        for (var e : byName.entrySet()) {
            if (e.getValue().stream().map(m -> m.get("config").get("poi").asText()).distinct().count() > 1) {
                incompatiblePoi.add(e.getKey());
            }
        }
        if (!incompatiblePoi.isEmpty()) {
            throw new InputException(what + ": workspaces cannot have the same measurements with incompatible POI: "
                    + incompatiblePoi);
        }
        List<JsonNode> out = new ArrayList<>();
        for (var e : byName.entrySet()) {
            List<JsonNode> ms = e.getValue();
            if (ms.size() == 1) {
                out.add(ms.get(0));
                continue;
            }
            List<JsonNode> params = joinItems(Join.OUTER, parameters(ms.get(0)), parameters(ms.get(1)), null);
            Set<String> dup = duplicates(params);
            if (!dup.isEmpty()) {
                throw new InputException(what + ": workspaces cannot have a measurement (" + e.getKey() + ") with"
                        + " incompatible parameter configs: " + dup + "; try another --join ('left outer',"
                        + " 'right outer')");
            }
            ObjectNode m = F.objectNode();
            m.put("name", e.getKey());
            ObjectNode cfg = m.putObject("config");
            cfg.put("poi", ms.get(0).get("config").get("poi").asText());
            cfg.putArray("parameters").addAll(params);
            out.add(m);
        }
        return out;
    }

    private static List<JsonNode> parameters(JsonNode measurement) {
        JsonNode ps = measurement.get("config").get("parameters");
        List<JsonNode> out = new ArrayList<>();
        if (ps != null) {
            ps.forEach(out::add);
        }
        return out;
    }

    // ------------------------------------------------------------------ replicate

    /**
     * The workspace enlarged {@code k}-fold: copy 0 as it is, copies 1..k−1 with every channel and every
     * modifier renamed {@code NAME_repI}, except the measurements' POIs and lumi modifiers (shared, as one
     * signal strength and one luminosity would be), combined with the outer join. Its parameter count is
     * k·(N − shared) + shared. Built to study how fit cost scales with the number of parameters.
     */
    public static JsonNode replicate(JsonNode spec, String source, int k) {
        if (k < 1) {
            throw new IllegalArgumentException("k must be ≥ 1, got " + k);
        }
        Workspace ws = WorkspaceReader.fromJson(spec, source);
        Set<String> shared = new TreeSet<>();
        ws.measurements().forEach(m -> shared.add(m.poi()));
        ws.channels().forEach(c -> c.samples().forEach(s -> s.modifiers().stream()
                .filter(m -> m instanceof Modifier.Lumi).forEach(m -> shared.add(m.name()))));
        JsonNode out = spec;
        for (int i = 1; i < k; i++) {
            String suffix = "_rep" + i;
            Map<String, String> mods = new LinkedHashMap<>();
            for (String m : ws.allModifierNames()) {
                if (!shared.contains(m)) {
                    mods.put(m, m + suffix);
                }
            }
            Map<String, String> chs = new LinkedHashMap<>();
            ws.channels().forEach(c -> chs.put(c.name(), c.name() + suffix));
            JsonNode copy = rename(spec, source, mods, Map.of(), chs, Map.of());
            out = combine(out, source, copy, source + suffix, Join.OUTER, false);
        }
        return out;
    }

    /** {@link #replicate(JsonNode, String, int)} for a workspace already read. */
    public static Workspace replicate(Workspace ws, int k) {
        return WorkspaceReader.fromJson(replicate(ws.toJson(), ws.source(), k), ws.source() + " ×" + k);
    }
}
