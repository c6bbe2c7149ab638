package org.kinvis.fit.sample;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The metric's products u = m + L z and g_z = Lᵀ g_u, for a few chains and for the thousands of a device run. */
class MetricTest {
    /**
     * A random 300-dimensional covariance; 64 chains are past {@link Metric#PARALLEL_WORK}, so the products run in
     * blocks on the common pool: every chain's result equals the one-chain call bit for bit, and Σ = L Lᵀ holds
     * (u − m = L z checked through Lᵀ: zᵀ(Lᵀ g) = (L z)ᵀ g for random g).
     */
    @Test
    void manyChainsAreSplitWithoutChangingAnyBit() {
        int n = 300;
        int chains = 64;
        assertThat((long) chains * n * (n + 1) / 2).isGreaterThan(Metric.PARALLEL_WORK);
        SplittableRandom rnd = new SplittableRandom(11);
        double[] a = new double[n * n];
        for (int i = 0; i < a.length; i++) {
            a[i] = rnd.nextDouble(-1, 1);
        }
        double[] cov = new double[n * n]; // A Aᵀ + n I: positive definite
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = i == j ? n : 0;
                for (int k = 0; k < n; k++) {
                    s += a[i * n + k] * a[j * n + k];
                }
                cov[i * n + j] = s;
            }
        }
        double[] center = new double[n];
        for (int i = 0; i < n; i++) {
            center[i] = rnd.nextDouble(-5, 5);
        }
        Metric m = Metric.fromCovariance(center, cov);
        double[] z = new double[chains * n];
        double[] g = new double[chains * n];
        for (int i = 0; i < z.length; i++) {
            z[i] = rnd.nextGaussian();
            g[i] = rnd.nextGaussian();
        }
        double[] u = new double[chains * n];
        double[] gz = new double[chains * n];
        java.util.Arrays.fill(gz, Double.NaN); // overwritten, not accumulated into
        m.toUnconstrained(z, u, chains);
        m.pullBack(g, gz, chains);
        for (int c = 0; c < chains; c++) {
            double[] u1 = new double[n];
            double[] g1 = new double[n];
            m.toUnconstrained(java.util.Arrays.copyOfRange(z, c * n, (c + 1) * n), u1, 1);
            m.pullBack(java.util.Arrays.copyOfRange(g, c * n, (c + 1) * n), g1, 1);
            assertThat(java.util.Arrays.copyOfRange(u, c * n, (c + 1) * n)).containsExactly(u1);
            assertThat(java.util.Arrays.copyOfRange(gz, c * n, (c + 1) * n)).containsExactly(g1);
            double lhs = 0;
            double rhs = 0;
            for (int i = 0; i < n; i++) {
                lhs += z[c * n + i] * g1[i];
                rhs += (u1[i] - center[i]) * g[c * n + i];
            }
            assertThat(lhs).isCloseTo(rhs, within(1e-9 * Math.abs(rhs) + 1e-9));
        }
    }
}
