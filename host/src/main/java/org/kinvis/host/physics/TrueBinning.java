package org.kinvis.host.physics;

/**
 * The true-q² binning of the Belle II signal number densities: a sentinel bin [−1, 0] followed by 100 equal
 * bins on [0, 22.885] GeV² (DESIGN.md, reinterpretation). Bin integrals use Gauss–Legendre 16 per bin (or the
 * spectrum's analytic integral for two-body states).
 */
public record TrueBinning(double[] lo, double[] hi) {
    public static final double CUTOFF = 22.885;

    public static TrueBinning belle2() {
        double[] lo = new double[101];
        double[] hi = new double[101];
        lo[0] = -1;
        hi[0] = 0;
        for (int i = 1; i <= 100; i++) {
            lo[i] = CUTOFF * (i - 1) / 100;
            hi[i] = CUTOFF * i / 100;
        }
        return new TrueBinning(lo, hi);
    }

    public int size() {
        return lo.length;
    }

    /** ∫ dBR/dq² over each bin. */
    public double[] integrals(Spectrum s) {
        double[] out = new double[size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = s.integral(lo[i], hi[i]);
        }
        return out;
    }

    /** Whether bin i lies within the cutoff [0, 22.885] GeV², where a weight is a ratio (outside: 1). */
    public boolean inWindow(int i) {
        return !(lo[i] < 0 || hi[i] > CUTOFF + 1e-12);
    }

    /**
     * Weights {@code w_i = alt_i / null_i} with the redist rules: bins outside [0, 22.885] get 1, NaN → 1,
     * negative → 1 unless allowed, values above {@code upperClip} are clipped.
     */
    public double[] weights(double[] alt, double[] nul, boolean allowNegative, double upperClip) {
        double[] w = new double[size()];
        for (int i = 0; i < w.length; i++) {
            if (!inWindow(i)) {
                w[i] = 1;
                continue;
            }
            double v = alt[i] / nul[i];
            if (Double.isNaN(v) || (v < 0 && !allowNegative)) {
                v = 1;
            }
            w[i] = Math.min(v, upperClip);
        }
        return w;
    }

    /**
     * Where {@link #weights} is the ratio {@code alt_i/null_i} itself (inside the cutoff, not NaN, not a negative
     * value replaced by 1, not clipped): the bins whose weight moves with the alternative's integral, with
     * derivative {@code ∂alt_i/null_i}; the others have derivative 0.
     */
    public boolean[] ratioBins(double[] alt, double[] nul, boolean allowNegative, double upperClip) {
        boolean[] out = new boolean[size()];
        for (int i = 0; i < out.length; i++) {
            double v = alt[i] / nul[i];
            out[i] = inWindow(i) && !Double.isNaN(v) && (v >= 0 || allowNegative) && v < upperClip;
        }
        return out;
    }
}
