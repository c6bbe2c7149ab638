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

    /** The workspace path: --workspace, else combined_likelihood.json of the data folder (which must exist). */
    Path path(DataFolder data) {
        return workspace != null ? workspace : data.require("combined_likelihood.json", "the default workspace",
                "--workspace");
    }

    /** The workspace document with the patches applied, and the name to use for it in messages. */
    PatchRequest.Patched document(DataFolder data) {
        Path p = path(data);
        JsonNode spec = JsonInput.read(p);
        List<PatchRequest> rs = new ArrayList<>();
        for (String s : patches == null ? List.<String>of() : patches) {
            rs.add(PatchRequest.parse(s));
        }
        return PatchRequest.applyAll(rs, spec, p.toString());
    }
}
