package org.kinvis.fit.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Locale;
import org.kinvis.fit.inference.GoodnessOfFit;
import org.kinvis.fit.minimize.FitResult;
import org.kinvis.fit.minimize.Migrad;
import org.kinvis.fit.plot.GofPlot;
import org.kinvis.host.model.HistFactoryLikelihood;
import picocli.CommandLine.Command;

/** {@code kinvis gof}: saturated-model goodness of fit of the best fit, with per-bin pulls. */
@Command(name = "gof", mixinStandardHelpOptions = true,
        description = "Goodness of fit: saturated-model test statistic, chi2 p-value and per-bin pulls of the best fit.")
final class GofCommand extends FitFigureCommand {
    @Override
    boolean takesFix() {
        return true; // the best fit with --fix held (e.g. mu=0: background-only)
    }


    @Override
    String run(HistFactoryLikelihood lik, FitResult best, Migrad.Options options, ObjectNode result)
            throws IOException {
        GoodnessOfFit.Result g = GoodnessOfFit.of(lik, best);
        result.put("statistic", g.statistic());
        result.put("main_part", g.mainPart());
        result.put("constraint_part", g.constraints());
        result.put("bins", g.bins());
        result.put("auxiliary", g.auxiliary());
        result.put("free_parameters", g.free());
        result.put("ndof", g.ndof());
        if (Double.isFinite(g.pvalue())) {
            result.put("pvalue", g.pvalue());
        } else {
            result.putNull("pvalue"); // no degrees of freedom left
        }
        ArrayNode arr = result.putArray("per_bin");
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "saturated-model goodness of fit: -2 ln lambda = %.4f (main bins %.4f, constraints %.4f)%n"
                        + "ndof = %d bins + %d auxiliary measurements - %d free parameters = %d, p-value = %.4g%n",
                g.statistic(), g.mainPart(), g.constraints(), g.bins(), g.auxiliary(), g.free(), g.ndof(),
                g.pvalue()));
        text.append(String.format(Locale.ROOT, "%-40s %4s %9s %10s %9s %8s %8s %8s%n", "channel", "bin", "data",
                "post-fit", "error", "pull", "pearson", "deviance"));
        for (GoodnessOfFit.Bin b : g.perBin()) {
            ObjectNode o = arr.addObject();
            o.put("channel", b.channel());
            o.put("bin", b.bin());
            o.put("observed", b.observed());
            o.put("expected", b.expected());
            o.put("expected_error", b.expectedError());
            o.put("pull", b.pull());
            o.put("pearson", b.pearson());
            o.put("deviance", b.deviance());
            text.append(String.format(Locale.ROOT, "%-40.40s %4d %9.6g %10.6g %9.4g %8.3f %8.3f %8.3f%n",
                    b.channel(), b.bin(), b.observed(), b.expected(), b.expectedError(), b.pull(), b.pearson(),
                    b.deviance()));
        }
        if (plot != null) {
            GofPlot.figure(g).save(plot);
        }
        return text.toString();
    }
}
