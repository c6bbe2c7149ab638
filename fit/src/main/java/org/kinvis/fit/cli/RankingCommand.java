package org.kinvis.fit.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.kinvis.fit.inference.Ranking;
import org.kinvis.fit.minimize.FitResult;
import org.kinvis.fit.plot.Labels;
import org.kinvis.fit.plot.Plots;
import org.kinvis.fit.plot.RankingPlot;
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

/** {@code kinvis ranking}: impact of each nuisance parameter on the POI (fits with it fixed at θ̂ ± σ). */
@Command(name = "ranking", mixinStandardHelpOptions = true,
        description = "Impact of each nuisance parameter on the POI: refits with it fixed at θ̂ ± σ̂ and θ̂ ± Δθ.")
final class RankingCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    FitOptions fitOptions;

    @Option(names = "--top", paramLabel = "N", defaultValue = "20",
            description = "Parameters shown in the text and the plot (default 20; the JSON has all).")
    int top;

    @Option(names = "--params", paramLabel = "NAME", split = ",",
            description = "Rank only these parameters (default: every free parameter but the POI).")
    List<String> params;

    @Option(names = "--plot", paramLabel = "FILE", description = "Ranking plot (impacts and pulls); .png, .svg, .pdf.")
    Path plot;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        common.json();
        if (top < 1) {
            throw InputException.at("--top", String.valueOf(top), "expected at least 1");
        }
        Plots.check(plot);
        var options = fitOptions.options();
        FitFigures.noFix(fitOptions);
        CompiledModel model = modelOptions.compile(common);
        String poi = model.parameters().poiName();
        FitFigures.checkNuisances(model.parameters(), params, poi);
        try (Backend backend = common.createBackend(); HistFactoryLikelihood lik = new HistFactoryLikelihood(model,
                backend)) {
            long t0 = System.nanoTime();
            FitResult best = FitFigures.bestFit(lik, options);
            if (!best.valid()) {
                return FitFigures.converged(best, spec);
            }
            Ranking r = Ranking.of(lik, best, poi, FitFigures.params(params), options);
            ObjectNode result = JsonInput.mapper().createObjectNode();
            FitFigures.fitJson(result, best);
            FitFigures.rankingJson(result, r);
            result.put("seconds", (System.nanoTime() - t0) / 1e9);
            if (plot != null) {
                RankingPlot.figure(r, top, Labels.symbol(poi)).save(plot);
            }
            Output.emit(common, result, FitFigures.rankingText(r, top), spec.commandLine().getOut());
            return r.failedFits() == 0 ? 0 : Kinvis.EXIT_INTERNAL;
        }
    }
}
