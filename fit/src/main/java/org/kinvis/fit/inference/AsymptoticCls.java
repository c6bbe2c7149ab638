package org.kinvis.fit.inference;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kinvis.fit.minimize.FitResult;
import org.kinvis.fit.minimize.Migrad;
import org.kinvis.host.model.AsimovLikelihood;
import org.kinvis.host.model.HistFactoryLikelihood;

/**
 * Asymptotic hypothesis tests and CLs (Cowan, Cranmer, Gross, Vitells, EPJC 71 (2011) 1554) with pyhf's
 * {@code infer.hypotest(..., test_stat=..., calctype="asymptotics")} semantics, for any {@link TestStatistic}
 * (q̃μ by default):
 * <ul>
 *   <li>the statistic from the free fit (μ̂ within the POI bounds) and, where it needs one, the conditional fit
 *       at μ;</li>
 *   <li>the Asimov data set is the expected main and auxiliary data at the fit with the POI fixed at
 *       μ′ = {@link TestStatistic#alternativeMu()} (0; 1 for q₀) and the nuisances profiled on the observed data
 *       (pyhf's {@code generate_asimov_data}); the statistic's Asimov value is the same statistic on it;</li>
 *   <li>CLs+b, CLb and the expected CLs+b and CLs at the alternative's −μ̂/σ = n ∈ {2, 1, 0, −1, −2} as the
 *       statistic defines them, in pyhf's order; CLs = 1 at μ = 0 (pyhf's guard). For q₀ the discovery p-value
 *       is CLs+b and its expected values the expected CLs+b (pyhf's hypotest returns those for q₀).</li>
 * </ul>
 * Every fit behind a result is recorded ({@link FitRecord}) and recovered where not valid (through
 * {@link MaximumLikelihood}); a result is valid only when all its fits are. A POI that the workspace fixes is
 * freed for the tests (it is the parameter being tested; {@link #poiFreed()} says so). A model whose
 * background-only hypothesis predicts no events (signal only) has no CLs: the constructor refuses it with an
 * {@link UndefinedTestException}, as pyhf's hypotest fails there.
 */
public final class AsymptoticCls implements AutoCloseable {
    private final AsimovLikelihood observed;
    private final AsimovLikelihood asimov;
    private final String poi;
    private final int poiIndex;
    private final double[] lo;
    private final double[] hi;
    private final boolean[] baseFixed;
    private final boolean poiFreed;
    private final Map<String, Double> fixedValues;
    private final Migrad.Options options;
    private final TestStatistic statistic;
    private final FitResult freeObserved;
    private final FitResult freeAsimov;
    private final List<FitRecord> setup = new ArrayList<>();
    private final List<FitRecord> log = Collections.synchronizedList(new ArrayList<>());
    private final Map<Double, Asimov> asimovCache = new HashMap<>();
    private volatile Progress progress = Progress.NONE;

    /** q̃μ,A at one μ with the fit behind it. */
    private record Asimov(double q, FitRecord fit) {
    }

    /**
     * One hypothesis test with every fit behind it (the set-up fits first).
     *
     * @param expected     expected CLs at n = 2, 1, 0, −1, −2 (pyhf's order)
     * @param expectedClsb expected CLs+b at the same n (for q₀: the expected discovery p-values)
     */
    public record Result(double mu, double qmu, double qmuAsimov, double cls, double clsb, double clb,
            double[] expected, double[] expectedClsb, List<FitRecord> fits) {
        public boolean valid() {
            return FitRecord.allValid(fits);
        }
    }

    /**
     * Upper limits at confidence level cl with every fit behind them.
     *
     * @param observed +∞ where the POI bounds are not excluded
     * @param expected pyhf's order: +2σ … −2σ of the test statistic, i.e. the −2σ … +2σ band of the limit
     */
    public record Limits(double cl, double observed, double[] expected, List<FitRecord> fits) {
        public boolean valid() {
            return FitRecord.allValid(fits);
        }
    }

