package org.kinvis.fit.sample;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.kinvis.fit.minimize.BatchFunction;
import org.kinvis.host.model.Likelihood;
import org.kinvis.host.model.ParameterTable;

/**
 * The posterior kinvis samples, over the free parameters of a {@link Likelihood}:
 * {@code log p(θ | data) = logpdf(θ) + Σ_free log π(θ_k) + const}, where {@code logpdf} is pyhf's — its
 * constraint terms are the priors of the nuisance parameters (Gaussian or Poisson about the auxiliary data, as
 * pyhf defines them) — and every free parameter has a uniform prior within its bounds unless a normal prior
 * N(mean, sd) is given for it (times the bounds' indicator). Fixed parameters stay at their values.
 *
 * <p>Two views: {@link #values} is the density of the constrained parameters (−∞ outside the bounds), used by
 * the ensemble sampler; {@link #logDensity} is the density of Stan's unconstrained parameters {@code u}
 * ({@link Support}), {@code log p(θ(u)) + Σ log|dθ/du|}, with its gradient from the likelihood's analytic one,
 * used by HMC. A point where the likelihood or its gradient is not finite is outside the support: −∞.
 */
public final class Posterior implements BatchFunction {
    private final Likelihood lik;
    private final double[] base;
    private final int[] free;
    private final Support[] support;
    private final double[][] normal; // per free index: {mean, sd} or null
    private final List<String> names;
    private double[] full = new double[0];
    private double[] fullGrad = new double[0];
    private double[] theta = new double[0];

    /**
     * @param start        values of the fixed parameters (the free ones are overwritten by every point)
     * @param normalPriors free parameter name → {mean, sd} of a normal prior
     */
    public Posterior(Likelihood lik, double[] start, Map<String, double[]> normalPriors) {
        this.lik = lik;
        ParameterTable t = lik.parameters();
        this.base = start.clone();
        boolean[] fixed = t.fixed();
        this.free = java.util.stream.IntStream.range(0, fixed.length).filter(i -> !fixed[i]).toArray();
        int n = free.length;
        this.support = new Support[n];
        this.normal = new double[n][];
        double[] l = t.lowerBounds();
        double[] h = t.upperBounds();
        String[] nm = new String[n];
        for (int j = 0; j < n; j++) {
            support[j] = Support.of(l[free[j]], h[free[j]]);
            nm[j] = t.names().get(free[j]);
        }
        this.names = List.of(nm);
        for (Map.Entry<String, double[]> e : normalPriors.entrySet()) {
            int idx = t.indexOf(e.getKey());
            int j = Arrays.binarySearch(free, idx);
            if (idx < 0 || j < 0) {
                throw new IllegalArgumentException("no free parameter '" + e.getKey() + "' for a prior");
            }
            normal[j] = e.getValue().clone();
        }
    }

    @Override
    public int dimension() {
        return free.length;
    }

    /** Indices of the free parameters in the likelihood's parameter vector. */
    public int[] free() {
        return free.clone();
    }

    /** Names of the free parameters, in sampling order. */
    public List<String> names() {
        return names;
    }

    public Support support(int j) {
        return support[j];
    }

    public double lower(int j) {
        return support[j].lower();
    }

    public double upper(int j) {
        return support[j].upper();
    }

    public Likelihood likelihood() {
        return lik;
    }

    /** Full parameter vector of a point of the free parameters. */
    public double[] full(double[] x, int offset) {
        double[] v = base.clone();
        for (int j = 0; j < free.length; j++) {
            v[free[j]] = x[offset + j];
        }
        return v;
    }

    /** θ = constrain(u) for {@code count} points. */
    public void constrain(double[] u, double[] theta, int count) {
        int n = free.length;
        for (int p = 0; p < count; p++) {
            for (int j = 0; j < n; j++) {
                theta[p * n + j] = support[j].constrain(u[p * n + j]);
            }
        }
    }

