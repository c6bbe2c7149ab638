package org.kinvis.fit.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.kinvis.host.input.InputException;
import org.kinvis.host.model.CompiledModel;
import org.kinvis.host.model.HistFactoryLikelihood;
import org.kinvis.host.model.PointsFile;
import org.kinvis.kernels.Backend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kinvis eval}: logpdf (total, main, constraint) of a workspace at one or many parameter points.
 *
 * <p>Points are streamed: read in chunks ({@link PointsFile#stream}), evaluated per chunk ({@link EvalPoints}), and
 * their results kept in a {@link DoubleSpill} until all are known, then written out by {@link EvalView} (JSON needs
 * one array per quantity). Memory therefore stays bounded whatever the number of points. A logpdf that is not finite is an error naming the point
 * and the bin and modifier that caused it (exit 2, nothing written); points outside the parameter bounds are
 * evaluated, as pyhf does, and flagged ({@code outside_bounds} in JSON, a note in text, a warning on stderr).
 */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate the log-likelihood of a pyhf workspace exactly as pyhf does.")
final class EvalCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--pars", paramLabel = "P.json",
            description = "Parameter point(s) by name: {\"mu\": 1.0, ...} or {\"points\": [{...}, ...]} "
                    + "(default: the model's inits).")
    Path pars;

    @Option(names = "--expected", description = "Also report the expected rates per channel and bin.")
    boolean expected;

    @Option(names = "--chunk-points", paramLabel = "N", defaultValue = "4096", hidden = true,
            description = "Points evaluated per batch (memory per batch: N × parameters doubles).")
    int chunk;

    @Override
    public Integer call() throws IOException {
        boolean json = common.json();
        if (chunk < 1) {
            throw InputException.at("--chunk-points", String.valueOf(chunk), "expected at least 1");
        }
        CompiledModel model = modelOptions.compile(common);
        Path ws = modelOptions.path(common);
        int perPoint = 3 + (expected ? model.layout().nBins() : 0);
        try (TerminalProgress bar = TerminalProgress.open(spec.commandLine().getErr(), json, "eval", "points");
                Backend backend = common.createBackend();
                HistFactoryLikelihood lik = new HistFactoryLikelihood(model, backend);
                DoubleSpill spill = new DoubleSpill((int) Math.min(1 << 22, 4L * chunk * perPoint))) {
            EvalPoints results = new EvalPoints(model, lik, spill, expected, chunk,
                    pars != null ? pars.toString() : ws + " (at the model's inits)");
            long count = pars != null ? PointsFile.stream(pars, model.parameters(), chunk, (v, n, first, labels) -> {
                results.add(v, n, first, labels);
                bar.advance(n);
            }) : results.add(model.parameters().inits(), 1, 0, new String[] {""});
            bar.close();
            var err = spec.commandLine().getErr();
            CommonOptions.reportVerification(backend, err);
            if (results.outside > 0) {
                err.println("kinvis: warning: " + results.outside + " of " + count + " point" + (count == 1 ? "" : "s")
                        + " outside the parameter bounds (first: " + results.firstOutside + "); evaluated as pyhf"
                        + " does, flagged in the result");
                err.flush();
            }
            EvalView view = new EvalView(ws, model, backend.name(), backend.device(), results, count);
            Output.stream(common, spec.commandLine().getOut(), json ? view::json : view::text);
        }
        return 0;
    }

}
