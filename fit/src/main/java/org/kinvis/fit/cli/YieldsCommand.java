package org.kinvis.fit.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.kinvis.fit.inference.Yields;
import org.kinvis.fit.minimize.FitResult;
import org.kinvis.fit.plot.Plots;
import org.kinvis.fit.plot.YieldsPlot;
import org.kinvis.host.input.InputException;
import org.kinvis.host.input.JsonInput;
import org.kinvis.host.model.CompiledModel;
import org.kinvis.host.model.HistFactoryLikelihood;
import org.kinvis.kernels.Backend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kinvis yields}: pre- and post-fit yields per channel, sample and bin with their uncertainty, and data. */
@Command(name = "yields", mixinStandardHelpOptions = true,
        description = "Pre- and post-fit yields per channel (stacked samples, data, model uncertainty).")
final class YieldsCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    FitOptions fitOptions;

    @Option(names = "--stage", paramLabel = "S", defaultValue = "postfit",
            description = "Yields the plot shows: prefit or postfit (default; the JSON has both).")
    String stage;

    @Option(names = "--plot", paramLabel = "FILE", description = "Stacked yields with a ratio panel; .png, .svg, .pdf.")
    Path plot;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        common.json();
        if (!stage.equals("prefit") && !stage.equals("postfit")) {
            throw InputException.at("--stage", stage, "expected prefit or postfit");
        }
        Plots.check(plot);
        var options = fitOptions.options();
        FitFigures.noFix(fitOptions);
        CompiledModel model = modelOptions.compile(common);
        try (Backend backend = common.createBackend(); HistFactoryLikelihood lik = new HistFactoryLikelihood(model,
                backend)) {
            long t0 = System.nanoTime();
            FitResult best = FitFigures.bestFit(lik, options);
            Yields pre = Yields.at(lik, lik.parameters().inits(), Yields.prefitCovariance(lik));
            Yields post = Yields.at(lik, best.values(), best.covariance());
            ObjectNode result = JsonInput.mapper().createObjectNode();
            FitFigures.fitJson(result, best);
            result.set("prefit", FitFigures.yieldsJson(pre));
            result.set("postfit", FitFigures.yieldsJson(post));
            result.put("seconds", (System.nanoTime() - t0) / 1e9);
            if (plot != null) {
                YieldsPlot.figure(stage.equals("prefit") ? pre : post, stage.equals("prefit") ? "pre-fit"
                        : "post-fit").save(plot);
            }
            Output.emit(common, result, FitFigures.yieldsText(pre, post), spec.commandLine().getOut());
            return FitFigures.converged(best, spec);
        }
    }
}
