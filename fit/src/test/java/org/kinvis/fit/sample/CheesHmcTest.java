package org.kinvis.fit.sample;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;
import org.kinvis.host.model.Likelihood;

/**
 * ChEES-HMC on posteriors known in closed form. Means are checked within 5 Monte-Carlo standard errors
 * (σ/√ESS, with the ESS of the mean estimated from the draws), variances within 5 standard errors of a variance
 * ({@code sd((x−μ)²)/√ESS} of the squared deviations); for a correct sampler and accurate ESS estimates a single
 * check fails with probability 5.7·10⁻⁷, so the ~1 030 checks below fail falsely with probability below 10⁻³ in
 * all (the 500-dimensional test adds χ² checks of the sum of squared z-scores at 6 standard deviations, 2·10⁻⁹
 * each). Seeds are fixed, so a run is also reproducible.
 */
class CheesHmcTest {

    /** Samples {@code lik} from chains started around {@code center} with the initial metric {@code cov}. */
    static Draws sample(Likelihood lik, double[] center, double[][] cov, int chains, int warmup, int draws, long seed) {
        Posterior post = new Posterior(lik, lik.parameters().inits(), Map.of());
        double[] errors = new double[center.length];
        java.util.Arrays.fill(errors, 1);
        LaplaceStart start = LaplaceStart.of(post, center, cov, errors);
        double[] u0 = start.draw(post, chains, 1.5, new SplittableRandom(seed));
        return new CheesHmc(post, CheesHmc.Options.defaults(chains, warmup, draws, seed + 1)).run(u0, start.metric(),
                null, null);
    }

    static void assertMoments(Draws d, int j, double mean, double variance) {
        double[][] x = d.parameter(j);
        double[] sorted = Diagnostics.pooledSorted(x);
        double m = Diagnostics.mean(sorted);
        double v = Diagnostics.variance(sorted, m);
        double essMean = Diagnostics.essMean(x);
        assertThat(Math.abs(m - mean)).as("mean of %s: %s vs %s (ESS %s)", d.names().get(j), m, mean, essMean)
                .isLessThan(5 * Math.sqrt(variance / essMean));
        double[][] sq = new double[x.length][x[0].length];
        double fourth = 0;
        for (int c = 0; c < x.length; c++) {
            for (int k = 0; k < x[c].length; k++) {
                sq[c][k] = (x[c][k] - mean) * (x[c][k] - mean);
                fourth += sq[c][k] * sq[c][k] / sorted.length;
            }
        }
        double essSq = Diagnostics.essMean(sq);
        double sdSq = Math.sqrt(Math.max(fourth - variance * variance, 0));
        assertThat(Math.abs(v - variance)).as("variance of %s: %s vs %s (ESS %s)", d.names().get(j), v, variance,
                essSq).isLessThan(5 * sdSq / Math.sqrt(essSq));
    }

