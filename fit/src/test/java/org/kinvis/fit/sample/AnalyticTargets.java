package org.kinvis.fit.sample;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.kinvis.host.model.Constraint;
import org.kinvis.host.model.Likelihood;
import org.kinvis.host.model.ParameterSet;
import org.kinvis.host.model.ParameterTable;

/**
 * Posteriors known in closed form, as {@link Likelihood}s with analytic gradients, for testing the samplers:
 * the log-likelihood returned is the whole log posterior (as pyhf's logpdf carries the nuisances' priors).
 */
final class AnalyticTargets {
    private AnalyticTargets() {
    }

    /** A likelihood over scalar parameters with the given bounds, its log density and gradient per point. */
    abstract static class Target implements Likelihood {
        private final ParameterTable table;

        Target(double[] inits, double[] lo, double[] hi) {
            List<ParameterSet> sets = new ArrayList<>();
            for (int i = 0; i < inits.length; i++) {
                sets.add(new ParameterSet("x" + i, "test", i, 1, true, new double[] {inits[i]},
                        new double[][] {{lo[i], hi[i]}}, new boolean[] {false}, Constraint.NONE, new double[0],
                        new double[0]));
            }
            this.table = new ParameterTable(sets, null);
        }

        /** log p(x) of one point ({@code x[off .. off+n)}), its gradient into {@code g[off ..]}. */
        abstract double logDensity(double[] x, int off, double[] g);

        @Override
        public int dimension() {
            return table.size();
        }

        @Override
        public ParameterTable parameters() {
            return table;
        }

        @Override
        public boolean hasGradient() {
            return true;
        }

        @Override
        public double[] logpdf(double[] points, int count) {
            double[] g = new double[points.length];
            return gradient(points, count, g);
        }

        @Override
        public double[] gradient(double[] points, int count, double[] grad) {
            double[] out = new double[count];
            for (int p = 0; p < count; p++) {
                out[p] = logDensity(points, p * dimension(), grad);
            }
            return out;
        }
    }

    /**
     * A zero-mean Gaussian with covariance {@code Σ = S R S}: scales {@code s_i} log-spaced from {@code smin} to
     * {@code smax}, AR(1) correlation {@code R_ij = ρ^|i−j|}, whose inverse is tridiagonal, so the gradient is
     * O(n). Unbounded parameters.
     */
    static final class CorrelatedGaussian extends Target {
        final int n;
        final double[] s;
        final double rho;

        CorrelatedGaussian(int n, double smin, double smax, double rho) {
            super(new double[n], filled(n, Double.NEGATIVE_INFINITY), filled(n, Double.POSITIVE_INFINITY));
            this.n = n;
            this.rho = rho;
            this.s = new double[n];
            for (int i = 0; i < n; i++) {
                s[i] = smin * Math.pow(smax / smin, i / (n - 1.0));
            }
        }

        double covariance(int i, int j) {
            return s[i] * s[j] * Math.pow(rho, Math.abs(i - j));
        }

        @Override
        double logDensity(double[] x, int off, double[] g) {
            // y = S⁻¹ x; R⁻¹ y = (1/(1−ρ²)) [y_i (1 + ρ² [0<i<n−1]) − ρ (y_{i−1} + y_{i+1})]
            double c = 1 / (1 - rho * rho);
            double q = 0;
            for (int i = 0; i < n; i++) {
                double yi = x[off + i] / s[i];
                double diag = (i == 0 || i == n - 1) ? 1 : 1 + rho * rho;
                double r = diag * yi;
                if (i > 0) {
                    r -= rho * x[off + i - 1] / s[i - 1];
                }
                if (i < n - 1) {
                    r -= rho * x[off + i + 1] / s[i + 1];
                }
                r *= c;
                q += yi * r;
                g[off + i] = -r / s[i];
            }
            return -0.5 * q;
        }
    }

    /**
     * Independent normals N(μ_i, σ_i) truncated to [lo_i, hi_i] (either may be infinite): the density is finite
     * and non-zero up to the bounds.
     */
    static final class TruncatedNormals extends Target {
        final double[] mu;
        final double[] sigma;

        TruncatedNormals(double[] mu, double[] sigma, double[] lo, double[] hi) {
            super(inside(mu, lo, hi), lo, hi);
            this.mu = mu;
            this.sigma = sigma;
        }

        @Override
        double logDensity(double[] x, int off, double[] g) {
            double v = 0;
            for (int i = 0; i < mu.length; i++) {
                double z = (x[off + i] - mu[i]) / sigma[i];
                v -= 0.5 * z * z;
                g[off + i] = -z / sigma[i];
            }
            return v;
        }
    }

    /**
     * Poisson counts {@code n_i} with rates λ_i ≥ 0 and conjugate Gamma(α, β) priors: the posterior of each λ_i is
     * Gamma(α + n_i, β + 1).
     */
    static final class PoissonGamma extends Target {
        final int[] counts;
        final double alpha;
        final double beta;

        PoissonGamma(int[] counts, double alpha, double beta) {
            super(filled(counts.length, 1), new double[counts.length], filled(counts.length,
                    Double.POSITIVE_INFINITY));
            this.counts = counts;
            this.alpha = alpha;
            this.beta = beta;
        }

        @Override
        double logDensity(double[] x, int off, double[] g) {
            double v = 0;
            for (int i = 0; i < counts.length; i++) {
                double l = x[off + i];
                double a = counts[i] + alpha - 1;
                v += a * Math.log(l) - (1 + beta) * l;
                g[off + i] = a / l - (1 + beta);
            }
            return v;
        }
    }

    static double[] filled(int n, double v) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    private static double[] inside(double[] mu, double[] lo, double[] hi) {
        double[] x = new double[mu.length];
        for (int i = 0; i < mu.length; i++) {
            double l = Double.isFinite(lo[i]) ? lo[i] : mu[i] - 10;
            double h = Double.isFinite(hi[i]) ? hi[i] : Math.max(l, mu[i]) + 10;
            x[i] = 0.5 * (l + h);
        }
        return x;
    }
}
