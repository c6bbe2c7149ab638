package org.kinvis.fit.inference;

import java.util.List;
import org.apache.commons.math3.special.Erf;

/**
 * A profile-likelihood test statistic of the parameter of interest with its asymptotic distributions (G. Cowan,
 * K. Cranmer, E. Gross, O. Vitells, "Asymptotic formulae for likelihood-based tests of new physics", EPJC 71 (2011)
 * 1554, arXiv:1007.1727), as pyhf's {@code infer.test_statistics} and {@code AsymptoticCalculator} define them.
 * Each statistic says whether it needs the conditional fit at μ, how it follows from the free and conditional
 * minima (Δ = twice_nll(μ, profiled) − twice_nll(free)), the POI value μ′ of its Asimov data set and of its
 * background-like toys, and its asymptotic CLs+b and CLb p-values given its value on that Asimov data set.
 *
 * <p>As in pyhf, the statistics differ in how the fit's POI bounds are read: the free fit's μ̂ lies within the POI
 * bounds the caller gives, so qμ and tμ with a lower bound of 0 take the values of q̃μ and t̃μ (pyhf warns there;
 * so does kinvis's command line). A closed family: q̃μ (pyhf's default, {@code "qtilde"}), qμ ({@code "q"}),
 * q₀ ({@code "q0"}), tμ ({@code "tmu"}) and t̃μ ({@code "tmu_tilde"}, pyhf's {@code tmu_tilde}).
 *
 * <p>Asymptotic p-values follow pyhf's "−μ̂/σ space" for q̃μ, qμ and q₀ (the statistic {@code t} below is
 * normal with unit variance, shifted by −√q_A under the tested hypothesis and 0 under the other), and Cowan et al.'s
 * cumulative distributions F(t|μ′) (their Eqs. 36–38 and 42–44) for the two-sided tμ and t̃μ, which pyhf has no
 * asymptotic calculator for. Expected values are at the other hypothesis' n-σ quantile of −μ̂/σ, n ∈ {2, 1, 0,
 * −1, −2} in pyhf's order (pyhf's {@code expected_value(n) = n}).
 */
