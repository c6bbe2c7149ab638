package org.kinvis.fit.sample;

import java.util.Arrays;

/**
 * The covariance of the warm-up draws of one adaptation window, pooled over all chains and measured in the
 * current metric's whitened coordinates, and the refined metric it gives (Stan's windowed metric adaptation,
 * with the many chains of a lockstep run as the sample). In whitened coordinates a correct metric shows as the
 * unit matrix; the off-diagonal elements are shrunk towards zero by the Ledoit–Wolf / Schäfer–Strimmer
 * ("target D") intensity {@code λ = Σ_{i≠j} Var(s_ij) / Σ_{i≠j} s_ij²}, with {@code Var(s_ij)} from the
 * Gaussian formula {@code (s_ii s_jj + s_ij²)/N_eff}, so that correlations the previous metric (e.g. HESSE's)
 * already captured are kept and sampling noise of a few thousand draws in a few hundred dimensions is not
 * taken for structure. The diagonal is regularised as Stan does, {@code (N s_ii + 5·10⁻³)/(N + 5)}.
 */
final class WindowCovariance {
    /** Warm-up draws are autocorrelated: the effective number of draws is taken as half of them. */
    private static final double DRAWS_PER_EFFECTIVE = 2;

    private final int n;
    private final double[] sum;
    private final double[] cross; // lower triangle, row-major n × n
    private long count;

    WindowCovariance(int n) {
        this.n = n;
        this.sum = new double[n];
        this.cross = new double[n * n];
    }

    long count() {
        return count;
    }

    /** Adds {@code chains} whitened points (skipping those with a non-finite coordinate). */
    void add(double[] z, int chains) {
        for (int c = 0; c < chains; c++) {
            int o = c * n;
            boolean finite = true;
            for (int i = 0; i < n && finite; i++) {
                finite = Double.isFinite(z[o + i]);
            }
            if (!finite) {
                continue;
            }
            for (int i = 0; i < n; i++) {
                double zi = z[o + i];
                sum[i] += zi;
                int r = i * n;
                for (int k = 0; k <= i; k++) {
                    cross[r + k] += zi * z[o + k];
                }
            }
            count++;
        }
    }

    void reset() {
        Arrays.fill(sum, 0);
        Arrays.fill(cross, 0);
        count = 0;
    }

    /**
     * The refinement of the metric the draws were whitened with: their mean as shift and the Cholesky factor of
     * the shrunk covariance; null when there are too few draws (fewer than 10) to say anything.
     */
    Metric refine(Metric current) {
        if (count < 10) {
            return null;
        }
        double nn = count;
        double[] mean = new double[n];
        for (int i = 0; i < n; i++) {
            mean[i] = sum[i] / nn;
        }
        double[] s = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k <= i; k++) {
                double v = (cross[i * n + k] - nn * mean[i] * mean[k]) / (nn - 1);
                s[i * n + k] = v;
                s[k * n + i] = v;
            }
        }
        double neff = Math.max(2, nn / DRAWS_PER_EFFECTIVE);
        double lambda = 1;
        if (neff > 2 * n) {
            double num = 0;
            double den = 0;
            for (int i = 0; i < n; i++) {
                for (int k = 0; k < i; k++) {
                    double sik = s[i * n + k];
                    num += (s[i * n + i] * s[k * n + k] + sik * sik) / neff;
                    den += sik * sik;
                }
            }
            lambda = den > 0 ? Math.min(1, num / den) : 1;
        }
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < n; k++) {
                if (i != k) {
                    s[i * n + k] *= 1 - lambda;
                }
            }
            s[i * n + i] = (nn * s[i * n + i] + 5e-3) / (nn + 5);
        }
        return current.compose(mean, Metric.cholesky(s, n));
    }
}
