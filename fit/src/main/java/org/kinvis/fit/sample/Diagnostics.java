package org.kinvis.fit.sample;

import java.util.Arrays;
import org.apache.commons.math3.special.Erf;

/**
 * Convergence diagnostics of multi-chain draws as Vehtari, Gelman, Simpson, Carpenter &amp; Bürkner define them
 * ("Rank-normalization, folding, and localization: an improved R̂ for assessing convergence of MCMC", Bayesian
 * Analysis 16 (2021) 667) and Stan / ArviZ / the {@code posterior} R package compute them. Chains are given as
 * {@code double[chain][draw]}.
 *
 * <ul>
 * <li>R̂: the maximum of the bulk R̂ (split-R̂ of the rank-normalised draws) and the tail R̂ (split-R̂ of the
 * rank-normalised folded draws {@code |x − median|}). Split chains: first and last half of every chain (the
 * middle draw dropped when odd). Rank normalisation: {@code Φ⁻¹((r − 3/8)/(S + 1/4))} of the pooled average
 * ranks.</li>
 * <li>ESS: {@code S/τ̂} with {@code τ̂ = −1 + 2 Σ ρ̂_t} from the multi-chain autocorrelation
 * {@code ρ̂_t = 1 − (W − mean_chains acov_t)/var⁺}, summed over Geyer's initial positive sequence of pair sums
 * made monotone (Stan's {@code compute_effective_sample_size}, with its bound {@code τ̂ ≥ 1/log10 S}); bulk ESS on
 * the rank-normalised split chains, tail ESS the smaller ESS of the indicators of the 5 % and 95 % quantiles.</li>
 * <li>E-BFMI (Betancourt 2016): {@code Σ (E_t − E_{t−1})² / Σ (E_t − Ē)²} of a chain's energies.</li>
 * </ul>
 */
public final class Diagnostics {
    private Diagnostics() {
    }

    /** Rank-normalised split-R̂: max of bulk and folded (tail) R̂. */
    public static double rhat(double[][] chains) {
        return Math.max(rhatBulk(chains), rhatFolded(chains));
    }

    public static double rhatBulk(double[][] chains) {
        return splitRhat(rankNormalize(split(chains)));
    }

    public static double rhatFolded(double[][] chains) {
        return rhatFolded(chains, median(chains));
    }

    static double rhatFolded(double[][] chains, double med) {
        double[][] f = new double[chains.length][];
        for (int c = 0; c < chains.length; c++) {
            f[c] = new double[chains[c].length];
            for (int d = 0; d < f[c].length; d++) {
                f[c][d] = Math.abs(chains[c][d] - med);
            }
        }
        return splitRhat(rankNormalize(split(f)));
    }

    /** The classic R̂ of the given (already split, if wanted) chains, BDA3 eq. 11.4. */
    public static double splitRhat(double[][] chains) {
        int m = chains.length;
        int n = chains[0].length;
        if (m < 2 || n < 2) {
            return Double.NaN;
        }
        double[] means = new double[m];
        double w = 0;
        for (int c = 0; c < m; c++) {
            means[c] = mean(chains[c]);
            w += variance(chains[c], means[c]) / m;
        }
        double b = n * variance(means, mean(means));
        if (!(w > 0)) {
            return Double.NaN;
        }
        return Math.sqrt((b / w + n - 1) / n);
    }

    /** Bulk ESS: ESS of the rank-normalised split chains. */
    public static double essBulk(double[][] chains) {
        return ess(rankNormalize(split(chains)));
    }

    /** Tail ESS: the smaller ESS of the split-chain indicators of the 5 % and 95 % quantiles. */
    public static double essTail(double[][] chains) {
        return essTail(chains, pooledSorted(chains));
    }

    /** Tail ESS given the pooled sorted draws. */
    static double essTail(double[][] chains, double[] sorted) {
        return Math.min(essQuantile(chains, quantile(sorted, 0.05)), essQuantile(chains, quantile(sorted, 0.95)));
    }

    /** ESS of the mean (the ESS of the split chains themselves), as ArviZ's {@code ess(method="mean")}. */
    public static double essMean(double[][] chains) {
        return ess(split(chains));
    }

    private static double essQuantile(double[][] chains, double q) {
        double[][] ind = new double[chains.length][];
        for (int c = 0; c < chains.length; c++) {
            ind[c] = new double[chains[c].length];
            for (int d = 0; d < ind[c].length; d++) {
                ind[c][d] = chains[c][d] <= q ? 1 : 0;
            }
        }
        return ess(split(ind));
    }

