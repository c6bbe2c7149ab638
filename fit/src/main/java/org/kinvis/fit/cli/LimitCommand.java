package org.kinvis.fit.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.kinvis.fit.inference.AsymptoticCls;
import org.kinvis.fit.inference.FitRecord;
import org.kinvis.fit.inference.Progress;
import org.kinvis.fit.inference.TestStatistic;
import org.kinvis.fit.inference.ToyCalculator;
import org.kinvis.fit.inference.UndefinedTestException;
import org.kinvis.fit.minimize.Migrad;
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

/**
 * {@code kinvis limit}: CLs upper limit on the POI with q̃μ (default) or qμ, observed and expected band, and
 * hypothesis tests at given values with any μ statistic (q̃μ, qμ, tμ, t̃μ) — asymptotic, or toy-based as pyhf's
 * {@code ToyCalculator} with the limit interpolated between the tested values (pyhf's {@code upper_limit} on a
 * scan) — on the observed data or on an Asimov data set ({@code --asimov-mu}).
 */
@Command(name = "limit", mixinStandardHelpOptions = true,
        description = "CLs upper limit on the parameter of interest (qtilde or q; asymptotic or toy-based) and"
                + " hypothesis tests.")
final class LimitCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    FitOptions fitOptions;

    @Mixin
    CalculatorOptions calc;

    @Option(names = "--poi", paramLabel = "P", description = "Parameter of interest (default and only: the model's).")
    String poi;

    @Option(names = "--cl", paramLabel = "CL", defaultValue = "0.95", description = "Confidence level (default 0.95).")
    double cl;

    @Option(names = "--teststat", paramLabel = "T", defaultValue = "qtilde", description = "Test statistic: qtilde"
            + " (default), q (both with limits), tmu or tmu_tilde (two-sided: hypothesis tests at --mu only).")
    String teststat;

    @Option(names = "--mu", paramLabel = "MU", parameterConsumer = ValueGrid.ListConsumer.class,
            description = "Also report hypothesis tests at these values, A:B:N or a comma-separated list (toy-based"
                    + " limits interpolate between them).")
    List<Double> mus;

    @Option(names = "--plot", paramLabel = "FILE",
            description = "Brazil plot of CLs against the POI (needs --mu); .png, .svg or .pdf.")
    Path plot;

    @Spec
    CommandSpec spec;

    /** About how many fits the six root searches of the asymptotic limits run (147 on Belle II, tolerance 1e-4). */
    private static final int FITS_PER_LIMIT = 145;

    /** The hypothesis tests at --mu: their JSON, text and CLs curves for the plot and the toy-based limits. */
    private final class Hypotests {
        final ArrayNode json;
        final double[] mu = new double[mus.size()];
        final double[] observed = new double[mus.size()];
        final double[][] expected = new double[5][mus.size()];
        final StringBuilder text = new StringBuilder();

        Hypotests(ObjectNode result, String p, boolean toys) {
            json = result.putArray("hypotests");
            text.append(String.format(Locale.ROOT, "%10s %12s %12s %12s%s%n", p, "CLs", "CLs+b", "CLb",
                    toys ? String.format(Locale.ROOT, " %10s %6s", "±CLs", "toys/s") : ""));
        }

        ObjectNode add(int i, double m, double cls, double clsb, double clb, double[] exp, boolean valid,
                String extra) {
            ObjectNode o = json.addObject();
            o.put("mu", m);
            FitJson.putFinite(o, "CLs", cls);
            FitJson.putFinite(o, "CLsb", clsb);
            FitJson.putFinite(o, "CLb", clb);
            ArrayNode band = o.putArray("expected_band");
            for (int j = 0; j < 5; j++) {
                FitJson.addFinite(band, exp[j]);
                expected[j][i] = exp[j];
            }
            o.put("converged", valid);
            mu[i] = m;
            observed[i] = cls;
            text.append(String.format(Locale.ROOT, "%10.4g %12.6g %12.6g %12.6g%s%s%n", m, cls, clsb, clb, extra,
                    valid ? "" : "  (a fit did not converge)"));
            return o;
        }
    }

    @Override
    public Integer call() throws IOException {
        common.json();
        var options = fitOptions.options();
        checkConfidenceLevel(cl);
        Plots.check(plot);
        boolean toys = calc.toybased();
        TestStatistic statistic = TestStatistic.named(teststat);
        if (statistic == null) {
            throw InputException.at("--teststat", teststat, "expected qtilde, q, tmu or tmu_tilde");
        }
        if (statistic == TestStatistic.Q_ZERO) {
            throw InputException.at("--teststat", teststat, "q0 is the discovery statistic: kinvis significance");
        }
        boolean oneSided = statistic == TestStatistic.QTILDE_MU || statistic == TestStatistic.Q_MU;
        CompiledModel model = modelOptions.compile(common);
        String p = model.parameters().poiName();
        if (p == null) {
            throw InputException.at(modelOptions.path(common).toString(), "measurements[].config.poi",
                    "CLs limits need a parameter of interest");
        }
        if (poi != null && !poi.equals(p)) {
            throw InputException.at("--poi", poi, "CLs limits are on the measurement's POI '" + p + "'");
        }
        Map<String, Double> fixed = fitOptions.fixed(model.parameters());
        if (fixed.containsKey(p)) {
            throw InputException.at("--fix", p, "the parameter of interest is what the tests vary; it cannot be fixed");
        }
        if (!oneSided && mus == null) {
            throw InputException.at("--teststat", teststat, "two-sided: CLs upper limits use q or qtilde (as pyhf's);"
                    + " give --mu for its hypothesis tests");
        }
        if (toys && mus == null) {
            throw InputException.at("--calctype", "toybased", "toy-based tests run at the --mu values (limits"
                    + " interpolate CLs between two or more of them, as pyhf's upper_limit on a scan): give --mu");
        }
        double[] bounds = calc.poiBounds(model, statistic, spec.commandLine().getErr());
        if (mus != null) {
            for (double m : mus) {
                if (!(m >= bounds[0] && m <= bounds[1])) {
                    throw InputException.at("--mu", String.valueOf(m), "outside the POI bounds [" + bounds[0] + ", "
                            + bounds[1] + "] of " + p + " (--poi-bounds sets them)");
                }
            }
        }
        if (plot != null && (mus == null || mus.size() < 2)) {
            throw InputException.at("--plot", plot.toString(), "needs at least two --mu values to draw CLs curves");
        }
        long t0 = System.nanoTime(); // the set-up fits count too
        try (TerminalProgress bar = TerminalProgress.open(spec.commandLine().getErr(), common.json(), "limit", "fits");
                Backend backend = common.createBackend(); HistFactoryLikelihood obs = new HistFactoryLikelihood(model,
                backend)) {
            List<FitRecord> all = new ArrayList<>();
            HistFactoryLikelihood lik = calc.data(obs, p, bounds, fixed, options, all);
            try {
                ObjectNode result = JsonInput.mapper().createObjectNode();
                result.put("poi", p);
                result.put("cl", cl);
                result.put("test_statistic", statistic.name());
                result.put("calctype", toys ? "toybased" : "asymptotics");
                calc.dataJson(result);
                ScanCommand.putFixed(result, fixed);
                String text = toys ? toyBased(lik, p, bounds, fixed, options, statistic, oneSided, result, all)
                        : asymptotic(lik, p, bounds, fixed, options, statistic, oneSided, result, all, t0, bar);
                bar.close(); // before the result is printed
                return CalculatorOptions.emit(common, result, text, all, "the limit", t0, spec);
            } finally {
                if (lik != obs) {
                    lik.close();
                }
            }
        }
    }

    /** The asymptotic limits (one-sided statistics) and hypothesis tests; every fit into {@code all}. */
    private String asymptotic(HistFactoryLikelihood lik, String p, double[] bounds, Map<String, Double> fixed,
            Migrad.Options options, TestStatistic statistic, boolean oneSided, ObjectNode result,
            List<FitRecord> all, long t0, Progress bar) throws IOException {
        try (AsymptoticCls calc = create(lik, p, bounds, fixed, options, statistic);
                Progress.Budget budget = bar.budget((oneSided ? FITS_PER_LIMIT : 0) + 2L * (mus == null ? 0
                        : mus.size()))) {
            calc.progress(budget);
            if (calc.poiFreed()) {
                spec.commandLine().getErr().println("kinvis: note: the workspace fixes the POI '" + p + "'; the CLs"
                        + " tests free it (it is the parameter they vary)");
            }
            result.put("setup_seconds", (System.nanoTime() - t0) / 1e9);
            result.put("poi_freed", calc.poiFreed());
            FitJson.putFinite(result, "best_fit", calc.freeFit().value(p));
            StringBuilder text = new StringBuilder();
            AsymptoticCls.Limits limits = null;
            if (oneSided) {
                limits = calc.limits(cl, 1e-4);
                all.addAll(limits.fits());
                limitsJson(result, limits.observed(), limits.expected());
                text.append(limitsText("asymptotic CLs (" + statistic.symbol() + ")", p, calc.freeFit().value(p),
                        limits.observed(), limits.expected()));
            } else {
                all.addAll(calc.setupFits());
                text.append(String.format(Locale.ROOT, "asymptotic hypothesis tests (%s) of %s (best fit %s = %.4g)%n",
                        statistic.symbol(), p, p, calc.freeFit().value(p)));
            }
            if (mus != null) {
                Hypotests h = new Hypotests(result, p, false);
                for (int i = 0; i < mus.size(); i++) {
                    AsymptoticCls.Result r = calc.test(mus.get(i));
                    ObjectNode o = h.add(i, r.mu(), r.cls(), r.clsb(), r.clb(), r.expected(), r.valid(), "");
                    List<FitRecord> own = r.fits().subList(calc.setupFits().size(), r.fits().size());
                    FitJson.records(o.putArray("fits"), own);
                    all.addAll(own);
                }
                text.append(h.text);
                if (plot != null) {
                    Plots.cls(plot, p, h.mu, h.observed, List.of(h.expected), cl,
                            limits == null ? Double.NaN : limits.observed(),
                            limits == null ? new double[] {Double.NaN, Double.NaN, Double.NaN, Double.NaN,
                                Double.NaN} : limits.expected(), "asymptotic CL_{s}, " + statistic.symbol());
                }
            }
            return text.toString();
        }
    }

    /**
     * Toy-based hypothesis tests at every --mu and, for q̃μ and qμ, the limits where CLs crosses 1 − CL between
     * them; every observed-data fit into {@code all}.
     */
    private String toyBased(HistFactoryLikelihood lik, String p, double[] bounds, Map<String, Double> fixed,
            Migrad.Options options, TestStatistic statistic, boolean oneSided, ObjectNode result,
            List<FitRecord> all) throws IOException {
        ToyCalculator tc = new ToyCalculator(lik, statistic, bounds, fixed, options);
        FitJson.putFinite(result, "best_fit", tc.freeFit().value(p));
        Hypotests h = new Hypotests(result, p, true);
        List<ToyCalculator.Result> rs = new ArrayList<>();
        for (int i = 0; i < mus.size(); i++) {
            ToyCalculator.Result r = CalculatorOptions.test(tc, mus.get(i), calc.toys, common.seed,
                    p + " = " + mus.get(i));
            rs.add(r);
            ObjectNode o = h.add(i, r.mu(), r.cls(), r.clsb(), r.clb(), r.expectedCls(), r.observedConverged(),
                    String.format(Locale.ROOT, " %10.2g %6.0f", r.clsError(), r.toysPerSecond()));
            FitJson.putFinite(o, "CLs_error", r.clsError());
            FitJson.putFinite(o, "CLsb_error", r.clsbError());
            FitJson.putFinite(o, "CLb_error", r.clbError());
            CalculatorOptions.toysJson(o.putObject("toys"), r, calc.toys, common.seed);
            FitJson.records(o.putArray("fits"), r.observedFits().subList(i == 0 ? 0 : 1, r.observedFits().size()));
            all.addAll(r.observedFits().subList(i == 0 ? 0 : 1, r.observedFits().size()));
            CalculatorOptions.warnFailedToys(r, spec.commandLine().getErr());
        }
        StringBuilder text = new StringBuilder();
        double obsLimit = Double.NaN;
        double[] expLimits = {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        if (oneSided && mus.size() >= 2) {
            obsLimit = crossing(h.mu, h.observed, 1 - cl);
            for (int k = 0; k < 5; k++) {
                expLimits[k] = crossing(h.mu, h.expected[k], 1 - cl);
            }
            limitsJson(result, obsLimit, expLimits);
            text.append(limitsText(String.format(Locale.ROOT, "toy-based CLs (%s, %d toys per hypothesis, seed %d,"
                    + " interpolated between the tested values)", statistic.symbol(), calc.toys, common.seed), p,
                    tc.freeFit().value(p), obsLimit, expLimits));
        } else {
            text.append(String.format(Locale.ROOT, "toy-based hypothesis tests (%s, %d toys per hypothesis, seed %d)"
                    + " of %s (best fit %s = %.4g)%s%n", statistic.symbol(), calc.toys, common.seed, p, p,
                    tc.freeFit().value(p), oneSided ? "; limits need two or more --mu values" : ""));
        }
        text.append(h.text);
        if (plot != null) {
            Plots.cls(plot, p, h.mu, h.observed, List.of(h.expected), cl, obsLimit, expLimits,
                    "toy-based CL_{s}, " + statistic.symbol());
        }
        return text.toString();
    }

    /**
     * Where {@code cls} falls to {@code alpha} along increasing {@code mu}: linear interpolation between the first
     * tested value at or below alpha and the one before it, as pyhf's {@code upper_limit} interpolates a scan
     * ({@code np.interp}); the first value if CLs is already below alpha there; +∞ if it never is.
     */
    static double crossing(double[] mu, double[] cls, double alpha) {
        Integer[] order = new Integer[mu.length];
        for (int i = 0; i < mu.length; i++) {
            order[i] = i;
        }
        java.util.Arrays.sort(order, (a, b) -> Double.compare(mu[a], mu[b]));
        for (int j = 0; j < order.length; j++) {
            int i = order[j];
            if (cls[i] <= alpha) {
                if (j == 0) {
                    return mu[i];
                }
                int k = order[j - 1];
                return mu[k] + (mu[i] - mu[k]) * (cls[k] - alpha) / (cls[k] - cls[i]);
            }
        }
        return Double.POSITIVE_INFINITY;
    }

    private static void limitsJson(ObjectNode result, double observed, double[] expected) {
        FitJson.putFinite(result, "observed", observed);
        ArrayNode exp = result.putArray("expected");
        for (double e : expected) {
            FitJson.addFinite(exp, e);
        }
    }

    private String limitsText(String what, String p, double best, double observed, double[] e) {
        return String.format(Locale.ROOT, "%s, %.0f%% CL upper limits on %s (best fit %s = %.4g)%n"
                + "  observed: %.5g%n  expected: -2σ %.5g  -1σ %.5g  median %.5g  +1σ %.5g  +2σ %.5g%n", what,
                100 * cl, p, p, best, observed, e[0], e[1], e[2], e[3], e[4]);
    }

    /** The calculator, a model without a background-only hypothesis refused as bad input. */
    private AsymptoticCls create(HistFactoryLikelihood lik, String p, double[] bounds, Map<String, Double> fixed,
            Migrad.Options options, TestStatistic statistic) {
        try {
            return new AsymptoticCls(lik, p, bounds, fixed, options, statistic);
        } catch (UndefinedTestException e) {
            throw InputException.at(modelOptions.path(common).toString(), "measurements[].config.poi = " + p,
                    e.getMessage());
        }
    }

    /** The --cl option of limit and reinterpret --limit: a level in (0, 1). */
    static void checkConfidenceLevel(double cl) {
        if (!(cl > 0 && cl < 1)) {
            throw InputException.at("--cl", String.valueOf(cl), "expected a confidence level in (0, 1)");
        }
    }
}
