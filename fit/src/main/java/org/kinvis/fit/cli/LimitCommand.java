package org.kinvis.fit.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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
                + " hypothesis tests; --plot draws the Brazil plot of CLs against the POI (needs two or more --mu).")
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

    @Mixin
    PlotOption plotOption;

    @Spec
    CommandSpec spec;

    /** About how many fits the six root searches of the asymptotic limits run (147 on Belle II, tolerance 1e-4). */
    private static final int FITS_PER_LIMIT = 145;

    @Override
    public Integer call() throws IOException {
        common.json();
        var options = fitOptions.options();
        checkConfidenceLevel(cl);
        Path plot = plotOption.checked();
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
        model.requirePoi("kinvis limit");
        String p = model.parameters().poiName();
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
        try (TerminalProgress bar = TerminalProgress.open(spec.commandLine().getErr(), common.json(), "limit",
                toys ? "toys" : "fits");
                Backend backend = common.createBackend(); HistFactoryLikelihood obs = new HistFactoryLikelihood(model,
                backend)) {
            List<FitRecord> all = new ArrayList<>();
            HistFactoryLikelihood lik = calc.data(obs, p, bounds, fixed, options, all);
            try {
                LimitView.Result r = toys
                        ? toyBased(lik, p, bounds, fixed, options, statistic, oneSided, all, plot, bar)
                        : asymptotic(lik, p, bounds, fixed, options, statistic, oneSided, all, t0, bar, plot);
                bar.close(); // before the result is printed
                Rendered out = LimitView.of(r, calc, fixed);
                return CalculatorOptions.emit(common, out.json(), out.text(), all, "the limit", t0, spec);
            } finally {
                if (lik != obs) {
                    lik.close();
                }
            }
        }
    }

    /** The asymptotic limits (one-sided statistics) and hypothesis tests; every fit into {@code all}. */
    private LimitView.Result asymptotic(HistFactoryLikelihood lik, String p, double[] bounds, Map<String, Double> fixed,
            Migrad.Options options, TestStatistic statistic, boolean oneSided, List<FitRecord> all, long t0,
            Progress bar, Path plot) throws IOException {
        try (AsymptoticCls calc = create(lik, p, bounds, fixed, options, statistic);
                Progress.Budget budget = bar.budget((oneSided ? FITS_PER_LIMIT : 0) + 2L * (mus == null ? 0
                        : mus.size()))) {
            calc.progress(budget);
            if (calc.poiFreed()) {
                spec.commandLine().getErr().println("kinvis: note: the workspace fixes the POI '" + p + "'; the CLs"
                        + " tests free it (it is the parameter they vary)");
            }
            double setup = (System.nanoTime() - t0) / 1e9;
            LimitView.Limits limits = null;
            if (oneSided) {
                AsymptoticCls.Limits l = calc.limits(cl, 1e-4);
                all.addAll(l.fits());
                limits = new LimitView.Limits(l.observed(), l.expected());
            } else {
                all.addAll(calc.setupFits());
            }
            List<LimitView.Test> tests = null;
            if (mus != null) {
                tests = new ArrayList<>();
                for (double m : mus) {
                    AsymptoticCls.Result r = calc.test(m);
                    List<FitRecord> own = r.fits().subList(calc.setupFits().size(), r.fits().size());
                    tests.add(new LimitView.Test(r.mu(), r.cls(), r.clsb(), r.clb(), r.expected(), r.valid(), own,
                            null));
                    all.addAll(own);
                }
                if (plot != null) {
                    cls(plot, p, tests, limits, "asymptotic CL_{s}, " + statistic.symbol());
                }
            }
            return new LimitView.Result(p, cl, statistic, oneSided, 0, common.seed, setup, calc.poiFreed(),
                    calc.freeFit().value(p), limits, tests);
        }
    }

    /**
     * Toy-based hypothesis tests at every --mu and, for q̃μ and qμ, the limits where CLs crosses 1 − CL between
     * them; every observed-data fit into {@code all}.
     */
    private LimitView.Result toyBased(HistFactoryLikelihood lik, String p, double[] bounds, Map<String, Double> fixed,
            Migrad.Options options, TestStatistic statistic, boolean oneSided, List<FitRecord> all, Path plot,
            Progress bar) throws IOException {
        ToyCalculator tc = new ToyCalculator(lik, statistic, bounds, fixed, options);
        bar.expect(mus.size() * ToyCalculator.units(calc.toys));
        List<LimitView.Test> tests = new ArrayList<>();
        for (int i = 0; i < mus.size(); i++) {
            ToyCalculator.Result r = tc.test(mus.get(i), calc.toys, common.seed, bar);
            List<FitRecord> own = r.observedFits().subList(i == 0 ? 0 : 1, r.observedFits().size());
            tests.add(new LimitView.Test(r.mu(), r.cls(), r.clsb(), r.clb(), r.expectedCls(), r.observedConverged(),
                    own, r));
            all.addAll(own);
            CalculatorOptions.warnFailedToys(r, spec.commandLine().getErr());
        }
        LimitView.Limits limits = null;
        if (oneSided && mus.size() >= 2) {
            double[][] c = curves(tests);
            double[] exp = new double[5];
            for (int k = 0; k < 5; k++) {
                exp[k] = crossing(c[0], c[2 + k], 1 - cl);
            }
            limits = new LimitView.Limits(crossing(c[0], c[1], 1 - cl), exp);
        }
        if (plot != null) {
            cls(plot, p, tests, limits, "toy-based CL_{s}, " + statistic.symbol());
        }
        return new LimitView.Result(p, cl, statistic, oneSided, calc.toys, common.seed, Double.NaN, false,
                tc.freeFit().value(p), limits, tests);
    }

    /** The tests' curves: μ, observed CLs, then the five expected CLs (−2σ … +2σ). */
    private static double[][] curves(List<LimitView.Test> tests) {
        double[][] c = new double[7][tests.size()];
        for (int i = 0; i < tests.size(); i++) {
            LimitView.Test t = tests.get(i);
            c[0][i] = t.mu();
            c[1][i] = t.cls();
            for (int k = 0; k < 5; k++) {
                c[2 + k][i] = t.expected()[k];
            }
        }
        return c;
    }

    /** The Brazil plot of the tests, with the limits marked where there are some. */
    private void cls(Path plot, String p, List<LimitView.Test> tests, LimitView.Limits limits, String title)
            throws IOException {
        double[][] c = curves(tests);
        double[] none = {Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN};
        Plots.cls(plot, p, c[0], c[1], List.of(java.util.Arrays.copyOfRange(c, 2, 7)), cl,
                limits == null ? Double.NaN : limits.observed(), limits == null ? none : limits.expected(), title);
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