    /** u = unconstrain(θ) for {@code count} points (±∞ for a point on a bound). */
    public void unconstrain(double[] theta, double[] u, int count) {
        int n = free.length;
        for (int p = 0; p < count; p++) {
            for (int j = 0; j < n; j++) {
                u[p * n + j] = support[j].unconstrain(theta[p * n + j]);
            }
        }
    }

    /** log posterior (up to a constant) of {@code count} points of the free parameters; −∞ outside the bounds. */
    @Override
    public void values(double[] points, int count, double[] out) {
        int n = free.length;
        int dim = base.length;
        int[] inside = new int[count];
        int m = 0;
        for (int p = 0; p < count; p++) {
            boolean ok = true;
            for (int j = 0; j < n && ok; j++) {
                double v = points[p * n + j];
                ok = v >= support[j].lower() && v <= support[j].upper();
            }
            out[p] = Double.NEGATIVE_INFINITY;
            if (ok) {
                inside[m++] = p;
            }
        }
        if (m == 0) {
            return;
        }
        double[] x = new double[m * dim];
        for (int q = 0; q < m; q++) {
            System.arraycopy(full(points, inside[q] * n), 0, x, q * dim, dim);
        }
        double[] lp = lik.logpdf(x, m);
        for (int q = 0; q < m; q++) {
            int p = inside[q];
            double v = lp[q] + logPrior(points, p * n, null, 0);
            out[p] = Double.isFinite(v) ? v : Double.NEGATIVE_INFINITY;
        }
    }

    /** Σ of the normal priors' log densities at the point; adds their derivatives into {@code grad} if given. */
    private double logPrior(double[] theta, int offset, double[] grad, int goff) {
        double s = 0;
        for (int j = 0; j < normal.length; j++) {
            if (normal[j] != null) {
                double z = (theta[offset + j] - normal[j][0]) / normal[j][1];
                s -= 0.5 * z * z;
                if (grad != null) {
                    grad[goff + j] -= z / normal[j][1];
                }
            }
        }
        return s;
    }

    /**
     * The log density of the unconstrained parameters of {@code count} points {@code u} (row-major,
     * {@code count × dimension()}) into {@code lp}, its gradient with respect to {@code u} into {@code grad}: one
     * batched call of the likelihood's analytic gradient. Points outside the support get −∞ (gradient 0).
     *
     * @throws UnsupportedOperationException where the likelihood has no analytic gradient
     */
    public void logDensity(double[] u, int count, double[] lp, double[] grad) {
        if (!lik.hasGradient()) {
            throw new UnsupportedOperationException("the likelihood has no analytic gradient");
        }
        int n = free.length;
        int dim = base.length;
        if (full.length < count * dim) {
            full = new double[count * dim];
            fullGrad = new double[count * dim];
            theta = new double[count * n];
        }
        constrain(u, theta, count);
        for (int p = 0; p < count; p++) {
            System.arraycopy(base, 0, full, p * dim, dim);
            for (int j = 0; j < n; j++) {
                full[p * dim + free[j]] = theta[p * n + j];
            }
        }
        double[] ll = lik.gradient(full, count, fullGrad);
        for (int p = 0; p < count; p++) {
            int o = p * n;
            for (int j = 0; j < n; j++) {
                grad[o + j] = fullGrad[p * dim + free[j]];
            }
            double v = ll[p] + logPrior(theta, o, grad, o);
            boolean finite = Double.isFinite(v);
            for (int j = 0; j < n && finite; j++) {
                double uj = u[o + j];
                Support s = support[j];
                v += s.logJacobian(uj);
                grad[o + j] = grad[o + j] * s.jacobian(uj) + s.dLogJacobian(uj);
                finite = Double.isFinite(grad[o + j]);
            }
            if (finite && Double.isFinite(v)) {
                lp[p] = v;
            } else {
                lp[p] = Double.NEGATIVE_INFINITY;
                Arrays.fill(grad, o, o + n, 0);
            }
        }
    }
}
