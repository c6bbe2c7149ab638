package org.kinvis.fit.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.kinvis.fit.inference.Correlations;
import org.kinvis.fit.minimize.FitResult;
import org.kinvis.fit.plot.CorrelationPlot;
import org.kinvis.fit.plot.Plots;
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

/** {@code kinvis correlation}: the post-fit correlation matrix of the strongly correlated parameters. */
@Command(name = "correlation", mixinStandardHelpOptions = true,
        description = "Post-fit correlation matrix (parameters with some |correlation| ≥ --threshold).")
final class CorrelationCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    FitOptions fitOptions;

    @Option(names = "--threshold", paramLabel = "T", defaultValue = "0.2",
            description = "Keep parameters correlated with some other by at least T (default 0.2).")
    double threshold;

    @Option(names = "--max", paramLabel = "N", defaultValue = "30",
            description = "At most N parameters, the most correlated (default 30).")
    int max;

    @Option(names = "--plot", paramLabel = "FILE", description = "Correlation matrix; .png, .svg or .pdf.")
    Path plot;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        common.json();
        if (!(threshold >= 0 && threshold <= 1) || max < 2) {
            throw InputException.at("--threshold/--max", threshold + "/" + max, "expected 0 ≤ T ≤ 1 and N ≥ 2");
        }
        Plots.check(plot);
        var options = fitOptions.options();
        FitFigures.noFix(fitOptions);
        CompiledModel model = modelOptions.compile(common);
        try (Backend backend = common.createBackend(); HistFactoryLikelihood lik = new HistFactoryLikelihood(model,
                backend)) {
            FitResult best = FitFigures.bestFit(lik, options);
            Correlations c = Correlations.of(best, threshold, max);
            ObjectNode result = JsonInput.mapper().createObjectNode();
            FitFigures.fitJson(result, best);
            FitFigures.correlationJson(result, c, threshold);
            if (plot != null && !c.names().isEmpty()) {
                CorrelationPlot.figure(c.names(), c.matrix()).save(plot);
            }
            StringBuilder text = new StringBuilder(String.format(java.util.Locale.ROOT,
                    "%d parameters with some |correlation| ≥ %.3g%n", c.names().size(), threshold));
            c.names().forEach(n -> text.append("  ").append(n).append('\n'));
            Output.emit(common, result, text.toString(), spec.commandLine().getOut());
            return FitFigures.converged(best, spec);
        }
    }
}