    /** @param poiBounds {low, high} for the POI in all fits (pyhf: the suggested bounds unless given) */
    public AsymptoticCls(HistFactoryLikelihood lik, double[] poiBounds, Migrad.Options options) {
        this(lik, lik.requirePoi("a CLs test"), poiBounds, Map.of(), options);
    }

    /** Tests on parameter {@code poi} of any likelihood with Asimov data, nothing else fixed. */
    public AsymptoticCls(AsimovLikelihood lik, String poi, double[] poiBounds, Migrad.Options options) {
        this(lik, poi, poiBounds, Map.of(), options);
    }

    /**
     * Tests on parameter {@code poi} of any likelihood with Asimov data (e.g. a coupling of a reinterpretation;
     * q̃ and q̃_A are likelihood ratios, so the CLs values do not depend on how the POI is parametrised — a coupling
     * g gives the same as its square), with the parameters in {@code fixedValues} fixed in every fit.
     */
    public AsymptoticCls(AsimovLikelihood lik, String poi, double[] poiBounds, Map<String, Double> fixedValues,
            Migrad.Options options) {
        this(lik, poi, poiBounds, fixedValues, options, TestStatistic.QTILDE_MU);
    }

    /**
     * The tests with {@code statistic} instead of q̃μ; {@code poi} null means the model's POI (a model without one
     * is refused by {@link org.kinvis.host.model.Likelihood#requirePoi}).
     */
    public AsymptoticCls(AsimovLikelihood lik, String poi, double[] poiBounds, Map<String, Double> fixedValues,
            Migrad.Options options, TestStatistic statistic) {
        this.observed = lik;
        this.statistic = statistic;
        if (poi == null) {
            poi = lik.requirePoi("a CLs test"); // null: the model's POI
        }
        this.poi = poi;
        this.poiIndex = lik.parameters().indexOf(poi);
        if (poiIndex < 0) {
            throw new IllegalArgumentException("unknown parameter '" + poi + "'");
        }
        if (fixedValues.containsKey(poi)) {
            throw new IllegalArgumentException("the parameter of interest '" + poi + "' cannot be fixed for a test");
        }
        this.lo = lik.parameters().lowerBounds();
        this.hi = lik.parameters().upperBounds();
        lo[poiIndex] = poiBounds[0];
        hi[poiIndex] = poiBounds[1];
        this.baseFixed = lik.parameters().fixed();
        this.poiFreed = baseFixed[poiIndex];
        baseFixed[poiIndex] = false;
        this.fixedValues = Map.copyOf(fixedValues);
        this.options = options;
        double[] init = lik.parameters().inits();
        init[poiIndex] = Math.max(lo[poiIndex], Math.min(hi[poiIndex], init[poiIndex]));
        refuseSignalOnly(lik, init);
        // free fits with HESSE: their covariances give the fixed-μ fits a starting metric
        this.freeObserved = fit(lik, "observed", Map.of(), init, options, null, setup);
        double alt = statistic.alternativeMu();
        FitResult bkg = fit(lik, "observed", Map.of(poi, alt), freeObserved.values(), options.withStrategy(0),
                freeObserved.covariance(), setup);
        if (!Double.isFinite(bkg.fval()) || sum(lik.expected(bkg.values())) <= 0) {
            throw new UndefinedTestException("the hypothesis " + poi + " = " + alt + " of the Asimov data set is"
                    + " impossible for the observed data — bins with events but no expected events — so the test is"
                    + " undefined (pyhf's hypotest fails too)");
        }
        this.asimov = withExpectedData(lik, bkg.values());
        this.freeAsimov = fit(asimov, "asimov", Map.of(), bkg.values(), options, null, setup);
    }

    /**
     * Refuses a signal-only model: with the POI at 0 every bin's expected count is zero, so there is no
     * background-only hypothesis to compare with.
     */
    private void refuseSignalOnly(AsimovLikelihood lik, double[] init) {
        double[] b0 = init.clone();
        b0[poiIndex] = 0;
        fixedValues.forEach((k, v) -> b0[lik.parameters().indexOf(k)] = v);
        if (!(sum(lik.expected(b0)) > 0)) {
            throw new UndefinedTestException("signal-only model: with " + poi + " = 0 every bin's expected count is"
                    + " zero, so there is no background-only hypothesis and CLs is undefined (pyhf's hypotest fails"
                    + " too)");
        }
    }

