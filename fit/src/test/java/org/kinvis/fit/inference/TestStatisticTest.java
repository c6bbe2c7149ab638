package org.kinvis.fit.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;

/**
 * The asymptotic p-values of every statistic against an independent computation in the Wald approximation
 * (Cowan, Cranmer, Gross, Vitells, EPJC 71 (2011) 1554, §3): μ̂ ~ N(μ′, σ²) (unbounded; the tilde statistics
 * replace μ̂ &lt; 0 by 0 in the likelihood ratio), each statistic a known function of μ̂, and the p-value under μ′ the
 * normal probability of the μ̂ where the statistic is at least the observed one, integrated numerically. The
 * Asimov value is the statistic at μ̂ = μ′ of the Asimov set (0; 1 for q₀).
 */
class TestStatisticTest {

    /** The statistic as a function of μ̂ for test value μ and width σ (Cowan et al. Eqs. 8, 10, 12, 14, 16). */
    static double of(TestStatistic t, double mu, double muHat, double sigma) {
        double full = (mu - muHat) * (mu - muHat) / (sigma * sigma);
        double tilde = muHat >= 0 ? full : (mu * mu - 2 * mu * muHat) / (sigma * sigma);
        return switch (t) {
            case TestStatistic.QTildeMu q -> muHat > mu ? 0 : tilde;
            case TestStatistic.QMu q -> muHat > mu ? 0 : full;
            case TestStatistic.QZero q -> muHat < 0 ? 0 : muHat * muHat / (sigma * sigma);
            case TestStatistic.TMu q -> full;
            case TestStatistic.TTildeMu q -> tilde;
        };
    }

    /** P(statistic ≥ observed | μ̂ ~ N(μ′, σ)) by the trapezoid rule over μ̂ ∈ μ′ ± 12σ. */
    static double tail(DoubleUnaryOperator stat, double observed, double muPrime, double sigma) {
        int n = 400_000;
        double a = muPrime - 12 * sigma;
        double h = 24 * sigma / n;
        double s = 0;
        for (int i = 0; i <= n; i++) {
            double m = a + i * h;
            // the boundary of the region is where the step function switches: half weight there via the midpoints
            double w = (i == 0 || i == n) ? 0.5 : 1;
            double z = (m - muPrime) / sigma;
            if (stat.applyAsDouble(m) >= observed) {
                s += w * Math.exp(-0.5 * z * z);
            }
        }
        return s * h / (sigma * Math.sqrt(2 * Math.PI));
    }

    @Test
    void pValuesAreTheWaldProbabilities() {
        double sigma = 0.7;
        for (TestStatistic t : TestStatistic.ALL) {
            double mu = t == TestStatistic.Q_ZERO ? 0 : 1.3;
            double alt = t.alternativeMu();
            double qA = of(t, mu, alt, sigma);
            for (double muHatObs : new double[] {-0.9, -0.2, 0.15, 0.6, 1.1, 1.9}) {
                double q = of(t, mu, muHatObs, sigma);
                if (q == 0) {
                    continue; // the one-sided statistics' p-values at q = 0 are pyhf's convention, tested below
                }
                double[] p = t.pValues(q, qA);
                DoubleUnaryOperator stat = m -> of(t, mu, m, sigma);
                assertThat(p[0]).as("%s CLs+b at μ̂ = %s", t.name(), muHatObs)
                        .isCloseTo(tail(stat, q, mu, sigma), within(2e-5));
                assertThat(p[1]).as("%s CLb at μ̂ = %s", t.name(), muHatObs)
                        .isCloseTo(tail(stat, q, alt, sigma), within(2e-5));
            }
        }
    }

    /** Expected p-values at −μ̂/σ = n about the alternative (pyhf's expected_value(n) = n in −μ̂/σ space). */
    @Test
    void expectedPValuesAreThoseAtTheAlternativesQuantiles() {
        double sigma = 0.45;
        for (TestStatistic t : TestStatistic.ALL) {
            double mu = t == TestStatistic.Q_ZERO ? 0 : 1.3;
            double alt = t.alternativeMu();
            double qA = of(t, mu, alt, sigma);
            for (int n = 2; n >= -2; n--) {
                // q₀'s −μ̂/σ space is (μ̂ − μ′)/σ (pyhf: √q₀ − √q₀,A)
                double muHat = t == TestStatistic.Q_ZERO ? alt + n * sigma : alt - n * sigma;
                double q = of(t, mu, muHat, sigma);
                double[] e = t.expectedPValues(qA, n);
                if (q > 0) {
                    double[] p = t.pValues(q, qA);
                    assertThat(e[0]).as("%s expected CLs+b at n = %d", t.name(), n).isCloseTo(p[0], within(1e-12));
                    assertThat(e[1]).as("%s expected CLb at n = %d", t.name(), n).isCloseTo(p[1], within(1e-12));
                }
            }
        }
    }

    @Test
    void pyhfConventionsOfTheOneSidedStatistics() {
        double qA = 2.5;
        double s = Math.sqrt(qA);
        // pyhf: CLs+b = Φ(−(n + √qA)), CLb = Φ(−n) at the expected n; n = 0 is the median
        for (TestStatistic t : new TestStatistic[] {TestStatistic.QTILDE_MU, TestStatistic.Q_MU,
            TestStatistic.Q_ZERO}) {
            for (int n = 2; n >= -2; n--) {
                double[] e = t.expectedPValues(qA, n);
                assertThat(e[0]).isCloseTo(phi(-(n + s)), within(1e-15));
                assertThat(e[1]).isCloseTo(phi(-n), within(1e-15));
            }
            // q = 0 (μ̂ above μ): pyhf's teststat −√qA, so CLs+b = 1/2, CLb = Φ(√qA)
            double[] p = t.pValues(0, qA);
            assertThat(p[0]).isCloseTo(0.5, within(1e-15));
            assertThat(p[1]).isCloseTo(phi(s), within(1e-15));
        }
        // the test at μ = 0 (qA = 0): CLs = 1 for every statistic, as pyhf's guard makes it for q̃
        for (TestStatistic t : TestStatistic.ALL) {
            double[] p = t.pValues(1.7, 0);
            assertThat(p[0] / p[1]).as(t.name()).isCloseTo(1, within(1e-15));
        }
        // q̃μ beyond qA: t = (q − qA)/(2√qA)
        double q = 6.1;
        double tt = (q - qA) / (2 * s);
        assertThat(TestStatistic.QTILDE_MU.pValues(q, qA)).containsExactly(phi(-(tt + s)), phi(-tt));
        // qμ and q₀: t = √q − √qA at every q
        assertThat(TestStatistic.Q_MU.pValues(q, qA)).containsExactly(phi(-Math.sqrt(q)), phi(s - Math.sqrt(q)));
        // tμ: Cowan et al. Eq. 36, p = 2(1 − Φ(√t)); tμ = qμ where μ̂ ≤ μ, so p(tμ) = 2 p(qμ)
        assertThat(TestStatistic.T_MU.pValues(q, qA)[0]).isCloseTo(2 * TestStatistic.Q_MU.pValues(q, qA)[0],
                within(1e-16));
        assertThat(TestStatistic.named("tmu_tilde")).isSameAs(TestStatistic.T_TILDE_MU);
        assertThat(TestStatistic.named("chi2")).isNull();
    }

    private static double phi(double x) {
        return 0.5 * Erf.erfc(-x / Math.sqrt(2));
    }
}
