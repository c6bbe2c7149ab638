package org.kinvis.fit.sample;

import java.util.Arrays;

/**
 * Chain diagnostics: the integrated autocorrelation time with automatic windowing (Sokal; as emcee computes it
 * from the walker-averaged autocorrelation function, window c = 5), the effective sample size
 * {@code walkers × samples / τ}, and split-R̂ (Gelman et al., BDA3 §11.4) with every walker's chain split in
 * halves. Quantiles by linear interpolation.
 */
public final class Diagnostics {
    private Diagnostics() {
    }

    /** Summary of one parameter. */
    public record Summary(double mean, double sd, double q16, double q50, double q84, double rhat, double ess,
            double tau) {
    }

    /** Chain of dimension {@code d} of walker {@code w}: {@code samples} values. */
    static double[] walkerChain(EnsembleSampler.Chain c, int w, int d) {
        double[] v = new double[c.samples()];
        for (int s = 0; s < c.samples(); s++) {
            v[s] = c.values()[(s * c.walkers() + w) * c.dim() + d];
        }
        return v;
    }

    /**
     * Integrated autocorrelation time of dimension d (in stored samples): the autocorrelation function of each
     * of at most 64 evenly chosen walkers by FFT, averaged, summed with Sokal's window (M ≥ 5τ).
     */
    public static double autocorrelationTime(EnsembleSampler.Chain c, int d) {
        int n = c.samples();
        if (n < 4) {
            return Double.NaN;
        }
        int size = Integer.highestOneBit(2 * n - 1) << 1;
        org.apache.commons.math3.transform.FastFourierTransformer fft =
                new org.apache.commons.math3.transform.FastFourierTransformer(
                        org.apache.commons.math3.transform.DftNormalization.STANDARD);
        double[] acf = new double[n];
        int used = Math.min(64, c.walkers());
        int counted = 0;
        for (int u = 0; u < used; u++) {
            int w = (int) ((long) u * c.walkers() / used);
            double[] x = walkerChain(c, w, d);
            double mean = Arrays.stream(x).average().orElse(0);
            double[] re = new double[size];
            for (int t = 0; t < n; t++) {
                re[t] = x[t] - mean;
            }
            org.apache.commons.math3.complex.Complex[] f = fft.transform(re,
                    org.apache.commons.math3.transform.TransformType.FORWARD);
            double[] power = new double[size];
            for (int i = 0; i < size; i++) {
                power[i] = f[i].getReal() * f[i].getReal() + f[i].getImaginary() * f[i].getImaginary();
            }
            org.apache.commons.math3.complex.Complex[] back = fft.transform(power,
                    org.apache.commons.math3.transform.TransformType.INVERSE);
            double c0 = back[0].getReal();
            if (c0 <= 0) {
                continue;
            }
            for (int lag = 0; lag < n; lag++) {
                acf[lag] += back[lag].getReal() / c0;
            }
            counted++;
        }
        if (counted == 0) {
            return Double.NaN;
        }
        double tau = 1;
        for (int m = 1; m < n; m++) {
            tau += 2 * acf[m] / counted;
            if (m >= 5 * tau) {
                return tau;
            }
        }
        return tau;
    }

    /** Split-R̂ of dimension d over all walkers' half-chains. */
    public static double splitRhat(EnsembleSampler.Chain c, int d) {
        int half = c.samples() / 2;
        if (half < 2) {
            return Double.NaN;
        }
        int m = 2 * c.walkers();
        double[] means = new double[m];
        double[] vars = new double[m];
        int k = 0;
        for (int w = 0; w < c.walkers(); w++) {
            double[] x = walkerChain(c, w, d);
            for (int part = 0; part < 2; part++) {
                double s = 0;
                for (int t = 0; t < half; t++) {
                    s += x[part * half + t];
                }
                double mu = s / half;
                double v = 0;
                for (int t = 0; t < half; t++) {
                    v += Math.pow(x[part * half + t] - mu, 2);
                }
                means[k] = mu;
                vars[k] = v / (half - 1);
                k++;
            }
        }
        double grand = Arrays.stream(means).average().orElse(0);
        double b = 0;
        for (double mu : means) {
            b += (mu - grand) * (mu - grand);
        }
        b *= (double) half / (m - 1);
        double wv = Arrays.stream(vars).average().orElse(0);
        if (wv == 0) {
            return Double.NaN;
        }
        double varPlus = (half - 1.0) / half * wv + b / half;
        return Math.sqrt(varPlus / wv);
    }

    public static Summary summary(EnsembleSampler.Chain c, int d) {
        int total = c.samples() * c.walkers();
        double[] all = new double[total];
        for (int i = 0; i < total; i++) {
            all[i] = c.values()[i * c.dim() + d];
        }
        double mean = Arrays.stream(all).average().orElse(Double.NaN);
        double ss = 0;
        for (double v : all) {
            ss += (v - mean) * (v - mean);
        }
        double sd = Math.sqrt(ss / Math.max(total - 1, 1));
        double[] sorted = all.clone();
        Arrays.sort(sorted);
        double tau = autocorrelationTime(c, d);
        double ess = Double.isFinite(tau) ? total / Math.max(tau, 1) : Double.NaN;
        return new Summary(mean, sd, quantile(sorted, 0.16), quantile(sorted, 0.5), quantile(sorted, 0.84),
                splitRhat(c, d), ess, tau);
    }

    static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        double pos = q * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(i + 1, sorted.length - 1);
        return sorted[i] + (pos - i) * (sorted[j] - sorted[i]);
    }
}