    private static double sum(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s;
    }

    /** One fit with the caller's fixed values added, recorded in {@code records} and in the log of all fits. */
    private FitResult fit(AsimovLikelihood lik, String dataset, Map<String, Double> at, double[] start,
            Migrad.Options o, double[][] cov, List<FitRecord> records) {
        Map<String, Double> fixed = new LinkedHashMap<>(fixedValues);
        fixed.putAll(at);
        FitResult r = MaximumLikelihood.fit(lik, new Objective(lik), baseFixed, fixed, start, lo, hi, o, cov);
        progress.advance();
        FitRecord rec = FitRecord.of(dataset, at, r);
        records.add(rec);
        if (records != log) {
            log.add(rec);
        }
        return r;
    }

    /**
     * Reports every later fit (hypothesis tests, the limit searches) to {@code p}; the number of fits a limit
     * search needs is not known in advance, so callers announce an estimate ({@link Progress#budget}).
     */
    public AsymptoticCls progress(Progress p) {
        this.progress = p;
        return this;
    }

    public FitResult freeFit() {
        return freeObserved;
    }

    /** The test statistic. */
    public TestStatistic statistic() {
        return statistic;
    }

    /** The likelihood on the expected main and auxiliary data at {@code point} (an Asimov data set). */
    static AsimovLikelihood withExpectedData(AsimovLikelihood lik, double[] point) {
        return lik.withData(lik.expected(point), lik.expectedAuxdata(point));
    }

    /**
     * The fit behind pyhf's {@code generate_asimov_data(μ′, data, ...)}: the POI fixed at μ′, the nuisances profiled
     * on {@code lik}'s data, with the workspace's fixed parameters and {@code fixedValues}, from the inits. Its
     * expected main and auxiliary data ({@code lik.withData(lik.expected(x), lik.expectedAuxdata(x))}) are the
     * Asimov data set at μ′ — in place of the observed data, every result is the median expected one if μ = μ′.
     * Without HESSE and with a tenth of the tolerance, as the conditional fits of the tests.
     */
    public static FitResult asimovFit(AsimovLikelihood lik, String poi, double muPrime,
            Map<String, Double> fixedValues, Migrad.Options options) {
        Map<String, Double> fixed = new LinkedHashMap<>(fixedValues);
        fixed.put(poi, muPrime);
        return MaximumLikelihood.fit(lik, new Objective(lik), lik.parameters().fixed(), fixed,
                lik.parameters().inits(), lik.parameters().lowerBounds(), lik.parameters().upperBounds(),
                options.withStrategy(0).withTolerance(options.tolerance() / 10), null);
    }

    /** Whether the workspace fixed the POI and the tests freed it. */
    public boolean poiFreed() {
        return poiFreed;
    }

    /** The three set-up fits: free on the observed data, background-only on it, free on the Asimov data. */
    public List<FitRecord> setupFits() {
        return List.copyOf(setup);
    }

    /** The POI range of the tests. */
    public double[] poiBounds() {
        return new double[] {lo[poiIndex], hi[poiIndex]};
    }

    /** The statistic on one data set at μ; the conditional fit (if needed) recorded in {@code records}. */
    private double statistic(AsimovLikelihood lik, String dataset, FitResult free, double mu,
            List<FitRecord> records) {
        double muHat = free.values()[poiIndex];
        if (!statistic.needsConditional(mu, muHat)) {
            return statistic.value(mu, muHat, 0);
        }
        FitResult fixed = fit(lik, dataset, Map.of(poi, mu), free.values(),
                options.withStrategy(0).withTolerance(options.tolerance() / 10), free.covariance(), records);
        return statistic.value(mu, muHat, fixed.fval() - free.fval());
    }