    /**
     * ESS of the given chains (no splitting): Geyer's initial monotone sequence on the multi-chain
     * autocorrelation, as Stan computes it. NaN where the draws do not vary or chains are shorter than 4.
     */
    public static double ess(double[][] chains) {
        int m = chains.length;
        int n = chains[0].length;
        if (n < 4) {
            return Double.NaN;
        }
        double[][] acov = new double[m][];
        double[] means = new double[m];
        double meanVar = 0;
        for (int c = 0; c < m; c++) {
            means[c] = mean(chains[c]);
            acov[c] = autocovariance(chains[c], means[c]);
            meanVar += acov[c][0] * n / (n - 1.0) / m;
        }
        double varPlus = meanVar * (n - 1.0) / n;
        if (m > 1) {
            varPlus += variance(means, mean(means));
        }
        if (!(varPlus > 0) || !(meanVar > 0)) {
            return Double.NaN;
        }
        double[] rho = new double[n];
        rho[0] = 1;
        double even = 1;
        double odd = 1 - (meanVar - meanAcov(acov, 1)) / varPlus;
        rho[1] = odd;
        int t = 1;
        while (t < n - 3 && even + odd > 0) {
            even = 1 - (meanVar - meanAcov(acov, t + 1)) / varPlus;
            odd = 1 - (meanVar - meanAcov(acov, t + 2)) / varPlus;
            if (even + odd >= 0) {
                rho[t + 1] = even;
                rho[t + 2] = odd;
            }
            t += 2;
        }
        int maxT = t - 2;
        if (even > 0) {
            rho[maxT + 1] = even;
        }
        for (t = 1; t <= maxT - 2; t += 2) {
            if (rho[t + 1] + rho[t + 2] > rho[t - 1] + rho[t]) {
                rho[t + 1] = (rho[t - 1] + rho[t]) / 2;
                rho[t + 2] = rho[t + 1];
            }
        }
        double sum = 0;
        for (int k = 0; k <= maxT; k++) {
            sum += rho[k];
        }
        double total = (double) m * n;
        double tau = -1 + 2 * sum + rho[maxT + 1];
        tau = Math.max(tau, 1 / Math.log10(total));
        return total / tau;
    }

    private static double meanAcov(double[][] acov, int lag) {
        double s = 0;
        for (double[] a : acov) {
            s += a[lag];
        }
        return s / acov.length;
    }

    /** Biased autocovariance {@code (1/n) Σ (x_t − x̄)(x_{t+k} − x̄)} for all lags, by FFT. */
    static double[] autocovariance(double[] x, double mean) {
        int n = x.length;
        int size = Integer.highestOneBit(Math.max(1, 2 * n - 1));
        if (size < 2 * n - 1) {
            size <<= 1;
        }
        double[] re = new double[size];
        double[] im = new double[size];
        for (int i = 0; i < n; i++) {
            re[i] = x[i] - mean;
        }
        fft(re, im, false);
        for (int i = 0; i < size; i++) {
            re[i] = re[i] * re[i] + im[i] * im[i];
            im[i] = 0;
        }
        fft(re, im, true);
        double[] out = new double[n];
        for (int k = 0; k < n; k++) {
            out[k] = re[k] / size / n;
        }
        return out;
    }

