package org.kinvis.fit.cli;

import java.nio.file.Path;
import java.util.List;
import org.kinvis.host.model.CompiledModel;
import org.kinvis.host.model.InterpolationSettings;
import org.kinvis.host.model.ModelCompiler;
import org.kinvis.host.model.ParameterOverrides;
import org.kinvis.host.workspace.PatchRequest;
import org.kinvis.host.workspace.Workspace;
import org.kinvis.host.workspace.WorkspaceReader;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Options naming the workspace model: file, patches, measurement, interpolation codes, and model-level overrides
 * of initial values and bounds. Every command that builds a model from a workspace takes them.
 */
public final class ModelOptions {
    @Mixin
    WorkspaceSource source;

    @Option(names = "--measurement", paramLabel = "NAME", description = "Measurement to use (default: the first).")
    String measurement;

    @Option(names = "--interp", paramLabel = "SPEC",
            description = "Interpolation codes, e.g. normsys=code1,histosys=code0 (default: normsys=code4,"
                    + "histosys=code4p, pyhf's current default).")
    String interp;

    @Option(names = "--init", paramLabel = "NAME=V",
            description = "Initial value of a parameter (a flat name like gamma[2], or a set name for all its"
                    + " components; repeatable).")
    List<String> inits;

    @Option(names = "--bounds", paramLabel = "NAME=LO:HI",
            description = "Bounds of a parameter (flat or set name; repeatable).")
    List<String> bounds;

    /** The workspace path given the data folder rule. */
    public Path path(CommonOptions common) {
        return source.path(common.dataFolder());
    }

    /** The workspace document with the --patch patches applied, and the name to use for it in messages. */
    public PatchRequest.Patched document(CommonOptions common) {
        return source.document(common.dataFolder());
    }

    /** The workspace, patched. */
    public Workspace workspace(CommonOptions common) {
        PatchRequest.Patched d = document(common);
        return WorkspaceReader.fromJson(d.spec(), d.source());
    }

    /** The --init / --bounds overrides, parsed (names are checked when applied to a model). */
    public ParameterOverrides overrides() {
        return ParameterOverrides.parse(inits, bounds);
    }

    /** Validates the options, reads, patches and compiles the model, and applies --init / --bounds. */
    public CompiledModel compile(CommonOptions common) {
        InterpolationSettings.parse(interp);
        overrides();
        return compile(workspace(common));
    }

    /** Compiles the --measurement of {@code ws} with --interp and applies --init / --bounds. */
    public CompiledModel compile(Workspace ws) {
        InterpolationSettings settings = InterpolationSettings.parse(interp);
        ParameterOverrides o = overrides();
        CompiledModel m = ModelCompiler.compile(ws, measurement, settings);
        return o.isEmpty() ? m : m.withParameters(o.apply(m.parameters()));
    }
}
