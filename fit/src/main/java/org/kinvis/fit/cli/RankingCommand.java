package org.kinvis.fit.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.List;
import org.kinvis.fit.inference.Ranking;
import org.kinvis.fit.minimize.FitResult;
import org.kinvis.fit.minimize.Migrad;
import org.kinvis.fit.plot.Labels;
import org.kinvis.fit.plot.RankingPlot;
import org.kinvis.host.input.InputException;
import org.kinvis.host.model.CompiledModel;
import org.kinvis.host.model.HistFactoryLikelihood;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kinvis ranking}: impact of each nuisance parameter on the POI (fits with it fixed at θ̂ ± σ). */
@Command(name = "ranking", mixinStandardHelpOptions = true,
        description = "Impact of each nuisance on the POI: refits with it fixed at θ̂ ± σ̂ and θ̂ ± Δθ.")
final class RankingCommand extends FitFigureCommand {
    @Option(names = "--top", paramLabel = "N", defaultValue = "20",
            description = "Parameters shown in the text and the plot (default 20; the JSON has all).")
    int top;

    @Option(names = "--params", paramLabel = "NAME", split = ",",
            description = "Rank only these parameters (default: every free parameter but the POI).")
    List<String> params;

    @Override
    void validate(CompiledModel model) {
        if (top < 1) {
            throw InputException.at("--top", String.valueOf(top), "expected at least 1");
        }
        model.requirePoi("kinvis ranking");
        FitFigures.checkNuisances(model.parameters(), params, model.parameters().poiName());
    }

    @Override
    String run(HistFactoryLikelihood lik, FitResult best, Migrad.Options options, ObjectNode result)
            throws IOException {
        String poi = lik.parameters().poiName();
        Ranking r = Ranking.of(lik, best, poi, FitFigures.params(params), options, progress);
        FitFigures.rankingJson(result, r);
        if (plot != null) {
            RankingPlot.figure(r, top, Labels.symbol(poi)).save(plot);
        }
        return FitFigures.rankingText(r, top);
    }

    @Override
    int exitCode(ObjectNode result) {
        if (result.get("failed_fits").asInt() > 0) {
            spec.commandLine().getErr().println("kinvis: " + result.get("failed_fits").asInt()
                    + " impact fits did not converge");
            return Kinvis.EXIT_INTERNAL;
        }
        return 0;
    }
}
