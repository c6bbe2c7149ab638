package org.kinvis.fit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import org.kinvis.host.workspace.PythonJson;
import picocli.CommandLine.Option;

/**
 * {@code --output-file}: writes a workspace document as {@code pyhf prune/rename/combine} do
 * ({@code json.dumps(ws, indent=4, sort_keys=True)}): to stdout, or to the file (written whole or not at all).
 */
public final class WorkspaceOutput {
    @Option(names = "--output-file", paramLabel = "FILE", description = "Write here instead of stdout.")
    Path outputFile;

    void write(JsonNode spec, PrintWriter out) {
        String body = PythonJson.dumps(spec, 4) + System.lineSeparator();
        if (outputFile != null) {
            Output.writeAtomically("--output-file", outputFile, body);
        } else {
            out.print(body);
            out.flush();
        }
    }
}
