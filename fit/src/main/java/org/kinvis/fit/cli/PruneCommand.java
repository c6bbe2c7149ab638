package org.kinvis.fit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.kinvis.host.workspace.PatchRequest;
import org.kinvis.host.workspace.Workspaces;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kinvis prune}: {@code pyhf prune}, removing channels, samples, modifiers, modifier types, measurements. */
@Command(name = "prune", mixinStandardHelpOptions = true,
        description = "Remove components from a workspace and write the result (as pyhf prune).")
final class PruneCommand extends WorkspaceEdit {
    @Option(names = {"-c", "--channel"}, paramLabel = "CHANNEL", description = "Channel to remove (repeatable).")
    List<String> channels = List.of();

    @Option(names = {"-s", "--sample"}, paramLabel = "SAMPLE", description = "Sample to remove (repeatable).")
    List<String> samples = List.of();

    @Option(names = {"-m", "--modifier"}, paramLabel = "MODIFIER",
            description = "Modifier (by name, with its parameter configurations) to remove (repeatable).")
    List<String> modifiers = List.of();

    @Option(names = {"-t", "--modifier-type"}, paramLabel = "TYPE",
            description = "Remove every modifier of this type: histosys, lumi, normfactor, normsys, shapefactor,"
                    + " shapesys, staterror (repeatable).")
    List<String> modifierTypes = List.of();

    @Option(names = "--measurement", paramLabel = "MEASUREMENT", description = "Measurement to remove (repeatable).")
    List<String> measurements = List.of();

    @Override
    JsonNode edit(PatchRequest.Patched doc) {
        return Workspaces.prune(doc.spec(), doc.source(), modifiers, modifierTypes, samples, channels, measurements);
    }
}
