package org.kinvis.fit.sample;

import java.util.SplittableRandom;

/**
 * The Laplace approximation at the maximum-likelihood point carried into the sampler's unconstrained space:
 * the initial HMC metric and the chains' dispersed starting points. The HESSE covariance {@code V} of the free
 * parameters becomes {@code D V D} with {@code D = diag(du/dθ)} (the transforms' Jacobian, {@link Support});
 * where the MLE lies within half a standard error of a bound the Jacobian is taken half an error inside
 * (at the bound it vanishes), and no unconstrained standard deviation of a bounded parameter exceeds 2 (beyond
 * that the logistic / exponential map puts the mass on the bounds).
 *
 * <p>Chains start at independent draws from this normal, over-dispersed by a factor (1.5 by default), so that
 * split-R̂ compares chains that did not all start where they end up (Gelman &amp; Rubin 1992); a draw where the
 * posterior density is zero is drawn again.
 */
public record LaplaceStart(double[] center, double[] covariance) {
    /** Largest unconstrained standard deviation of a bounded parameter. */
    static final double MAX_SD = 2;

    /**
     * @param post   the posterior (its free parameters and supports)
     * @param point  full parameter vector at the MLE (or the inits)
     * @param cov    full covariance (HESSE), or null: then {@code errors} on the diagonal, uncorrelated
     * @param errors full vector of standard errors used where {@code cov} is null
     */
    public static LaplaceStart of(Posterior post, double[] point, double[][] cov, double[] errors) {
        int[] free = post.free();
        int n = free.length;
        double[] center = new double[n];
        double[] scale = new double[n];
        for (int j = 0; j < n; j++) {
            Support s = post.support(j);
            double sd = cov != null ? Math.sqrt(Math.max(cov[free[j]][free[j]], 0)) : errors[free[j]];
            if (!(sd > 0) || !Double.isFinite(sd)) {
                sd = errors != null && errors[free[j]] > 0 ? errors[free[j]] : 0.1;
            }
            double lo = s.lower();
            double hi = s.upper();
            double margin = Math.min(0.5 * sd, 0.25 * (hi - lo));
            double x = Math.max(lo + margin, Math.min(hi - margin, point[free[j]]));
            center[j] = s.unconstrain(x);
            double du = 1 / Math.abs(s.jacobian(center[j]));
            scale[j] = du;
            if (!(s instanceof Support.Real) && sd * du > MAX_SD) {
                scale[j] = MAX_SD / sd;
            }
        }
        double[] c = new double[n * n];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                double v;
                if (cov != null) {
                    v = 0.5 * (cov[free[a]][free[b]] + cov[free[b]][free[a]]);
                    if (a == b && !(v > 0)) {
                        v = Math.pow(errors != null && errors[free[a]] > 0 ? errors[free[a]] : 0.1, 2);
                    }
                } else {
                    v = a == b ? Math.pow(errors[free[a]], 2) : 0;
                }
                c[a * n + b] = scale[a] * scale[b] * v;
            }
        }
        return new LaplaceStart(center, c);
    }

    public Metric metric() {
        return Metric.fromCovariance(center, covariance);
    }

    /**
     * {@code chains} starting points ({@code chains × n}, unconstrained) drawn from the normal with the covariance
     * scaled by {@code overdispersion²}; a point with zero density is redrawn (up to 100 times, then the
     * dispersion is halved for it).
     */
    public double[] draw(Posterior post, int chains, double overdispersion, SplittableRandom rng) {
        int n = center.length;
        Metric m = metric();
        double[] z = new double[chains * n];
        double[] u = new double[chains * n];
        double[] lp = new double[chains];
        double[] g = new double[chains * n];
        double[] scale = new double[chains];
        java.util.Arrays.fill(scale, overdispersion);
        boolean[] done = new boolean[chains];
        for (int attempt = 0; attempt < 200; attempt++) {
            for (int c = 0; c < chains; c++) {
                if (!done[c]) {
                    for (int i = 0; i < n; i++) {
                        z[c * n + i] = scale[c] * rng.nextGaussian();
                    }
                }
            }
            m.toUnconstrained(z, u, chains);
            post.logDensity(u, chains, lp, g);
            boolean all = true;
            for (int c = 0; c < chains; c++) {
                done[c] = Double.isFinite(lp[c]);
                all &= done[c];
                if (!done[c] && attempt % 100 == 99) {
                    scale[c] /= 2;
                }
            }
            if (all) {
                return u;
            }
        }
        throw new IllegalStateException("could not find starting points where the posterior density is positive"
                + " around the fitted point");
    }
}
