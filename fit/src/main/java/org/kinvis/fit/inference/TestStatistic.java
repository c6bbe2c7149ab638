package org.kinvis.fit.inference;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * A profile-likelihood test statistic of the parameter of interest with its asymptotic distributions (Cowan,
 * Cranmer, Gross, Vitells, EPJC 71 (2011) 1554). Each statistic says whether it needs the conditional fit at μ,
 * how it follows from the free and conditional minima, and its CLs+b and CLb p-values given its value on the
 * Asimov data set. A closed family: q̃μ now; qμ, tμ, t̃μ and q₀ are further members.
 */
public sealed interface TestStatistic permits TestStatistic.QTildeMu {

    /** q̃μ, pyhf's default ({@code test_stat="qtilde"}). */
    TestStatistic QTILDE_MU = new QTildeMu();

    /** Whether the statistic at μ needs the conditional fit, given the unconditional μ̂. */
    boolean needsConditional(double mu, double muHat);

    /** The statistic from Δ = twice_nll(conditional at μ) − twice_nll(free) (unused where not needed). */
    double value(double mu, double muHat, double delta);

    /** {CLs+b, CLb} for the observed statistic q and its Asimov value qA. */
    double[] pValues(double q, double qA);

    /** The expected CLs at the background-only statistic {@code n} standard deviations from its median. */
    double expectedCls(double qA, double n);

    /**
     * q̃μ = −2 ln λ(μ) for μ̂ ≤ μ, else 0, μ̂ constrained to the POI bounds (lower bound 0). With √q̃μ,A:
     * t = √q̃μ − √q̃μ,A where √q̃μ &lt; √q̃μ,A — and where q̃μ,A = 0 (the test at μ = 0, pyhf's guard against 0/0,
     * which makes CLs = 1 there) — else (q̃μ − q̃μ,A)/(2√q̃μ,A); CLs+b = 1 − Φ(t + √q̃μ,A), CLb = 1 − Φ(t).
     */
    record QTildeMu() implements TestStatistic {
        private static final NormalDistribution PHI = new NormalDistribution(0, 1);

        @Override
        public boolean needsConditional(double mu, double muHat) {
            return muHat < mu;
        }

        @Override
        public double value(double mu, double muHat, double delta) {
            return needsConditional(mu, muHat) ? Math.max(delta, 0) : 0;
        }

        @Override
        public double[] pValues(double q, double qA) {
            double sq = Math.sqrt(q);
            double sqa = Math.sqrt(qA);
            double t = sq < sqa || sqa == 0 ? sq - sqa : (q - qA) / (2 * sqa);
            return new double[] {PHI.cumulativeProbability(-(t + sqa)), PHI.cumulativeProbability(-t)};
        }

        @Override
        public double expectedCls(double qA, double n) {
            double sqa = Math.sqrt(qA);
            return PHI.cumulativeProbability(-(n + sqa)) / PHI.cumulativeProbability(-n);
        }
    }
}
