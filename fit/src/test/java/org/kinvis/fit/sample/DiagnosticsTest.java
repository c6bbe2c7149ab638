package org.kinvis.fit.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

/**
 * The convergence diagnostics against values known in closed form, on synthetic chains with fixed seeds.
 * Tolerances are five standard deviations of each estimator, measured over 300 independent replicates of the
 * same set-up (see each test); with roughly Gaussian estimators a check fails falsely with probability
 * 6·10⁻⁷, the ~20 checks here below 10⁻⁵ together.
 */
class DiagnosticsTest {
    static final NormalDistribution Z = new NormalDistribution();

    /** {@code m} stationary Gaussian AR(1) chains of length n: x_t = φ x_{t−1} + √(1−φ²) ε_t. */
    static double[][] ar1(int m, int n, double phi, double shift, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] x = new double[m][n];
        double s = Math.sqrt(1 - phi * phi);
        for (int c = 0; c < m; c++) {
            double v = r.nextGaussian();
            for (int t = 0; t < n; t++) {
                x[c][t] = v + shift;
                v = phi * v + s * r.nextGaussian();
            }
        }
        return x;
    }

    /**
     * ESS of AR(1) chains is N (1 − φ)/(1 + φ) (τ = (1 + φ)/(1 − φ)). 4 chains × 20 000 draws. Over 300
     * replicates the estimates average 0.990, 0.998 and 0.997 of it with relative standard deviations 4.7 %
     * (φ = 0.9), 2.0 % (φ = 0.5) and 2.0 % (φ = −0.3, the antithetic case where the ESS exceeds N); the
     * tolerance is 5 of them.
     */
    @Test
    void essOfAr1Chains() {
        double[][] rel = {{0.9, 0.047}, {0.5, 0.020}, {-0.3, 0.020}};
        int m = 4;
        int n = 20000;
        for (double[] pr : rel) {
            double phi = pr[0];
            double expected = m * n * (1 - phi) / (1 + phi);
            double[][] x = ar1(m, n, phi, 0, 17);
            // the split chains' ESS of the mean and the bulk ESS (rank-normalised: a monotone map of a Gaussian)
            assertThat(Diagnostics.essMean(x)).as("ESS φ=%s", phi).isCloseTo(expected, within(5 * pr[1] * expected));
            assertThat(Diagnostics.essBulk(x)).as("bulk ESS φ=%s", phi).isCloseTo(expected,
                    within(5 * pr[1] * expected));
        }
    }

    /**
     * Tail ESS of AR(1) chains: the ESS of the indicator {@code x ≤ q₀.₀₅}, whose autocorrelation at lag k is
     * {@code (Φ₂(q, q; φ^k) − p²)/(p(1 − p))}, Φ₂ the bivariate normal CDF computed by Plackett's identity
     * {@code Φ₂(q, q; r) = p² + ∫₀^r φ₂(q, q; s) ds}. Over 300 replicates of 4 × 20 000 draws the estimate
     * averages 0.979 of it (the smaller of two noisy estimates is biased low) with a relative sd of 2.9 %.
     */
    @Test
    void tailEssOfAr1Chains() {
        double phi = 0.7;
        int m = 4;
        int n = 20000;
        double p = 0.05;
        double q = Z.inverseCumulativeProbability(p);
        double tau = 1;
        for (int k = 1; k < 200; k++) {
            double r = Math.pow(phi, k);
            tau += 2 * integrateBivariateDensity(q, r) / (p * (1 - p));
        }
        double expected = m * n / tau;
        double[][] x = ar1(m, n, phi, 0, 23);
        assertThat(Diagnostics.essTail(x)).isCloseTo(0.979 * expected, within(5 * 0.029 * expected));
    }

    /** ∫₀^r exp(−q²/(1+s)) / (2π √(1−s²)) ds by Simpson's rule (|r| < 1). */
    static double integrateBivariateDensity(double q, double r) {
        int steps = 2000;
        double h = r / steps;
        double sum = 0;
        for (int i = 0; i <= steps; i++) {
            double s = i * h;
            double f = Math.exp(-q * q / (1 + s)) / (2 * Math.PI * Math.sqrt(1 - s * s));
            sum += f * (i == 0 || i == steps ? 1 : i % 2 == 1 ? 4 : 2);
        }
        return sum * h / 3;
    }

    /**
     * R̂ of chains whose means differ by δ: two of four independent chains shifted by δ = 0.5 (n = 10 000). The
     * classic split-R̂ tends to √(1 + (2m/(2m−1)) δ²/4 − 1/n) (half of the 2m half-chains at each mean); the bulk
     * R̂ to the same formula for the rank-normalised draws, whose within- and between-group moments are computed
     * here by quadrature over the mixture ½N(0, 1) + ½N(δ, 1) (both 1.0350). Standard deviations over 300
     * replicates: 0.0014 for both. Chains without a shift gave R̂ in [0.9999, 1.0003].
     */
    @Test
    void rhatOfShiftedChains() {
        double delta = 0.5;
        int m = 4;
        int n = 10000;
        double[][] x = ar1(m, n, 0, 0, 31);
        for (int c = 0; c < 2; c++) {
            for (int t = 0; t < n; t++) {
                x[c][t] += delta;
            }
        }
        double between = 2.0 * m / (2 * m - 1) * delta * delta / 4;
        double classic = Math.sqrt(1 + between - 1.0 / (n / 2));
        assertThat(Diagnostics.splitRhat(Diagnostics.split(x))).isCloseTo(classic, within(5 * 0.0014));
        double[] mom = rankNormalisedMoments(delta);
        double bulk = Math.sqrt(1 + 2.0 * m / (2 * m - 1) * Math.pow(mom[0] - mom[1], 2) / 4 / mom[2] - 1.0 / (n / 2));
        assertThat(Diagnostics.rhatBulk(x)).isCloseTo(bulk, within(5 * 0.0014));
        assertThat(Diagnostics.rhat(x)).isGreaterThanOrEqualTo(Diagnostics.rhatBulk(x)).isGreaterThan(1.01);
        double[][] same = ar1(m, n, 0, 0, 37);
        assertThat(Diagnostics.rhat(same)).isBetween(0.999, 1.002);
    }

    /**
     * Mean of z = Φ⁻¹(F(x)) under each component (x ~ N(0, 1) and x ~ N(δ, 1)) and the mean within-component
     * variance, F the mixture CDF; Simpson's rule on [−9, 9 + δ].
     */
    static double[] rankNormalisedMoments(double delta) {
        int steps = 20000;
        double a = -9;
        double b = 9 + delta;
        double h = (b - a) / steps;
        double[] m1 = new double[2];
        double[] m2 = new double[2];
        for (int i = 0; i <= steps; i++) {
            double xv = a + i * h;
            double f = 0.5 * (Z.cumulativeProbability(xv) + Z.cumulativeProbability(xv - delta));
            double zv = Z.inverseCumulativeProbability(Math.min(Math.max(f, 1e-15), 1 - 1e-15));
            double w = (i == 0 || i == steps ? 1 : i % 2 == 1 ? 4 : 2) * h / 3;
            for (int k = 0; k < 2; k++) {
                double dens = Z.density(xv - k * delta);
                m1[k] += w * dens * zv;
                m2[k] += w * dens * zv * zv;
            }
        }
        double within = 0.5 * (m2[0] - m1[0] * m1[0] + m2[1] - m1[1] * m1[1]);
        return new double[] {m1[0], m1[1], within};
    }

    /**
     * E-BFMI: Σ (E_t − E_{t−1})² / Σ (E_t − Ē)² tends to 2(1 − φ) for AR(1) energies (2 for independent ones).
     * Sd over 300 replicates of a 2 000-draw chain: 0.044 (φ = 0) and 0.028 (φ = 0.8).
     */
    @Test
    void ebfmi() {
        assertThat(Diagnostics.ebfmi(ar1(1, 2000, 0, 5, 41)[0])).isCloseTo(2, within(5 * 0.044));
        assertThat(Diagnostics.ebfmi(ar1(1, 2000, 0.8, 5, 43)[0])).isCloseTo(0.4, within(5 * 0.028));
    }

    /**
     * Interval and mode estimates on iid draws of known distributions: the 95 % HDI of N(0, 1) is ±1.960, of
     * Exp(1) [0, 2.996]; the KDE mode of Gamma(9, rate 2) is 4, of Exp(1) (reflected at its bound 0) 0.
     * Over 300 replicates of 20 000 draws: HDI ends sd 0.041 (normal; mean ±1.956: the shortest interval
     * between order statistics is slightly narrow), 0.032 (exponential upper end); KDE modes sd 0.12 (Gamma, mean
     * 4.003) and exactly 0 every time for the reflected exponential; the median of Exp(1) sd 0.0075.
     */
    @Test
    void intervalsAndModes() {
        Well19937c rng = new Well19937c(53);
        int s = 20000;
        double[] normal = new double[s];
        double[] expo = new double[s];
        double[] gamma = new double[s];
        GammaDistribution g = new GammaDistribution(rng, 9, 0.5);
        for (int i = 0; i < s; i++) {
            normal[i] = new NormalDistribution(rng, 0, 1).sample();
            expo[i] = -Math.log(1 - rng.nextDouble());
            gamma[i] = g.sample();
        }
        java.util.Arrays.sort(normal);
        java.util.Arrays.sort(expo);
        java.util.Arrays.sort(gamma);
        double[] hn = Diagnostics.hdi(normal, 0.95);
        assertThat(hn[0]).isCloseTo(-1.96, within(5 * 0.041));
        assertThat(hn[1]).isCloseTo(1.96, within(5 * 0.041));
        double[] he = Diagnostics.hdi(expo, 0.95);
        assertThat(he[0]).isLessThan(0.001);
        assertThat(he[1]).isCloseTo(-Math.log(0.05), within(5 * 0.032));
        assertThat(Diagnostics.quantile(expo, 0.5)).isCloseTo(Math.log(2), within(5 * 0.0075));
        assertThat(KernelDensity.mode(gamma, 0, Double.POSITIVE_INFINITY)).isCloseTo(4, within(5 * 0.12));
        assertThat(KernelDensity.mode(expo, 0, Double.POSITIVE_INFINITY)).isCloseTo(0, within(0.01));
        // without the bound the smoothed density peaks inside, about a bandwidth from the edge
        assertThat(KernelDensity.mode(expo, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY)).isGreaterThan(0.02);
        assertThat(KernelDensity.mode(normal, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY)).isCloseTo(0,
                within(0.15));
    }
}
