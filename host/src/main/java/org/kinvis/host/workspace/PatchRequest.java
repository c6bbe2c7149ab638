package org.kinvis.host.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.kinvis.host.input.InputException;
import org.kinvis.host.input.JsonInput;

/**
 * One {@code --patch FILE[:NAME]} request. FILE is either a HEPData patchset (NAME selects the patch by name or
 * values; the patchset's digests must match the workspace it is applied to, as {@code pyhf patchset apply}
 * requires), a single patch with metadata ({@code pyhf patchset extract --with-metadata}) or a plain JSON Patch
 * (an array of RFC 6902 operations, no NAME). Patches apply to the whole workspace document, in the order given.
 */
public record PatchRequest(Path file, String key) {

    /** Reads {@code FILE[:NAME]}: a whole argument that names an existing file is taken as FILE alone. */
    public static PatchRequest parse(String arg) {
        if (arg == null || arg.isBlank()) {
            throw InputException.at("--patch", "\"\"", "expected FILE or FILE:NAME");
        }
        Path whole = Path.of(arg);
        int colon = arg.lastIndexOf(':');
        if (colon <= 0 || Files.exists(whole)) {
            return new PatchRequest(whole, null);
        }
        String key = arg.substring(colon + 1);
        return new PatchRequest(Path.of(arg.substring(0, colon)), key.isEmpty() ? null : key);
    }

    /** The result of applying a patch: the new document and a label naming what was applied. */
    public record Patched(JsonNode spec, String source) {
    }

    /** Applies this patch to the workspace document {@code spec} (named {@code source} in messages). */
    public Patched apply(JsonNode spec, String source) {
        JsonNode doc = JsonInput.read(file);
        String f = file.toString();
        if (PatchSet.isPatchSet(doc)) {
            PatchSet set = PatchSet.read(doc, f);
            PatchSet.Patch p = set.select(key);
            set.verify(spec, source);
            return new Patched(p.operations().apply(spec), source + " + " + f + ":" + p.name());
        }
        if (key != null) {
            throw InputException.at("--patch", file + ":" + key, "a name selects a patch of a patchset, but " + f
                    + " is a single patch");
        }
        if (doc.isObject() && doc.has("patch") && doc.has("metadata")) {
            return new Patched(JsonPatch.read(doc.get("patch"), f, "patch").apply(spec), source + " + " + f);
        }
        if (!doc.isArray()) {
            throw new InputException(f + ": expected a patchset (an object with \"metadata\" and \"patches\") or a"
                    + " JSON Patch (an array of operations), got " + JsonInput.describe(doc));
        }
        return new Patched(JsonPatch.read(doc, f, "").apply(spec), source + " + " + f);
    }

    /** Applies {@code requests} in order. */
    public static Patched applyAll(List<PatchRequest> requests, JsonNode spec, String source) {
        Patched cur = new Patched(spec, source);
        for (PatchRequest r : requests) {
            cur = r.apply(cur.spec(), cur.source());
        }
        return cur;
    }
}
