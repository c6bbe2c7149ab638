package org.kinvis.fit.cli;

import java.nio.file.Path;
import org.kinvis.host.model.CompiledModel;
import org.kinvis.host.model.InterpolationSettings;
import org.kinvis.host.model.ModelCompiler;
import org.kinvis.host.workspace.WorkspaceReader;
import picocli.CommandLine.Option;

/** Options naming the workspace model: file, measurement, interpolation codes. */
public final class ModelOptions {
    @Option(names = "--workspace", paramLabel = "W",
            description = "pyhf JSON workspace (default: combined_likelihood.json in the data folder).")
    Path workspace;

    @Option(names = "--measurement", paramLabel = "NAME", description = "Measurement to use (default: the first).")
    String measurement;

    @Option(names = "--interp", paramLabel = "SPEC",
            description = "Interpolation codes, e.g. normsys=code1,histosys=code0 (default: normsys=code4,"
                    + "histosys=code4p, pyhf's current default).")
    String interp;

    /** The workspace path given the data folder rule. */
    public Path path(CommonOptions common) {
        return workspace != null ? workspace : common.dataDir().resolve("combined_likelihood.json");
    }

    /** Validates the options, reads and compiles the model. */
    public CompiledModel compile(CommonOptions common) {
        InterpolationSettings settings = InterpolationSettings.parse(interp);
        return ModelCompiler.compile(WorkspaceReader.read(path(common)), measurement, settings);
    }
}
