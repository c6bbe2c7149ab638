package org.kinvis.fit.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kinvis.host.input.InputException;
import org.kinvis.host.workspace.PatchRequest;
import org.kinvis.host.workspace.Workspaces;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kinvis rename}: {@code pyhf rename}, renaming channels, samples, modifiers and measurements. */
@Command(name = "rename", mixinStandardHelpOptions = true,
        description = "Rename components of a workspace and write the result (as pyhf rename).")
final class RenameCommand extends WorkspaceEdit {
    @Option(names = {"-c", "--channel"}, arity = "2", paramLabel = "OLD NEW",
            description = "Rename a channel and its observation (repeatable).")
    List<String> channels = List.of();

    @Option(names = {"-s", "--sample"}, arity = "2", paramLabel = "OLD NEW",
            description = "Rename a sample (repeatable).")
    List<String> samples = List.of();

    @Option(names = {"-m", "--modifier"}, arity = "2", paramLabel = "OLD NEW",
            description = "Rename a modifier (its parameter), its parameter configurations and a POI of that name"
                    + " (repeatable).")
    List<String> modifiers = List.of();

    @Option(names = "--measurement", arity = "2", paramLabel = "OLD NEW", description = "Rename a measurement"
            + " (repeatable).")
    List<String> measurements = List.of();

    @Override
    JsonNode edit(PatchRequest.Patched doc) {
        return Workspaces.rename(doc.spec(), doc.source(), pairs("--modifier", modifiers), pairs("--sample", samples),
                pairs("--channel", channels), pairs("--measurement", measurements));
    }

    private static Map<String, String> pairs(String option, List<String> flat) {
        Map<String, String> out = new LinkedHashMap<>();
        for (int i = 0; i + 1 < flat.size(); i += 2) {
            if (out.put(flat.get(i), flat.get(i + 1)) != null) {
                throw InputException.at(option, flat.get(i), "renamed twice");
            }
        }
        return out;
    }
}
