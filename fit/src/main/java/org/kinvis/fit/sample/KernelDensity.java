package org.kinvis.fit.sample;

/**
 * The marginal posterior mode as a PyMC/ArviZ user reads it off {@code az.plot_posterior(point_estimate="mode")}:
 * the maximum of a Gaussian kernel density estimate of the draws. Bandwidth by Silverman's rule
 * {@code 0.9 min(sd, IQR/1.349) S^(−1/5)} (ArviZ's "silverman"; its default blends it with Sheather–Jones), the
 * data linearly binned on a 1024-point grid. Boundary correction by reflection (Jones 1993): where the
 * parameter's support ends within three bandwidths of the draws, the kernels are mirrored at the bound, so that
 * a density that is finite and highest at the bound (a coupling whose posterior piles up at 0) has its mode on
 * the bound instead of half a bandwidth inside it. ArviZ reflects at the draws' extremes instead; for a
 * parameter on a bound these coincide up to the gap between the bound and the smallest draw.
 */
public final class KernelDensity {
    private static final int GRID = 1024;

    private KernelDensity() {
    }

    /** Silverman's rule-of-thumb bandwidth of sorted draws. */
    static double bandwidth(double[] sorted) {
        int s = sorted.length;
        double mean = Diagnostics.mean(sorted);
        double sd = Math.sqrt(Diagnostics.variance(sorted, mean));
        double iqr = Diagnostics.quantile(sorted, 0.75) - Diagnostics.quantile(sorted, 0.25);
        double spread = iqr > 0 ? Math.min(sd, iqr / 1.349) : sd;
        return 0.9 * spread * Math.pow(s, -0.2);
    }

    /**
     * The mode of the KDE of {@code sorted} draws of a parameter with support [lo, hi] (either may be infinite).
     */
    public static double mode(double[] sorted, double lo, double hi) {
        int s = sorted.length;
        if (s == 0) {
            return Double.NaN;
        }
        double h = bandwidth(sorted);
        if (!(h > 0)) {
            return sorted[0];
        }
        boolean reflectLo = sorted[0] - lo < 3 * h;
        boolean reflectHi = hi - sorted[s - 1] < 3 * h;
        double a = reflectLo ? lo : sorted[0] - 3 * h;
        double b = reflectHi ? hi : sorted[s - 1] + 3 * h;
        double dx = (b - a) / (GRID - 1);
        double[] counts = new double[GRID];
        for (double x : sorted) {
            double pos = (x - a) / dx;
            int i = (int) Math.floor(pos);
            double f = pos - i;
            if (i < 0) {
                counts[0] += 1;
            } else if (i >= GRID - 1) {
                counts[GRID - 1] += 1;
            } else {
                counts[i] += 1 - f;
                counts[i + 1] += f;
            }
        }
        int reach = (int) Math.ceil(5 * h / dx);
        double[] kernel = new double[Math.min(reach, 2 * GRID) + 1];
        for (int k = 0; k < kernel.length; k++) {
            double t = k * dx / h;
            kernel[k] = Math.exp(-0.5 * t * t);
        }
        double[] density = new double[GRID];
        for (int j = 0; j < GRID; j++) {
            double d = 0;
            int from = Math.max(0, j - kernel.length + 1);
            int to = Math.min(GRID - 1, j + kernel.length - 1);
            for (int i = from; i <= to; i++) {
                d += counts[i] * kernel[Math.abs(j - i)];
            }
            if (reflectLo) {
                for (int i = 0; i + j < kernel.length && i < GRID; i++) {
                    d += counts[i] * kernel[i + j];
                }
            }
            if (reflectHi) {
                for (int i = GRID - 1; (GRID - 1 - i) + (GRID - 1 - j) < kernel.length && i >= 0; i--) {
                    d += counts[i] * kernel[(GRID - 1 - i) + (GRID - 1 - j)];
                }
            }
            density[j] = d;
        }
        int best = 0;
        for (int j = 1; j < GRID; j++) {
            if (density[j] > density[best]) {
                best = j;
            }
        }
        double x = a + best * dx;
        if (best > 0 && best < GRID - 1) {
            double y0 = density[best - 1];
            double y1 = density[best];
            double y2 = density[best + 1];
            double den = y0 - 2 * y1 + y2;
            if (den < 0) {
                x += 0.5 * (y0 - y2) / den * dx;
            }
        }
        return x;
    }
}
