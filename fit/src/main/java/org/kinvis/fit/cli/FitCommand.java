package org.kinvis.fit.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.kinvis.fit.inference.LaplaceMarginal;
import org.kinvis.fit.inference.MaximumLikelihood;
import org.kinvis.fit.inference.Objective;
import org.kinvis.fit.minimize.FitResult;
import org.kinvis.fit.minimize.Minos;
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
            ObjectNode result = JsonInput.mapper().createObjectNode();
            result.put("estimator", estimator.estimator);
            FitJson.state(result, r);
            result.put("poi", model.parameters().poiName());
            result.put("seconds", seconds);
            result.put("backend", backend.name());
            if (lm != null) {
                FitJson.putFinite(result, "minus_two_log_marginal", lm.marginal().fval());
                ObjectNode j = result.putObject("joint");
                FitJson.putFinite(j, poi, lm.joint().value(poi));
                FitJson.putFinite(j, "twice_nll", lm.joint().fval());
            }
            ObjectNode pars = result.putObject("parameters");
            for (int i = 0; i < r.names().size(); i++) {
                ObjectNode p = pars.putObject(r.names().get(i));
                FitJson.putFinite(p, "value", r.values()[i]);
                FitJson.putFinite(p, "error", r.errors()[i]);
                p.put("fixed", r.fixed()[i]);
                p.put("at_lower_limit", r.atLimit()[i] < 0);
                p.put("at_upper_limit", r.atLimit()[i] > 0);
                double[] me = r.minos().get(r.names().get(i));
                if (me != null) {
                    FitJson.putFinite(p, "minos_lower", me[0]);
                    FitJson.putFinite(p, "minos_upper", me[1]);
                }
            }
            FitJson.matrices(result, r);
            StringBuilder text = new StringBuilder(r.format(12, poi == null ? List.of() : List.of(poi)));
            if (lm != null) {
                text.append(String.format(java.util.Locale.ROOT, "marginal posterior mode (nuisances integrated out,"
                        + " Laplace approximation); joint mode (MLE) %s = %.5g%n", poi, lm.joint().value(poi)));
            }
            for (int i = 0; i < r.names().size(); i++) {
                String name = r.names().get(i);
                double[] me = r.minos().get(name);
                if (name.equals(poi) || me != null) {
                    String flag = r.limitFlag(i);
                    text.append(String.format(java.util.Locale.ROOT, "%s = %.5g ± %.5g%s%s%n", name, r.value(name),
                            r.error(name), me == null ? "" : String.format(java.util.Locale.ROOT,
                                    "   (MINOS %+.4g / %+.4g)", me[0], me[1]), flag.isEmpty() ? "" : "   (" + flag
                                            + ")"));
                }
            }
            text.append(String.format(java.util.Locale.ROOT, "%.3f s, backend %s%n", seconds, backend.device()));
            Output.emit(common, result, text.toString(), spec.commandLine().getOut());
            if (!r.valid()) {
                spec.commandLine().getErr().println("kinvis: the fit did not converge: " + r.status()
                        + (r.recovery().isEmpty() ? "" : " (" + r.recovery() + ")"));
                return Kinvis.EXIT_INTERNAL;
            }
            return 0;
        }
    }
}
