package org.kinvis.fit.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.kinvis.host.input.JsonInput;
import org.kinvis.host.workspace.Workspaces;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code kinvis combine}: {@code pyhf combine} of two workspaces. */
@Command(name = "combine", mixinStandardHelpOptions = true,
        description = "Combine two workspaces into one and write it (as pyhf combine).")
final class CombineCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "LEFT", description = "First workspace.")
    Path left;

    @Parameters(index = "1", paramLabel = "RIGHT", description = "Second workspace.")
    Path right;

    @Option(names = {"-j", "--join"}, paramLabel = "JOIN", defaultValue = "none",
            description = "none (default: no channel, observation or measurement in common), outer (common items"
                    + " must be identical; same-named measurements with the same POI are merged), 'left outer' or"
                    + " 'right outer' (that side wins on a common name, unchecked).")
    String join;

    @Option(names = "--merge-channels", description = "Merge same-named channels sample by sample (outer joins"
            + " only).")
    boolean mergeChannels;

    @Mixin
    WorkspaceOutput output;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        Workspaces.Join j = Workspaces.Join.parse(join);
        output.write(Workspaces.combine(JsonInput.read(left), left.toString(), JsonInput.read(right),
                right.toString(), j, mergeChannels), spec.commandLine().getOut());
        return 0;
    }
}
