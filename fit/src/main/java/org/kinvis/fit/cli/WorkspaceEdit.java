package org.kinvis.fit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.kinvis.host.workspace.PatchRequest;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A command that edits one workspace document as {@code pyhf prune} and {@code pyhf rename} do: reads it
 * ({@code --workspace}, {@code --patch}, the data folder's by default), applies {@link #edit}, writes the result
 * ({@code --output-file} or stdout).
 */
abstract class WorkspaceEdit implements Callable<Integer> {
    @Mixin
    WorkspaceSource source;

    @Option(names = "--data", paramLabel = "DIR", description = "Data folder for the default workspace.")
    Path data;

    @Mixin
    WorkspaceOutput output;

    @Spec
    CommandSpec spec;

    /** The edited document. */
    abstract JsonNode edit(PatchRequest.Patched doc);

    @Override
    public Integer call() {
        output.write(edit(source.document(DataFolder.resolve(data))), spec.commandLine().getOut());
        return 0;
    }
}
