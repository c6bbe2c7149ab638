package org.kinvis.fit.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.kinvis.fit.minimize.BatchFunction;

/**
 * The stretch-move sampler on posteriors known in closed form. Means are checked within 5 Monte-Carlo standard
 * errors (σ/√ESS) and variances within 5 standard errors of a variance (σ²√(2/ESS)): for a correct sampler a
 * single check fails with probability ≈ 6e-7, so the suite's false-failure rate is below 1e-5; the seeds are
 * fixed, so the outcome is also reproducible.
 */
class EnsembleSamplerTest {

    static Summary summary(EnsembleSampler.Chain ch, int d) {
        java.util.List<String> names = java.util.stream.IntStream.range(0, ch.dim()).mapToObj(i -> "x" + i).toList();
        return Summary.of(ch.toDraws(names, ch.last()), d, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
    }

    static double[] scatter(int walkers, double[] center, double[] width, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = center.length;
        double[] x = new double[walkers * n];
        for (int w = 0; w < walkers; w++) {
            for (int d = 0; d < n; d++) {
                x[w * n + d] = center[d] + width[d] * (r.nextDouble() - 0.5);
            }
        }
        return x;
    }

    /** Multivariate normal, σ = (1, 2, 0.5), correlations 0.6, −0.3, 0.2, mean (1, −2, 0.5). */
    @Test
    void multivariateNormal() {
        double[] m = {1, -2, 0.5};
        double[] sd = {1, 2, 0.5};
        double[][] rho = {{1, 0.6, -0.3}, {0.6, 1, 0.2}, {-0.3, 0.2, 1}};
        double[][] c = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                c[i][j] = rho[i][j] * sd[i] * sd[j];
            }
        }
        double[][] ci = new org.apache.commons.math3.linear.LUDecomposition(
                new org.apache.commons.math3.linear.Array2DRowRealMatrix(c)).getSolver().getInverse().getData();
        BatchFunction lp = new BatchFunction() {
            public int dimension() {
                return 3;
            }

            public void values(double[] p, int count, double[] out) {
                for (int k = 0; k < count; k++) {
                    double s = 0;
                    for (int i = 0; i < 3; i++) {
                        for (int j = 0; j < 3; j++) {
                            s += (p[k * 3 + i] - m[i]) * ci[i][j] * (p[k * 3 + j] - m[j]);
                        }
                    }
                    out[k] = -0.5 * s;
                }
            }
        };
        EnsembleSampler.Chain ch = new EnsembleSampler(lp, 32, 2.0, 11)
                .run(scatter(32, m, new double[] {0.1, 0.1, 0.1}, 3), 4000, 500, 1, null);
        assertThat(ch.acceptanceFraction()).isBetween(0.2, 0.9);
        for (int d = 0; d < 3; d++) {
            Summary s = summary(ch, d);
            assertThat(s.essBulk()).as("ESS %d", d).isGreaterThan(500);
            assertThat(Math.abs(s.mean() - m[d])).as("mean %d", d).isLessThan(5 * sd[d] / Math.sqrt(s.essBulk()));
            double var = s.sd() * s.sd();
            assertThat(Math.abs(var - c[d][d])).as("var %d", d).isLessThan(5 * c[d][d] * Math.sqrt(2 / s.essBulk()));
            assertThat(s.rhat()).isLessThan(1.05);
        }
        // covariance of (0, 1): ρ = 0.6
        double cov = 0;
        Summary s0 = summary(ch, 0);
        Summary s1 = summary(ch, 1);
        int total = ch.samples() * ch.walkers();
        for (int i = 0; i < total; i++) {
            cov += (ch.values()[i * 3] - s0.mean()) * (ch.values()[i * 3 + 1] - s1.mean());
        }
        cov /= total - 1;
        double ess = Math.min(s0.essBulk(), s1.essBulk());
        assertThat(Math.abs(cov - c[0][1])).isLessThan(5 * Math.sqrt((c[0][0] * c[1][1] + c[0][1] * c[0][1]) / ess));
    }

    /**
     * Poisson counting with a conjugate Gamma prior: n = 7 events, prior Gamma(α = 2, β = 1) on λ, posterior
     * Gamma(9, 2): mean 4.5, variance 2.25.
     */
    @Test
    void poissonWithConjugateGammaPrior() {
        BatchFunction lp = new BatchFunction() {
            public int dimension() {
                return 1;
            }

            public void values(double[] p, int count, double[] out) {
                for (int k = 0; k < count; k++) {
                    double l = p[k];
                    out[k] = l <= 0 ? Double.NEGATIVE_INFINITY : 7 * Math.log(l) - l + (2 - 1) * Math.log(l) - l;
                }
            }
        };
        EnsembleSampler.Chain ch = new EnsembleSampler(lp, 16, 2.0, 5)
                .run(scatter(16, new double[] {4}, new double[] {1}, 2), 6000, 500, 1, null);
        Summary s = summary(ch, 0);
        double sd = 1.5;
        assertThat(Math.abs(s.mean() - 4.5)).isLessThan(5 * sd / Math.sqrt(s.essBulk()));
        assertThat(Math.abs(s.sd() * s.sd() - 2.25)).isLessThan(5 * 2.25 * Math.sqrt(2 / s.essBulk()));
        // median of Gamma(9, 2) = 4.3344 (regularised incomplete gamma inverse), within the MC error
        double median = new org.apache.commons.math3.distribution.GammaDistribution(9, 0.5)
                .inverseCumulativeProbability(0.5);
        assertThat(Math.abs(s.q50() - median)).isLessThan(5 * 1.2533 * sd / Math.sqrt(s.essBulk()));
    }

    @Test
    void rejectsUnusableWalkerCounts() {
        BatchFunction lp = new BatchFunction() {
            public int dimension() {
                return 5;
            }

            public void values(double[] p, int count, double[] out) {
            }
        };
        // the sampler needs two equal halves of at least two walkers; fewer than 2 × dim is only warned about
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new EnsembleSampler(lp, 7, 2, 1))
                .hasMessageContaining("even");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new EnsembleSampler(lp, 2, 2, 1))
                .hasMessageContaining("≥ 4");
    }
}