    /**
     * A 500-dimensional Gaussian with scales from 0.1 to 10 and AR(1) correlation ρ = 0.99 (condition number of Σ
     * above 10⁸, of the correlation matrix above 10⁴), started from a "HESSE" metric that is off — scales wrong by
     * up to ±40 % (smoothly varying), correlation ρ = 0.97: the whitened target has a condition number of 24 —
     * which the warm-up windows must refine.
     */
    @Test
    void illConditionedGaussian500() {
        int n = 500;
        AnalyticTargets.CorrelatedGaussian g = new AnalyticTargets.CorrelatedGaussian(n, 0.1, 10, 0.99);
        double[][] cov = new double[n][n];
        double[] f = new double[n];
        for (int i = 0; i < n; i++) {
            f[i] = 1 + 0.4 * Math.sin(i / 40.0);
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                cov[i][j] = g.s[i] * f[i] * g.s[j] * f[j] * Math.pow(0.97, Math.abs(i - j));
            }
        }
        // the correlation matrix's condition number: AR(1) spectral density ratio (1+ρ)²/(1−ρ)² bounds it
        double[][] rcorr = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                rcorr[i][j] = Math.pow(g.rho, Math.abs(i - j));
            }
        }
        double[] ev = new org.apache.commons.math3.linear.EigenDecomposition(
                new org.apache.commons.math3.linear.Array2DRowRealMatrix(rcorr)).getRealEigenvalues();
        double kappa = java.util.Arrays.stream(ev).max().orElseThrow() / java.util.Arrays.stream(ev).min().orElseThrow();
        assertThat(kappa).isGreaterThan(1e4);
        Draws d = sample(g, new double[n], cov, 16, 400, 300, 11);
        assertThat(d.divergences()).isZero();
        for (int j = 0; j < n; j++) {
            assertMoments(d, j, 0, g.covariance(j, j));
        }
        // Σ z² of the means of the whitened coordinates w_i = (y_i − ρ y_{i−1})/√(1−ρ²), y = x/s (independent
        // N(0, 1) under the target, unlike the x_i): χ²(500) for a correct sampler, mean 500, sd 31.6
        double[][][] w = new double[n][d.chains()][d.draws()];
        for (int c = 0; c < d.chains(); c++) {
            for (int k = 0; k < d.draws(); k++) {
                double prev = 0;
                for (int i = 0; i < n; i++) {
                    double y = d.value(c, k, i) / g.s[i];
                    w[i][c][k] = i == 0 ? y : (y - g.rho * prev) / Math.sqrt(1 - g.rho * g.rho);
                    prev = y;
                }
            }
        }
        double chi = 0;
        for (int i = 0; i < n; i++) {
            double m = Diagnostics.mean(Diagnostics.pooledSorted(w[i]));
            chi += m * m * Diagnostics.essMean(w[i]);
        }
        assertThat(chi).isBetween(500 - 6 * Math.sqrt(1000), 500 + 6 * Math.sqrt(1000));
        // the correlation of neighbours, ρ = 0.99, within its Monte Carlo error
        double cov01 = 0;
        int total = d.chains() * d.draws();
        for (int k = 0; k < total; k++) {
            cov01 += d.values()[k * n + 250] * d.values()[k * n + 251] / total;
        }
        double corr = cov01 / Math.sqrt(g.covariance(250, 250) * g.covariance(251, 251));
        double ess = Math.min(Diagnostics.essMean(d.parameter(250)), Diagnostics.essMean(d.parameter(251)));
        assertThat(Math.abs(corr - 0.99)).isLessThan(5 * (1 + 0.99 * 0.99) / Math.sqrt(ess));
    }

    /**
     * Normals truncated on a bound: N(0.5, 1) on [0, ∞) (log transform), N(−0.3, 0.5) on [0, 2] (logit; its
     * density is highest at the bound 0, so the KDE mode with reflection must sit there), N(1, 0.2) on [0, 1]
     * (highest at the upper bound 1).
     */
    @Test
    void truncatedNormalsOnBounds() {
        double[] mu = {0.5, -0.3, 1.0};
        double[] sigma = {1, 0.5, 0.2};
        double[] lo = {0, 0, 0};
        double[] hi = {Double.POSITIVE_INFINITY, 2, 1};
        AnalyticTargets.TruncatedNormals t = new AnalyticTargets.TruncatedNormals(mu, sigma, lo, hi);
        Draws d = sample(t, new double[] {0.6, 0.1, 0.9}, null, 16, 400, 1500, 3);
        assertThat(d.divergences()).isZero();
        for (int j = 0; j < 3; j++) {
            double[] m = truncatedMoments(mu[j], sigma[j], lo[j], hi[j]);
            assertMoments(d, j, m[0], m[1]);
            Summary s = Summary.of(d, j, lo[j], hi[j]);
            assertThat(s.rhat()).isLessThan(1.01);
            assertThat(s.essBulk()).isGreaterThan(400);
        }
        Summary s1 = Summary.of(d, 1, 0, 2);
        Summary s2 = Summary.of(d, 2, 0, 1);
        // modes on the bounds: the KDE is reflected there; a bandwidth (~0.05 here) is the resolution (0.03 held
        // for one seed's trajectories, and a change of the last bit of the log-Jacobian moved it to 0.9698)
        assertThat(s1.mode()).isBetween(0.0, 0.05);
        assertThat(s2.mode()).isBetween(0.95, 1.0);
        // the 95 % HDI of a density decreasing from the bound starts at the bound
        assertThat(s1.hdi95()[0]).isLessThan(0.01);
    }

    /** Mean and variance of N(μ, σ) truncated to [lo, hi]. */
    static double[] truncatedMoments(double mu, double sigma, double lo, double hi) {
        NormalDistribution z = new NormalDistribution();
        double a = (lo - mu) / sigma;
        double b = (hi - mu) / sigma;
        double pa = Double.isFinite(a) ? z.density(a) : 0;
        double pb = Double.isFinite(b) ? z.density(b) : 0;
        double zz = z.cumulativeProbability(b) - z.cumulativeProbability(a);
        double aa = Double.isFinite(a) ? a * pa : 0;
        double bb = Double.isFinite(b) ? b * pb : 0;
        double mean = mu + sigma * (pa - pb) / zz;
        double var = sigma * sigma * (1 + (aa - bb) / zz - Math.pow((pa - pb) / zz, 2));
        return new double[] {mean, var};
    }

    /**
     * Poisson counts 0, 3 and 12 with Gamma(1, 0.5) priors on their rates: posteriors Gamma(1 + n, 1.5), the
     * first an exponential whose mode is on the bound 0.
     */
    @Test
    void poissonTimesGamma() {
        int[] counts = {0, 3, 12};
        AnalyticTargets.PoissonGamma pg = new AnalyticTargets.PoissonGamma(counts, 1, 0.5);
        Draws d = sample(pg, new double[] {0.6, 2.5, 8.5}, null, 16, 400, 1500, 7);
        assertThat(d.divergences()).isZero();
        for (int j = 0; j < 3; j++) {
            double shape = 1 + counts[j];
            double rate = 1.5;
            assertMoments(d, j, shape / rate, shape / rate / rate);
            Summary s = Summary.of(d, j, 0, Double.POSITIVE_INFINITY);
            assertThat(s.rhat()).isLessThan(1.01);
            // the KDE mode against the Gamma mode (shape − 1)/rate, within a fifth of the posterior sd
            assertThat(Math.abs(s.mode() - (shape - 1) / rate)).as("mode %d", j)
                    .isLessThan(0.2 * Math.sqrt(shape) / rate);
        }
        // the exponential's 95 % HDI is [0, −ln 0.05 / 1.5] = [0, 1.997]; its ETI [0.0169, 2.459]
        Summary s0 = Summary.of(d, 0, 0, Double.POSITIVE_INFINITY);
        assertThat(s0.hdi95()[0]).isLessThan(0.01);
        assertThat(s0.hdi95()[1]).isCloseTo(-Math.log(0.05) / 1.5, org.assertj.core.data.Offset.offset(0.1));
        assertThat(s0.eti95()[1]).isCloseTo(-Math.log(0.025) / 1.5, org.assertj.core.data.Offset.offset(0.12));
    }

    /**
     * A likelihood that is not finite beyond x = 1.5 (NaN there): those points are outside the support, their
     * trajectories are rejected and counted as divergent, and no draw lies there.
     */
    @Test
    void pointsWhereTheLikelihoodIsNotFiniteAreOutsideTheSupport() {
        AnalyticTargets.Target wall = new AnalyticTargets.Target(new double[] {0}, new double[] {
            Double.NEGATIVE_INFINITY}, new double[] {Double.POSITIVE_INFINITY}) {
            @Override
            double logDensity(double[] x, int off, double[] g) {
                g[off] = -x[off];
                return x[off] > 1.5 ? Double.NaN : -0.5 * x[off] * x[off];
            }
        };
        Draws d = sample(wall, new double[] {0}, new double[][] {{1}}, 8, 100, 200, 9);
        assertThat(d.divergences() + d.warmupDivergences()).isPositive();
        for (double v : d.values()) {
            assertThat(v).isLessThanOrEqualTo(1.5);
        }
        for (double v : d.lp()) {
            assertThat(v).isFinite();
        }
        Summary.Verdict verdict = Summary.verdict(java.util.List.of(Summary.of(d, 0, Double.NEGATIVE_INFINITY,
                Double.POSITIVE_INFINITY)), d.divergences());
        assertThat(verdict.converged()).isEqualTo(d.divergences() == 0 && verdict.worst().isEmpty());
    }

    @Test
    void warmupScheduleFollowsStan() {
        CheesHmc.Schedule s = CheesHmc.Schedule.of(1000);
        assertThat(s.init()).isEqualTo(150);
        // windows 25, 50, 100 and the last (200 would leave less than 400) stretched to the final fast phase (900)
        assertThat(s.windowEnds()).containsExactly(175, 225, 325, 900);
        assertThat(CheesHmc.Schedule.of(100).windowEnds()).containsExactly(90);
        assertThat(CheesHmc.Schedule.of(10).windowEnds()).isEmpty();
    }
}