public sealed interface TestStatistic
        permits TestStatistic.QTildeMu, TestStatistic.QMu, TestStatistic.QZero, TestStatistic.TMu,
        TestStatistic.TTildeMu {

    /** q̃μ, pyhf's default ({@code test_stat="qtilde"}). */
    TestStatistic QTILDE_MU = new QTildeMu();

    /** qμ ({@code test_stat="q"}). */
    TestStatistic Q_MU = new QMu();

    /** q₀, the discovery statistic ({@code test_stat="q0"}). */
    TestStatistic Q_ZERO = new QZero();

    /** tμ, the two-sided profile-likelihood ratio. */
    TestStatistic T_MU = new TMu();

    /** t̃μ, tμ with μ̂ bounded below by 0. */
    TestStatistic T_TILDE_MU = new TTildeMu();

    /** All statistics by name. */
    List<TestStatistic> ALL = List.of(QTILDE_MU, Q_MU, Q_ZERO, T_MU, T_TILDE_MU);

    /** The statistic called {@code name} ({@code qtilde, q, q0, tmu, tmu_tilde}), or null. */
    static TestStatistic named(String name) {
        for (TestStatistic t : ALL) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        return null;
    }

    /** pyhf's name of the statistic ({@code test_stat}). */
    String name();

    /** Its symbol for text output. */
    String symbol();

    /**
     * The POI value μ′ of the Asimov data set whose statistic enters the asymptotic formulae, and of the
     * background-like toys: 0, and 1 for q₀ (pyhf: {@code asimov_mu = 1.0 if test_stat == "q0" else 0.0}).
     */
    default double alternativeMu() {
        return 0;
    }

    /** Whether the statistic bounds μ̂ below by 0 (the tilde statistics; pyhf reads it from the POI bounds). */
    boolean expectsZeroLowerBound();

    /** Whether the statistic at μ needs the conditional fit, given the unconditional μ̂. */
    boolean needsConditional(double mu, double muHat);

    /**
     * The statistic from Δ = twice_nll(conditional at μ) − twice_nll(free): Δ (clipped at 0 against rounding) where
     * the statistic needs the conditional fit, else 0 (Δ unused).
     */
    default double value(double mu, double muHat, double delta) {
        return needsConditional(mu, muHat) ? Math.max(delta, 0) : 0;
    }

    /** Asymptotic {CLs+b, CLb} for the observed statistic q and its Asimov value qA. */
    double[] pValues(double q, double qA);

    /** Asymptotic {CLs+b, CLb} where −μ̂/σ lies {@code n} standard deviations from its median under μ′. */
    double[] expectedPValues(double qA, double n);

    /** The expected CLs at the background-only statistic {@code n} standard deviations from its median. */
    default double expectedCls(double qA, double n) {
        double[] p = expectedPValues(qA, n);
        return p[0] / p[1];
    }

    /** The standard normal distribution function Φ (as commons-math's NormalDistribution computes it). */
    static double phi(double x) {
        return 0.5 * Erf.erfc(-x / Math.sqrt(2));
    }

    /**
     * The one-sided statistics in pyhf's −μ̂/σ space: {CLs+b, CLb} = {Φ(−(t + √qA)), Φ(−t)} at the statistic
     * {@code t}; the expected ones at t = n.
     */
    private static double[] oneSided(double t, double sqa) {
        return new double[] {phi(-(t + sqa)), phi(-t)};
    }

    /**
     * q̃μ = −2 ln λ(μ) for μ̂ ≤ μ, else 0, μ̂ within the POI bounds (lower bound 0). With √q̃μ,A:
     * t = √q̃μ − √q̃μ,A where √q̃μ &lt; √q̃μ,A — and where q̃μ,A = 0 (the test at μ = 0, pyhf's guard against 0/0,
     * which makes CLs = 1 there) — else (q̃μ − q̃μ,A)/(2√q̃μ,A) (Cowan et al. Eq. 66 in pyhf's form);
     * CLs+b = 1 − Φ(t + √q̃μ,A), CLb = 1 − Φ(t).
     */
    record QTildeMu() implements TestStatistic {
        @Override
        public String name() {
            return "qtilde";
        }

        @Override
        public String symbol() {
            return "q̃μ";
        }

        @Override
        public boolean expectsZeroLowerBound() {
            return true;
        }

        @Override
        public boolean needsConditional(double mu, double muHat) {
            return muHat < mu;
        }

        @Override
        public double[] pValues(double q, double qA) {
            double sq = Math.sqrt(q);
            double sqa = Math.sqrt(qA);
            double t = sq < sqa || sqa == 0 ? sq - sqa : (q - qA) / (2 * sqa);
            return oneSided(t, sqa);
        }

        @Override
        public double[] expectedPValues(double qA, double n) {
            return oneSided(n, Math.sqrt(qA));
        }
    }

    /**
     * qμ = −2 ln λ(μ) for μ̂ ≤ μ, else 0 (Cowan et al. Eq. 14), with t = √qμ − √qμ,A (their Eq. 59):
     * CLs+b = 1 − Φ(√qμ), CLb = 1 − Φ(t).
     */
    record QMu() implements TestStatistic {
        @Override
        public String name() {
            return "q";
        }

        @Override
        public String symbol() {
            return "qμ";
        }

        @Override
        public boolean expectsZeroLowerBound() {
            return false;
        }

        @Override
        public boolean needsConditional(double mu, double muHat) {
            return muHat < mu;
        }

        @Override
        public double[] pValues(double q, double qA) {
            double sqa = Math.sqrt(qA);
            return oneSided(Math.sqrt(q) - sqa, sqa);
        }

        @Override
        public double[] expectedPValues(double qA, double n) {
            return oneSided(n, Math.sqrt(qA));
        }
    }

    /**
     * q₀ = −2 ln λ(0) for μ̂ ≥ 0, else 0 (Cowan et al. Eq. 12), tested at μ = 0 against the Asimov data set at
     * μ′ = 1: t = √q₀ − √q₀,A, the discovery p-value p₀ = CLs+b = 1 − Φ(√q₀) (their Eq. 52) and the median
     * expected p₀ = 1 − Φ(√q₀,A) (n = 0). pyhf's {@code hypotest(..., test_stat="q0")} returns CLs+b.
     */
    record QZero() implements TestStatistic {
        @Override
        public String name() {
            return "q0";
        }

        @Override
        public String symbol() {
            return "q₀";
        }

        @Override
        public double alternativeMu() {
            return 1;
        }

        @Override
        public boolean expectsZeroLowerBound() {
            return false;
        }

        @Override
        public boolean needsConditional(double mu, double muHat) {
            return !(muHat < 0);
        }

        /** qμ's formulae (t = √q − √qA in pyhf's −μ̂/σ space). */
        @Override
        public double[] pValues(double q, double qA) {
            return Q_MU.pValues(q, qA);
        }

        @Override
        public double[] expectedPValues(double qA, double n) {
            return Q_MU.expectedPValues(qA, n);
        }
    }

    /**
     * tμ = −2 ln λ(μ) for every μ̂ (Cowan et al. Eq. 8). With s = |μ|/σ = √tμ,A (the Asimov data set at μ′ = 0):
     * F(t|μ′) = Φ(√t + Δ) + Φ(√t − Δ) − 1 with Δ = (μ − μ′)/σ (their Eq. 37), so CLs+b = 1 − F(t|μ) = 2Φ(−√t)
     * (Eq. 36) and CLb = 1 − F(t|0) = Φ(−√t − s) + Φ(s − √t). Expected at −μ̂/σ = n: t = (s + n)².
     */
    record TMu() implements TestStatistic {
        @Override
        public String name() {
            return "tmu";
        }

        @Override
        public String symbol() {
            return "tμ";
        }

        @Override
        public boolean expectsZeroLowerBound() {
            return false;
        }

        @Override
        public boolean needsConditional(double mu, double muHat) {
            return true;
        }

        @Override
        public double[] pValues(double t, double tA) {
            double st = Math.sqrt(t);
            double s = Math.sqrt(tA);
            return new double[] {2 * phi(-st), phi(-st - s) + phi(s - st)};
        }

        @Override
        public double[] expectedPValues(double tA, double n) {
            double s = Math.sqrt(tA);
            return pValues((s + n) * (s + n), tA);
        }
    }

    /**
     * t̃μ = −2 ln λ̃(μ), μ̂ bounded below by 0 (Cowan et al. Eq. 10). With s = μ/σ = √t̃μ,A (Asimov at μ′ = 0),
     * their Eq. 43 at μ′ = μ and μ′ = 0 gives CLs+b = 1 − F(t̃|μ) = 2Φ(−√t̃) for t̃ ≤ s², else
     * Φ(−√t̃) + Φ(−(t̃ + s²)/(2s)); CLb = 1 − F(t̃|0) = Φ(−√t̃ − s) + Φ(s − √t̃) for t̃ ≤ s², else
     * Φ(−√t̃ − s) + Φ(−(t̃ − s²)/(2s)). At s = 0 (the test at μ = 0) both are 2Φ(−√t̃): CLs = 1. Expected at
     * −μ̂/σ = n: t̃ = s² + 2ns where μ̂ &lt; 0 (n &gt; 0), else (s + n)² (Eq. 41).
     */
    record TTildeMu() implements TestStatistic {
        @Override
        public String name() {
            return "tmu_tilde";
        }

        @Override
        public String symbol() {
            return "t̃μ";
        }

        @Override
        public boolean expectsZeroLowerBound() {
            return true;
        }

        @Override
        public boolean needsConditional(double mu, double muHat) {
            return true;
        }

        @Override
        public double[] pValues(double t, double tA) {
            double st = Math.sqrt(t);
            double s = Math.sqrt(tA);
            if (s == 0 || t <= tA) {
                return new double[] {2 * phi(-st), phi(-st - s) + phi(s - st)};
            }
            return new double[] {phi(-st) + phi(-(t + tA) / (2 * s)), phi(-st - s) + phi(-(t - tA) / (2 * s))};
        }

        @Override
        public double[] expectedPValues(double tA, double n) {
            double s = Math.sqrt(tA);
            return pValues(n > 0 ? tA + 2 * n * s : (s + n) * (s + n), tA);
        }
    }
}
