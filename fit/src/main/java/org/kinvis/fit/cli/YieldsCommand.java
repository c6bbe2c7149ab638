package org.kinvis.fit.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import org.kinvis.fit.inference.Yields;
import org.kinvis.fit.minimize.FitResult;
import org.kinvis.fit.minimize.Migrad;
import org.kinvis.fit.plot.YieldsPlot;
import org.kinvis.host.input.InputException;
import org.kinvis.host.model.CompiledModel;
import org.kinvis.host.model.HistFactoryLikelihood;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code kinvis yields}: pre- and post-fit yields per channel, sample and bin with their uncertainty, and data. */
@Command(name = "yields", mixinStandardHelpOptions = true,
        description = "Pre- and post-fit yields per channel (stacked samples, data, model uncertainty).")
final class YieldsCommand extends FitFigureCommand {
    @Option(names = "--stage", paramLabel = "S", defaultValue = "postfit",
            description = "Yields the plot shows: prefit or postfit (default; the JSON has both).")
    String stage;

    @Override
    void validate(CompiledModel model) {
        if (!stage.equals("prefit") && !stage.equals("postfit")) {
            throw InputException.at("--stage", stage, "expected prefit or postfit");
        }
    }

    @Override
    String run(HistFactoryLikelihood lik, FitResult best, Migrad.Options options, ObjectNode result)
            throws IOException {
        Yields pre = Yields.at(lik, lik.parameters().inits(), Yields.prefitCovariance(lik));
        Yields post = Yields.at(lik, best.values(), best.covariance());
        result.set("prefit", FitFigures.yieldsJson(pre));
        result.set("postfit", FitFigures.yieldsJson(post));
        if (plot != null) {
            boolean prefit = stage.equals("prefit");
            YieldsPlot.figure(prefit ? pre : post, prefit ? "pre-fit" : "post-fit").save(plot);
        }
        return FitFigures.yieldsText(pre, post);
    }
}
