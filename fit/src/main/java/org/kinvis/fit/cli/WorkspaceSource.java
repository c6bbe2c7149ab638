package org.kinvis.fit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.kinvis.host.input.JsonInput;
import org.kinvis.host.workspace.PatchRequest;
import picocli.CommandLine.Option;

/** {@code --workspace W} and {@code --patch FILE[:NAME]}: the workspace document a command reads, patched. */
public final class WorkspaceSource {
    @Option(names = "--workspace", paramLabel = "W",
            description = "pyhf JSON workspace (default: combined_likelihood.json in the data folder).")
    Path workspace;

    @Option(names = "--patch", paramLabel = "FILE[:NAME]",
            description = "Apply a patch to the workspace (repeatable, in order): a HEPData patchset with the name"
                    + " (or comma-separated values) of one of its patches, checked against the patchset's digest"
                    + " as pyhf does; or a JSON Patch file (RFC 6902 operations).")
    List<String> patches;

    /** The workspace path: --workspace, else combined_likelihood.json in {@code dataDir}. */
    public Path path(Path dataDir) {
        return workspace != null ? workspace : dataDir.resolve("combined_likelihood.json");
    }

    /** The workspace document with the patches applied, and the name to use for it in messages. */
    public PatchRequest.Patched document(Path dataDir) {
        Path p = path(dataDir);
        JsonNode spec = JsonInput.read(p);
        List<PatchRequest> rs = new ArrayList<>();
        for (String s : patches == null ? List.<String>of() : patches) {
            rs.add(PatchRequest.parse(s));
        }
        return PatchRequest.applyAll(rs, spec, p.toString());
    }
}
