package org.kinvis.fit.cli;

import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.kinvis.fit.inference.LaplaceMarginal;
import org.kinvis.fit.inference.MaximumLikelihood;
import org.kinvis.fit.inference.Objective;
import org.kinvis.fit.minimize.FitResult;
import org.kinvis.fit.minimize.Minos;
import org.kinvis.host.input.InputException;
import org.kinvis.host.model.CompiledModel;
import org.kinvis.host.model.HistFactoryLikelihood;
import org.kinvis.kernels.Backend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kinvis fit}: maximum-likelihood fit with MIGRAD + HESSE (+ MINOS on request). */
@Command(name = "fit", mixinStandardHelpOptions = true,
        description = "Maximum-likelihood fit (MIGRAD, HESSE, optional MINOS) of a pyhf workspace.")
final class FitCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    FitOptions fitOptions;

    @Option(names = "--minos", paramLabel = "NAME", description = "MINOS errors for this parameter (repeatable).")
    List<String> minos;

    @Mixin
    InferenceOptions.Estimator estimator;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        common.json();
        var options = fitOptions.options();
        CompiledModel model = modelOptions.compile(common);
        Map<String, Double> fixed = fitOptions.fixed(model.parameters());
        if (minos != null) {
            for (String m : minos) {
                Names.parameter(model.parameters(), "--minos", m, m);
            }
        }
        boolean marginal = estimator.marginal();
        String poi = model.parameters().poiName();
        if (marginal && (minos != null || poi == null || fixed.containsKey(poi))) {
            throw InputException.at("--estimator", estimator.estimator, "needs a free POI and no --minos");
        }
        try (TerminalProgress bar = TerminalProgress.open(spec.commandLine().getErr(), common.json(), "fit", "fits");
                Backend backend = common.createBackend(); HistFactoryLikelihood lik = new HistFactoryLikelihood(model,
                backend)) {
            long t0 = System.nanoTime();
            LaplaceMarginal.Result lm = marginal ? LaplaceMarginal.mode(lik, List.of(poi), fixed, options, bar) : null;
            bar.close();
            FitResult r = marginal ? lm.mode() : MaximumLikelihood.fit(lik, fixed, options);
            if (minos != null && r.valid()) {
                double[] lo = model.parameters().lowerBounds();
                double[] hi = model.parameters().upperBounds();
                for (String m : minos) {
                    r.minos().put(m, Minos.errors(new Objective(lik), r.names(), r, r.indexOf(m),
                            MaximumLikelihood.initialErrors(model.parameters()), lo, hi, options));
                }
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            CommonOptions.reportVerification(backend, spec.commandLine().getErr());
            FitView.of(r, lm, estimator.estimator, poi, seconds, backend.name(), backend.device()).emit(common,
                    spec.commandLine().getOut());
            if (!r.valid()) {
                spec.commandLine().getErr().println("kinvis: the fit did not converge: " + r.status()
                        + (r.recovery().isEmpty() ? "" : " (" + r.recovery() + ")"));
                return Kinvis.EXIT_INTERNAL;
            }
            return 0;
        }
    }
}
