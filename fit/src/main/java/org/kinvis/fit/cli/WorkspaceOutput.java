package org.kinvis.fit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.kinvis.host.workspace.PythonJson;

/**
 * Writes a workspace document as {@code pyhf prune/rename/combine} do ({@code json.dumps(ws, indent=4,
 * sort_keys=True)}): to stdout, or to {@code --output-file} (written whole or not at all).
 */
final class WorkspaceOutput {
    private WorkspaceOutput() {
    }

    static void write(JsonNode spec, Path outputFile, PrintWriter out) {
        String body = PythonJson.dumps(spec, 4) + System.lineSeparator();
        if (outputFile != null) {
            Output.writeAtomically(outputFile, body);
        } else {
            out.print(body);
            out.flush();
        }
    }
}
