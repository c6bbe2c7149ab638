package org.kinvis.fit.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.kinvis.fit.inference.Pulls;
import org.kinvis.fit.minimize.FitResult;
import org.kinvis.fit.plot.Plots;
import org.kinvis.fit.plot.PullsPlot;
import org.kinvis.host.input.JsonInput;
import org.kinvis.host.model.CompiledModel;
import org.kinvis.host.model.HistFactoryLikelihood;
import org.kinvis.kernels.Backend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kinvis pulls}: nuisance-parameter pulls (θ̂ − θ₀)/Δθ and constraints σ̂/Δθ after the fit. */
@Command(name = "pulls", mixinStandardHelpOptions = true,
        description = "Nuisance-parameter pulls (θ̂ − θ₀)/Δθ with post-fit errors relative to the pre-fit widths.")
final class PullsCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    FitOptions fitOptions;

    @Option(names = "--per-bin", description = "Also the per-bin parameters (staterror, shapesys γ).")
    boolean perBin;

    @Option(names = "--plot", paramLabel = "FILE", description = "Pull plot; .png, .svg or .pdf.")
    Path plot;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        common.json();
        Plots.check(plot);
        var options = fitOptions.options();
        FitFigures.noFix(fitOptions);
        CompiledModel model = modelOptions.compile(common);
        try (Backend backend = common.createBackend(); HistFactoryLikelihood lik = new HistFactoryLikelihood(model,
                backend)) {
            long t0 = System.nanoTime();
            FitResult best = FitFigures.bestFit(lik, options);
            Pulls pulls = Pulls.of(lik.parameters(), best, perBin);
            ObjectNode result = JsonInput.mapper().createObjectNode();
            FitFigures.fitJson(result, best);
            FitFigures.pullsJson(result.putArray("pulls"), pulls);
            result.put("seconds", (System.nanoTime() - t0) / 1e9);
            if (plot != null) {
                PullsPlot.figure(pulls).save(plot);
            }
            Output.emit(common, result, FitFigures.pullsText(pulls), spec.commandLine().getOut());
            return FitFigures.converged(best, spec);
        }
    }
}