    /** The hypothesis test at μ, which must lie within the POI bounds. */
    public Result test(double mu) {
        if (!(mu >= lo[poiIndex] && mu <= hi[poiIndex])) {
            throw new IllegalArgumentException(poi + " = " + mu + " is outside the POI bounds [" + lo[poiIndex] + ", "
                    + hi[poiIndex] + "]");
        }
        List<FitRecord> fits = new ArrayList<>(setup);
        double q = statistic(observed, "observed", freeObserved, mu, fits);
        Asimov a = asimovAt(mu);
        if (a.fit() != null) {
            fits.add(a.fit());
        }
        double qa = a.q();
        double[] p = statistic.pValues(q, qa);
        double[] exp = new double[5];
        double[] expSb = new double[5];
        for (int i = 0; i < 5; i++) {
            double[] e = statistic.expectedPValues(qa, 2 - i);
            expSb[i] = e[0];
            exp[i] = e[0] / e[1];
        }
        return new Result(mu, q, qa, p[0] / p[1], p[0], p[1], exp, expSb, List.copyOf(fits));
    }

    /** q̃μ on the Asimov data set (cached: the observed and all five expected limits ask for it). */
    private Asimov asimovAt(double mu) {
        return asimovCache.computeIfAbsent(mu, m -> {
            List<FitRecord> r = new ArrayList<>();
            double q = statistic(asimov, "asimov", freeAsimov, m, r);
            return new Asimov(q, r.isEmpty() ? null : r.get(0));
        });
    }

    /**
     * Upper limits at confidence level {@code cl}: the μ where CLs (observed) and each expected CLs curve cross
     * 1 − cl, by regula falsi guarded by bisection within the POI bounds, to relative precision
     * {@code tolerance}. Returns {observed, expected[5] in pyhf's order (+2σ … −2σ of the test statistic, i.e. the
     * −2σ … +2σ band of the limit)}; +∞ where the POI bounds are not excluded. The expected limits need only the
     * Asimov fits.
     */
    public double[][] upperLimits(double cl, double tolerance) {
        Limits l = limits(cl, tolerance);
        return new double[][] {{l.observed()}, l.expected()};
    }

    /** {@link #upperLimits} with every fit behind the limits (the set-up fits and each one the searches ran). */
    public Limits limits(double cl, double tolerance) {
        int before = log.size();
        double alpha = 1 - cl;
        double b = hi[poiIndex];
        // from the POI's lower bound, or from 0 where it allows negative values (qμ): CLs = 1 at μ = 0
        double start = Math.max(lo[poiIndex], 0);
        double a = start + 1e-7 * (b - start);
        double obs = solve(mu -> test(mu).cls(), alpha, a, b, tolerance);
        double[] exp = new double[5];
        for (int k = 0; k < 5; k++) {
            final int kk = k;
            exp[k] = solve(mu -> statistic.expectedCls(asimovAt(mu).q(), 2 - kk), alpha, a, b, tolerance);
        }
        List<FitRecord> fits = new ArrayList<>(setup);
        synchronized (log) {
            fits.addAll(log.subList(before, log.size()));
        }
        return new Limits(cl, obs, exp, List.copyOf(fits));
    }

    private static double solve(java.util.function.DoubleUnaryOperator cls, double alpha, double a, double b,
            double tol) {
        double fa = cls.applyAsDouble(a) - alpha;
        double fb = cls.applyAsDouble(b) - alpha;
        if (fa < 0) {
            return a;
        }
        if (fb > 0) {
            return Double.POSITIVE_INFINITY; // not excluded within the POI bounds
        }
        while (b - a > tol * Math.max(Math.abs(b), Double.MIN_NORMAL)) {
            // regula falsi step guarded by bisection
            double m = a + (b - a) * fa / (fa - fb);
            if (!(m > a + 0.05 * (b - a) && m < b - 0.05 * (b - a))) {
                m = 0.5 * (a + b);
            }
            double fm = cls.applyAsDouble(m) - alpha;
            if (fm > 0) {
                a = m;
                fa = fm;
            } else {
                b = m;
                fb = fm;
            }
        }
        return a + (b - a) * fa / (fa - fb);
    }

    @Override
    public void close() {
        asimov.close();
    }
}
