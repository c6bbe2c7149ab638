package org.kinvis.host.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kinvis.host.input.InputException;
import org.kinvis.host.input.JsonInput;

/**
 * A HEPData patchset, pyhf's {@code patchset.json} schema: signal hypotheses as JSON patches of one
 * background-only workspace. {@code metadata} carries a description, the digests of the workspace the patches
 * were made for and the labels of the phase-space dimensions; each patch has a name, one value per label and its
 * RFC 6902 operations. As pyhf's {@code PatchSet}: names and value tuples are unique, each patch has as many
 * values as there are labels, a patch is looked up by name or by values, and {@link #verify} refuses a workspace
 * whose digest differs.
 */
public record PatchSet(String source, String description, Map<String, String> digests, List<String> labels,
        List<Patch> patches) {

    /** One named patch: its values (numbers or strings, one per label) and operations. */
    public record Patch(String name, List<JsonNode> values, JsonPatch operations) {
        public String valuesText() {
            return values.stream().map(JsonNode::asText).reduce((a, b) -> a + "," + b).orElse("");
        }
    }

    public PatchSet {
        digests = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(digests));
        labels = List.copyOf(labels);
        patches = List.copyOf(patches);
    }

    /** True for a document shaped like a patchset (an object with "patches" and "metadata"). */
    public static boolean isPatchSet(JsonNode doc) {
        return doc.isObject() && doc.has("patches") && doc.has("metadata");
    }

    public static PatchSet read(JsonNode doc, String source) {
        JsonInput in = new JsonInput(source);
        in.object(doc, "(top level)");
        JsonNode meta = in.object(in.field(doc, "", "metadata"), "metadata");
        String description = meta.has("description") ? in.string(meta.get("description"), "metadata.description")
                : "";
        JsonNode dg = in.object(in.field(meta, "metadata", "digests"), "metadata.digests");
        Map<String, String> digests = new LinkedHashMap<>();
        for (var it = dg.fields(); it.hasNext();) {
            var e = it.next();
            if (!WorkspaceDigest.ALGORITHMS.contains(e.getKey())) {
                throw in.error("metadata.digests." + e.getKey(), "unsupported digest algorithm, expected one of "
                        + WorkspaceDigest.ALGORITHMS);
            }
            digests.put(e.getKey(), in.string(e.getValue(), "metadata.digests." + e.getKey()).toLowerCase(
                    java.util.Locale.ROOT));
        }
        if (digests.isEmpty()) {
            throw in.error("metadata.digests", "expected at least one digest (md5 or sha256)");
        }
        JsonNode lb = in.array(in.field(meta, "metadata", "labels"), "metadata.labels");
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < lb.size(); i++) {
            labels.add(in.string(lb.get(i), "metadata.labels[" + i + "]"));
        }
        JsonNode ps = in.array(in.field(doc, "", "patches"), "patches");
        if (ps.isEmpty()) {
            throw in.error("patches", "expected at least one patch");
        }
        List<Patch> patches = new ArrayList<>();
        Set<String> names = new HashSet<>();
        List<List<JsonNode>> seenValues = new ArrayList<>();
        for (int i = 0; i < ps.size(); i++) {
            String p = "patches[" + i + "]";
            JsonNode pn = in.object(ps.get(i), p);
            JsonNode pm = in.object(in.field(pn, p, "metadata"), p + ".metadata");
            String name = in.string(in.field(pm, p + ".metadata", "name"), p + ".metadata.name");
            JsonNode vs = in.array(in.field(pm, p + ".metadata", "values"), p + ".metadata.values");
            List<JsonNode> values = new ArrayList<>();
            for (int j = 0; j < vs.size(); j++) {
                JsonNode v = vs.get(j);
                if (!v.isNumber() && !v.isTextual()) {
                    throw in.error(p + ".metadata.values[" + j + "]", "expected a number or a string, got "
                            + JsonInput.describe(v));
                }
                values.add(v);
            }
            if (values.size() != labels.size()) {
                throw in.error(p + ".metadata.values", "has " + values.size() + " values, expected "
                        + labels.size() + " (one per label " + labels + ")");
            }
            if (!names.add(name)) {
                throw in.error(p + ".metadata.name", "a second patch named '" + name + "'");
            }
            for (List<JsonNode> other : seenValues) {
                if (sameValues(other, values)) {
                    throw in.error(p + ".metadata.values", "a second patch with values " + vs);
                }
            }
            seenValues.add(values);
            JsonPatch ops = JsonPatch.read(in.field(pn, p, "patch"), source + " (patch '" + name + "')",
                    p + ".patch");
            patches.add(new Patch(name, values, ops));
        }
        return new PatchSet(source, description, digests, labels, patches);
    }

    /**
     * The patch named {@code key}, else the one whose values equal {@code key} read as a comma-separated list
     * (brackets optional: {@code 2100,800} or {@code [2100, 800]}; numbers compare by value). A missing or unknown
     * key is an error that lists the names there are.
     */
    public Patch select(String key) {
        if (key == null || key.isBlank()) {
            throw new InputException(source + ": a patchset of " + patches.size() + " patches: name one as "
                    + "--patch " + source + ":NAME (or :V1,V2 by values of " + labels + "); patches: "
                    + listNames());
        }
        for (Patch p : patches) {
            if (p.name().equals(key)) {
                return p;
            }
        }
        List<String> wanted = splitValues(key);
        if (wanted.size() == labels.size()) {
            for (Patch p : patches) {
                if (matches(p.values(), wanted)) {
                    return p;
                }
            }
        }
        throw new InputException(source + ": no patch named '" + key + "' or with values (" + String.join(", ",
                wanted) + ") for labels " + labels + "; patches: " + listNames());
    }

    /**
     * Checks every digest of the patchset against the workspace document, as pyhf's {@code PatchSet.verify}
     * (called by {@code PatchSet.apply}) does.
     */
    public void verify(JsonNode workspaceSpec, String workspaceSource) {
        for (var e : digests.entrySet()) {
            String got = WorkspaceDigest.of(workspaceSpec, e.getKey());
            if (!got.equals(e.getValue())) {
                throw new InputException(source + ": metadata.digests." + e.getKey() + ": the patchset was made for"
                        + " a workspace with digest " + e.getValue() + ", but " + workspaceSource + " has " + got
                        + " (a different background-only workspace?)");
            }
        }
    }

    private String listNames() {
        int shown = Math.min(patches.size(), 12);
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < shown; i++) {
            Patch p = patches.get(i);
            sb.append(i > 0 ? ", " : "").append(p.name()).append(" (").append(p.valuesText()).append(')');
        }
        if (shown < patches.size()) {
            sb.append(", ... (").append(patches.size() - shown).append(" more; see kinvis inspect --patchset)");
        }
        return sb.toString();
    }

    private static List<String> splitValues(String key) {
        String k = key.trim();
        if (k.startsWith("[") && k.endsWith("]")) {
            k = k.substring(1, k.length() - 1);
        }
        List<String> out = new ArrayList<>();
        for (String s : k.split(",", -1)) {
            String t = s.trim();
            if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
                t = t.substring(1, t.length() - 1);
            }
            out.add(t);
        }
        return out;
    }

    private static boolean matches(List<JsonNode> values, List<String> wanted) {
        for (int i = 0; i < values.size(); i++) {
            JsonNode v = values.get(i);
            String w = wanted.get(i);
            if (v.isNumber()) {
                try {
                    if (Double.parseDouble(w) != v.doubleValue()) {
                        return false;
                    }
                } catch (NumberFormatException e) {
                    return false;
                }
            } else if (!v.asText().equals(w)) {
                return false;
            }
        }
        return true;
    }

    private static boolean sameValues(List<JsonNode> a, List<JsonNode> b) {
        for (int i = 0; i < a.size(); i++) {
            if (!JsonPatch.jsonEquals(a.get(i), b.get(i))) {
                return false;
            }
        }
        return true;
    }
}
