package org.kinvis.fit.inference;

import java.util.Map;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.kinvis.fit.minimize.FitResult;
import org.kinvis.fit.minimize.Migrad;
import org.kinvis.host.model.AsimovLikelihood;
import org.kinvis.host.model.HistFactoryLikelihood;

/**
 * Asymptotic CLs with the q̃μ test statistic (Cowan, Cranmer, Gross, Vitells, EPJC 71 (2011) 1554), with
 * pyhf's {@code infer.hypotest(..., test_stat="qtilde", calctype="asymptotics")} semantics:
 * <ul>
 *   <li>q̃μ = −2 ln λ(μ) for μ̂ ≤ μ, else 0, with μ̂ constrained to the POI bounds (lower bound 0);</li>
 *   <li>the Asimov data set is the expected main and auxiliary data at the background-only fit
 *       (μ = 0, nuisances profiled on the observed data); q̃μ,A is the same statistic on it;</li>
 *   <li>t = √q̃μ − √q̃μ,A if √q̃μ &lt; √q̃μ,A, else (q̃μ − q̃μ,A)/(2√q̃μ,A);
 *       CLs+b = 1 − Φ(t + √q̃μ,A), CLb = 1 − Φ(t), CLs = CLs+b/CLb;</li>
 *   <li>expected CLs at the background-only test statistic t = n ∈ {2, 1, 0, −1, −2}:
 *       (1 − Φ(n + √q̃μ,A))/(1 − Φ(n)), in pyhf's order.</li>
 * </ul>
 */
public final class AsymptoticCls implements AutoCloseable {
    private static final NormalDistribution PHI = new NormalDistribution(0, 1);
    private final AsimovLikelihood observed;
    private final AsimovLikelihood asimov;
    private final String poi;
    private final int poiIndex;
    private final double[] lo;
    private final double[] hi;
    private final Migrad.Options options;
    private final FitResult freeObserved;
    private final FitResult freeAsimov;
    private final java.util.Map<Double, Double> asimovCache = new java.util.HashMap<>();

    /** One hypothesis test. */
    public record Result(double mu, double qmu, double qmuAsimov, double cls, double clsb, double clb,
            double[] expected) {
    }

    /** @param poiBounds {low, high} for the POI in all fits (pyhf: the suggested bounds unless given) */
    public AsymptoticCls(HistFactoryLikelihood lik, double[] poiBounds, Migrad.Options options) {
        this(lik, lik.parameters().poiName(), poiBounds, options);
    }

    /**
     * Tests on parameter {@code poi} of any likelihood with Asimov data (e.g. a coupling of a reinterpretation;
     * q̃ and q̃_A are likelihood ratios, so the CLs values do not depend on how the POI is parametrised — a coupling
     * g gives the same as its square).
     */
    public AsymptoticCls(AsimovLikelihood lik, String poi, double[] poiBounds, Migrad.Options options) {
        this.observed = lik;
        this.poi = poi;
        this.poiIndex = lik.parameters().indexOf(poi);
        if (poiIndex < 0) {
            throw new IllegalArgumentException("unknown parameter '" + poi + "'");
        }
        this.lo = lik.parameters().lowerBounds();
        this.hi = lik.parameters().upperBounds();
        lo[poiIndex] = poiBounds[0];
        hi[poiIndex] = poiBounds[1];
        this.options = options;
        double[] init = lik.parameters().inits();
        // free fits with HESSE: their covariances give the fixed-μ fits a starting metric
        this.freeObserved = MaximumLikelihood.fit(lik, Map.of(), init, lo, hi, options);
        FitResult bkg = MaximumLikelihood.fit(lik, Map.of(poi, 0.0), freeObserved.values(), lo, hi,
                options.withStrategy(0), freeObserved.covariance());
        this.asimov = lik.withData(lik.expected(bkg.values()), lik.expectedAuxdata(bkg.values()));
        this.freeAsimov = MaximumLikelihood.fit(asimov, Map.of(), bkg.values(), lo, hi, options);
    }

    public FitResult freeFit() {
        return freeObserved;
    }

    private static double qtilde(AsimovLikelihood lik, FitResult free, String poi, double mu, double[] lo,
            double[] hi, Migrad.Options o, int poiIndex) {
        if (free.values()[poiIndex] > mu) {
            return 0;
        }
        FitResult fixed = MaximumLikelihood.fit(lik, Map.of(poi, mu), free.values(), lo, hi,
                o.withStrategy(0).withTolerance(o.tolerance() / 10), free.covariance());
        return Math.max(fixed.fval() - free.fval(), 0);
    }

    public Result test(double mu) {
        double q = qtilde(observed, freeObserved, poi, mu, lo, hi, options, poiIndex);
        double qa = qAsimov(mu);
        double sq = Math.sqrt(q);
        double sqa = Math.sqrt(qa);
        double t = sq < sqa ? sq - sqa : (q - qa) / (2 * sqa);
        double clsb = 1 - PHI.cumulativeProbability(t + sqa);
        double clb = 1 - PHI.cumulativeProbability(t);
        double[] exp = new double[5];
        for (int i = 0; i < 5; i++) {
            exp[i] = expectedCls(qa, i);
        }
        return new Result(mu, q, qa, clsb / clb, clsb, clb, exp);
    }

    /** q̃μ on the Asimov data set (cached: the observed and all five expected limits ask for it). */
    private double qAsimov(double mu) {
        return asimovCache.computeIfAbsent(mu, m -> qtilde(asimov, freeAsimov, poi, m, lo, hi, options, poiIndex));
    }

    /** Expected CLs at the background-only test statistic t = n, n = 2, 1, 0, −1, −2 for k = 0 … 4. */
    private static double expectedCls(double qa, int k) {
        double n = 2 - k;
        double sqa = Math.sqrt(qa);
        return (1 - PHI.cumulativeProbability(n + sqa)) / (1 - PHI.cumulativeProbability(n));
    }

    /**
     * Upper limits at confidence level {@code cl}: the μ where CLs (observed) and each expected CLs curve cross
     * 1 − cl, by regula falsi guarded by bisection within the POI bounds, to relative precision
     * {@code tolerance}. Returns {observed, expected[5] in pyhf's order (+2σ … −2σ of the test statistic, i.e. the
     * −2σ … +2σ band of the limit)}; +∞ where the POI bounds are not excluded. The expected limits need only the
     * Asimov fits.
     */
    public double[][] upperLimits(double cl, double tolerance) {
        double alpha = 1 - cl;
        double b = hi[poiIndex];
        double a = lo[poiIndex] + 1e-7 * (b - lo[poiIndex]);
        double[] obs = {solve(mu -> test(mu).cls(), alpha, a, b, tolerance)};
        double[] exp = new double[5];
        for (int k = 0; k < 5; k++) {
            final int kk = k;
            exp[k] = solve(mu -> expectedCls(qAsimov(mu), kk), alpha, a, b, tolerance);
        }
        return new double[][] {obs, exp};
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
