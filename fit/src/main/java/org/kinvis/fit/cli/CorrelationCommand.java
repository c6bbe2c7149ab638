package org.kinvis.fit.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Locale;
import org.kinvis.fit.inference.Correlations;
import org.kinvis.fit.minimize.FitResult;
import org.kinvis.fit.minimize.Migrad;
import org.kinvis.fit.plot.CorrelationPlot;
import org.kinvis.host.input.InputException;
import org.kinvis.host.model.CompiledModel;
import org.kinvis.host.model.HistFactoryLikelihood;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kinvis correlation}: the post-fit correlation matrix of the strongly correlated parameters. */
@Command(name = "correlation", mixinStandardHelpOptions = true,
        description = "Post-fit correlation matrix (parameters with some |correlation| ≥ --threshold).")
final class CorrelationCommand extends FitFigureCommand {
    @Override
    boolean takesFix() {
        return true; // the best fit with --fix held (e.g. mu=0: background-only)
    }

    @Option(names = "--threshold", paramLabel = "T", defaultValue = "0.2",
            description = "Keep parameters correlated with some other by at least T (default 0.2).")
    double threshold;

    @Option(names = "--max", paramLabel = "N", defaultValue = "30",
            description = "At most N parameters, the most correlated (default 30).")
    int max;

    @Override
    void validate(CompiledModel model) {
        if (!(threshold >= 0 && threshold <= 1) || max < 2) {
            throw InputException.at("--threshold/--max", threshold + "/" + max, "expected 0 ≤ T ≤ 1 and N ≥ 2");
        }
    }

    @Override
    String run(HistFactoryLikelihood lik, FitResult best, Migrad.Options options, ObjectNode result)
            throws IOException {
        Correlations c = Correlations.of(best, threshold, max);
        FitFigures.correlationJson(result, c, threshold);
        if (plot != null && !c.names().isEmpty()) {
            CorrelationPlot.figure(c.names(), c.matrix()).save(plot);
        }
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "%d parameters with some |correlation| ≥ %.3g%n", c.names().size(), threshold));
        c.names().forEach(n -> text.append("  ").append(n).append('\n'));
        return text.toString();
    }
}
