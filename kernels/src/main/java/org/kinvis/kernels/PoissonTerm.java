package org.kinvis.kernels;

import org.apache.commons.math3.special.Gamma;

/**
 * The Poisson log-probability {@code log Pois(n | λ) = n log λ − λ − lgamma(n + 1)} without cancellation, for
 * counts up to 1e12 and beyond (shapesys constraints with τ = (nominal/σ)² ~ 1e11, large main-bin counts). Written
 * as Loader's split (C. Loader, "Fast and accurate computation of binomial probabilities", 2000; R's
 * {@code dpois_raw}):
 * <pre>
 *   log Pois(n | λ) = −bd0(n, λ) + S(n),   bd0(n, λ) = n log(n/λ) + λ − n ≥ 0,
 *   S(n) = n log n − n − lgamma(n + 1) = −½ log(2πn) − stirlerr(n),
 * </pre>
 * where bd0 depends on the point and is computed from its series in v = (n − λ)/(n + λ) when λ is near n (no term
 * larger than the result), and S depends only on the data, so the backends precompute it per term (Stirling's
 * series for n ≥ 15). Every backend — CPU scalar and 4-lane paths, the CPU gradient and the OpenCL kernels —
 * evaluates {@link #centred} per term and adds {@link #constant}s once.
 */
public final class PoissonTerm {
    /** |v| below which bd0 is summed as a series (Loader's 0.1: each term at most 1 % of the previous). */
    static final double SERIES_LIMIT = 0.1;

    private PoissonTerm() {
    }

    /**
     * {@code n·log(λ/n) + (n − λ) = −bd0(n, λ)} for {@code n > 0}, given {@code d = n − λ} as accurately as the
     * caller knows it (e.g. {@code Math.fma(-x, f, n)} for λ = x·f, which keeps the product unrounded).
     * λ = 0 gives −∞, λ &lt; 0 NaN, as {@code n log λ − λ} does.
     */
    public static double centred(double n, double lambda, double d) {
        double sum = n + lambda;
        if (Math.abs(d) < SERIES_LIMIT * sum) {
            // bd0 = d·v + 2n Σ_{j≥1} v^(2j+1)/(2j+1), v = d/(n + λ): every term positive relative to the first
            double v = d / sum;
            double s = d * v;
            double ej = 2 * n * v;
            double v2 = v * v;
            for (int j = 1; j < 40; j++) {
                ej *= v2;
                double s1 = s + ej / (2 * j + 1);
                if (s1 == s) {
                    break;
                }
                s = s1;
            }
            return -s;
        }
        return n * Math.log(lambda / n) + d;
    }

    /** The whole parameter-dependent part of a term: {@link #centred} for n &gt; 0, {@code −λ} for n = 0. */
    public static double term(double n, double lambda, double d) {
        return n == 0 ? -lambda : centred(n, lambda, d);
    }

    /** {@code S(n) = n log n − n − lgamma(n + 1)}; 0 for n = 0. */
    public static double constant(double n) {
        if (n == 0) {
            return 0;
        }
        if (n < 15) {
            return n * Math.log(n) - n - Gamma.logGamma(n + 1);
        }
        return -0.5 * Math.log(2 * Math.PI * n) - stirlingError(n);
    }

    /**
     * {@code stirlerr(n) = lgamma(n + 1) − (n + ½) log n + n − ½ log 2π} for n ≥ 15 from Stirling's series
     * Σ B_2k / (2k(2k − 1) n^(2k−1)); the first omitted term is below 4e-18 at n = 15.
     */
    static double stirlingError(double n) {
        double r = 1 / n;
        double r2 = r * r;
        double s = -1.0 / 156;
        s = s * r2 + 691.0 / 360360;
        s = s * r2 - 1.0 / 1188;
        s = s * r2 + 1.0 / 1680;
        s = s * r2 - 1.0 / 1260;
        s = s * r2 + 1.0 / 360;
        s = s * r2 - 1.0 / 12;
        return -s * r;
    }
}
