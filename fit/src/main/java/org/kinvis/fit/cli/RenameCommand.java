package org.kinvis.fit.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.kinvis.host.input.InputException;
import org.kinvis.host.workspace.PatchRequest;
import org.kinvis.host.workspace.Workspaces;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kinvis rename}: {@code pyhf rename}, renaming channels, samples, modifiers and measurements. */
@Command(name = "rename", mixinStandardHelpOptions = true,
        description = "Rename components of a workspace and write the result (as pyhf rename).")
final class RenameCommand implements Callable<Integer> {
    @Mixin
    WorkspaceSource source;

    @Option(names = "--data", paramLabel = "DIR", description = "Data folder for the default workspace.")
    Path data;

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

    @Mixin
    WorkspaceOutput output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PatchRequest.Patched doc = source.document(DataFolder.resolve(data));
        output.write(Workspaces.rename(doc.spec(), doc.source(), pairs("--modifier", modifiers),
                pairs("--sample", samples), pairs("--channel", channels), pairs("--measurement", measurements)),
                spec.commandLine().getOut());
        return 0;
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
