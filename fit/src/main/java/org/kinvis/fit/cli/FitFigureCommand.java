package org.kinvis.fit.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.kinvis.fit.inference.MaximumLikelihood;
import org.kinvis.fit.inference.Progress;
import org.kinvis.fit.minimize.FitResult;
import org.kinvis.fit.minimize.Migrad;
import org.kinvis.host.input.JsonInput;
import org.kinvis.host.model.CompiledModel;
import org.kinvis.host.model.HistFactoryLikelihood;
import org.kinvis.kernels.Backend;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The commands that fit the measurement and show a view of the result (yields, pulls, ranking, correlation):
 * options checked and the {@code --plot} path validated before anything is computed, MIGRAD + HESSE on the
 * workspace, then the command's own computation, JSON, text and figure. Exit 1 when the fit did not converge.
 */
abstract class FitFigureCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    FitOptions fitOptions;

    @Mixin
    PlotOption plotOption;

    /** The --plot file, checked; null when not asked for. */
    Path plot;

    /** The progress of the command's fits (the best fit, then its own: {@link #run} may add to it). */
    Progress progress = Progress.NONE;

    @Spec
    CommandSpec spec;

    /**
     * Whether {@code --fix} may hold parameters of the best fit (e.g. a background-only goodness of fit). Commands
     * whose own computation refits or evaluates away from the best fit (ranking, pre-fit yields) refuse it.
     */
    boolean takesFix() {
        return false;
    }

    /** Checks the command's own options against the model, before the fit. */
    void validate(CompiledModel model) {
    }

    /**
     * Computes the command's result from the best fit into {@code result} (JSON) and returns its text; draws
     * the figure when {@link #plot} is set. Returns null to report nothing beyond the fit (a failed fit).
     */
    abstract String run(HistFactoryLikelihood lik, FitResult best, Migrad.Options options, ObjectNode result)
            throws IOException;

    /** The exit code once the result is out (e.g. 1 when some impact fit failed). */
    int exitCode(ObjectNode result) {
        return 0;
    }

    @Override
    public Integer call() throws IOException {
        common.json();
        Migrad.Options options = fitOptions.options();
        if (!takesFix()) {
            FitFigures.noFix(fitOptions);
        }
        plot = plotOption.checked();
        CompiledModel model = modelOptions.compile(common);
        java.util.Map<String, Double> fixed = fitOptions.fixed(model.parameters());
        validate(model);
        try (TerminalProgress bar = TerminalProgress.open(spec.commandLine().getErr(), common.json(),
                spec.name(), "fits"); Backend backend = common.createBackend();
                HistFactoryLikelihood lik = new HistFactoryLikelihood(model, backend)) {
            long t0 = System.nanoTime();
            progress = bar;
            bar.expect(1);
            FitResult best = MaximumLikelihood.fit(lik, fixed, options);
            bar.advance();
            ObjectNode result = JsonInput.mapper().createObjectNode();
            FitFigures.fitJson(result, best);
            if (!fixed.isEmpty()) {
                ObjectNode f = result.putObject("fixed");
                fixed.forEach(f::put);
            }
            String text = best.valid() ? run(lik, best, options, result) : best.format(12);
            bar.close();
            result.put("seconds", (System.nanoTime() - t0) / 1e9);
            Output.emit(common, result, text, spec.commandLine().getOut());
            return best.valid() ? exitCode(result) : FitFigures.converged(best, spec);
        }
    }
}
