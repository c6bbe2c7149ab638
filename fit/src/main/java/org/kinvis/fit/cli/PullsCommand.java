package org.kinvis.fit.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.kinvis.fit.inference.Pulls;
import org.kinvis.fit.minimize.FitResult;
import org.kinvis.fit.minimize.Migrad;
import org.kinvis.fit.plot.PullsPlot;
import org.kinvis.host.model.HistFactoryLikelihood;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kinvis pulls}: nuisance-parameter pulls (θ̂ − θ₀)/Δθ and constraints σ̂/Δθ after the fit. */
@Command(name = "pulls", mixinStandardHelpOptions = true,
        description = "Nuisance-parameter pulls (θ̂ − θ₀)/Δθ, post-fit errors relative to the pre-fit widths.")
final class PullsCommand extends FitFigureCommand {
    @Override
    boolean takesFix() {
        return true; // the best fit with --fix held (e.g. mu=0: background-only)
    }

    @Option(names = "--per-bin", description = "Also the per-bin parameters (staterror, shapesys γ).")
    boolean perBin;

    @Override
    String run(HistFactoryLikelihood lik, FitResult best, Migrad.Options options, ObjectNode result)
            throws IOException {
        Pulls pulls = Pulls.of(lik.parameters(), best, perBin);
        FitFigures.pullsJson(result.putArray("pulls"), pulls);
        if (plot != null) {
            PullsPlot.figure(pulls).save(plot);
        }
        return FitFigures.pullsText(pulls);
    }
}