    /** In-place iterative radix-2 complex FFT (length a power of two); {@code inverse} without the 1/N. */
    static void fft(double[] re, double[] im, boolean inverse) {
        int n = re.length;
        for (int i = 1, j = 0; i < n; i++) {
            int bit = n >> 1;
            for (; (j & bit) != 0; bit >>= 1) {
                j ^= bit;
            }
            j ^= bit;
            if (i < j) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
                t = im[i];
                im[i] = im[j];
                im[j] = t;
            }
        }
        for (int len = 2; len <= n; len <<= 1) {
            double ang = 2 * Math.PI / len * (inverse ? 1 : -1);
            double wr = Math.cos(ang);
            double wi = Math.sin(ang);
            for (int i = 0; i < n; i += len) {
                double cr = 1;
                double ci = 0;
                for (int k = 0; k < len / 2; k++) {
                    int a = i + k;
                    int b = a + len / 2;
                    double xr = re[b] * cr - im[b] * ci;
                    double xi = re[b] * ci + im[b] * cr;
                    re[b] = re[a] - xr;
                    im[b] = im[a] - xi;
                    re[a] += xr;
                    im[a] += xi;
                    double nr = cr * wr - ci * wi;
                    ci = cr * wi + ci * wr;
                    cr = nr;
                }
            }
        }
    }

    /** Every chain split into its first and last half (the middle draw of an odd length dropped). */
    public static double[][] split(double[][] chains) {
        int n = chains[0].length;
        int half = n / 2;
        double[][] out = new double[2 * chains.length][];
        for (int c = 0; c < chains.length; c++) {
            out[2 * c] = Arrays.copyOfRange(chains[c], 0, half);
            out[2 * c + 1] = Arrays.copyOfRange(chains[c], n - half, n);
        }
        return out;
    }

    /** {@code Φ⁻¹((r − 3/8)/(S + 1/4))} of the pooled average ranks (Blom's normal scores). */
    public static double[][] rankNormalize(double[][] chains) {
        int m = chains.length;
        int n = chains[0].length;
        int s = m * n;
        double[] sorted = new double[s];
        for (int c = 0; c < m; c++) {
            System.arraycopy(chains[c], 0, sorted, c * n, n);
        }
        Arrays.sort(sorted);
        double[][] out = new double[m][n];
        for (int c = 0; c < m; c++) {
            for (int d = 0; d < n; d++) {
                double x = chains[c][d];
                int lo = firstIndex(sorted, x);
                int hi = firstIndex(sorted, Math.nextUp(x)) - 1;
                double rank = (lo + hi) / 2.0 + 1;
                double p = (rank - 0.375) / (s + 0.25);
                out[c][d] = Math.sqrt(2) * Erf.erfInv(2 * p - 1);
            }
        }
        return out;
    }

    /** The first index of {@code sorted} whose value is ≥ x. */
    private static int firstIndex(double[] sorted, double x) {
        int lo = 0;
        int hi = sorted.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (sorted[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    /** E-BFMI of one chain's energies. */
    public static double ebfmi(double[] energy) {
        if (energy.length < 2) {
            return Double.NaN;
        }
        double m = mean(energy);
        double num = 0;
        double den = 0;
        for (int t = 0; t < energy.length; t++) {
            den += (energy[t] - m) * (energy[t] - m);
            if (t > 0) {
                num += (energy[t] - energy[t - 1]) * (energy[t] - energy[t - 1]);
            }
        }
        return den > 0 ? num / den : Double.NaN;
    }

    /** All draws pooled and sorted. */
    public static double[] pooledSorted(double[][] chains) {
        int total = 0;
        for (double[] c : chains) {
            total += c.length;
        }
        double[] all = new double[total];
        int k = 0;
        for (double[] c : chains) {
            System.arraycopy(c, 0, all, k, c.length);
            k += c.length;
        }
        Arrays.sort(all);
        return all;
    }

    private static double median(double[][] chains) {
        return quantile(pooledSorted(chains), 0.5);
    }

    /** Quantile by linear interpolation between order statistics (NumPy's default, Hyndman–Fan type 7). */
    public static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double pos = q * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(i + 1, sorted.length - 1);
        return sorted[i] + (pos - i) * (sorted[j] - sorted[i]);
    }

    /**
     * The highest-density interval of probability {@code prob} of sorted draws: the shortest interval between
     * order statistics {@code k} apart with {@code k = ⌊prob · S⌋} (ArviZ's {@code hdi} for unimodal draws).
     */
    public static double[] hdi(double[] sorted, double prob) {
        int s = sorted.length;
        int inc = (int) Math.floor(prob * s);
        if (s == 0 || inc >= s) {
            return new double[] {sorted.length == 0 ? Double.NaN : sorted[0], sorted.length == 0 ? Double.NaN
                    : sorted[s - 1]};
        }
        int best = 0;
        double width = Double.POSITIVE_INFINITY;
        for (int i = 0; i + inc < s; i++) {
            double w = sorted[i + inc] - sorted[i];
            if (w < width) {
                width = w;
                best = i;
            }
        }
        return new double[] {sorted[best], sorted[best + inc]};
    }

    static double mean(double[] x) {
        double s = 0;
        for (double v : x) {
            s += v;
        }
        return s / x.length;
    }

    /** Sample variance (divisor n − 1). */
    static double variance(double[] x, double mean) {
        double s = 0;
        for (double v : x) {
            s += (v - mean) * (v - mean);
        }
        return s / (x.length - 1);
    }
}
