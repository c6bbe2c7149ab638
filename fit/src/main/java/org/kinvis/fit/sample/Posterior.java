package org.kinvis.fit.sample;

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
 */
public final class Posterior implements BatchFunction {
    private final Likelihood lik;
    private final double[] base;
    private final int[] free;
    private final double[] lo;
    private final double[] hi;
    private final double[][] normal; // per free index: {mean, sd} or null

    public Posterior(Likelihood lik, double[] start, Map<String, double[]> normalPriors) {
        this.lik = lik;
        ParameterTable t = lik.parameters();
        this.base = start.clone();
        boolean[] fixed = t.fixed();
        int n = 0;
        for (boolean f : fixed) {
            n += f ? 0 : 1;
        }
        this.free = new int[n];
        int k = 0;
        for (int i = 0; i < fixed.length; i++) {
            if (!fixed[i]) {
                free[k++] = i;
            }
        }
        this.lo = new double[n];
        this.hi = new double[n];
        this.normal = new double[n][];
        double[] l = t.lowerBounds();
        double[] h = t.upperBounds();
        for (int j = 0; j < n; j++) {
            lo[j] = l[free[j]];
            hi[j] = h[free[j]];
        }
        for (Map.Entry<String, double[]> e : normalPriors.entrySet()) {
            int idx = t.indexOf(e.getKey());
            int j = java.util.Arrays.binarySearch(free, idx);
            if (idx < 0 || j < 0) {
                throw new IllegalArgumentException("no free parameter '" + e.getKey() + "' for a prior");
            }
            normal[j] = e.getValue();
        }
    }

    @Override
    public int dimension() {
        return free.length;
    }

    public int[] free() {
        return free.clone();
    }

    public double lower(int j) {
        return lo[j];
    }

    public double upper(int j) {
        return hi[j];
    }

    /** Full parameter vector of a point of the free parameters. */
    public double[] full(double[] x, int offset) {
        double[] v = base.clone();
        for (int j = 0; j < free.length; j++) {
            v[free[j]] = x[offset + j];
        }
        return v;
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
                ok = v >= lo[j] && v <= hi[j];
            }
            out[p] = Double.NEGATIVE_INFINITY;
            if (ok) {
                inside[m++] = p;
            }
        }
        if (m == 0) {
            return;
        }
        double[] full = new double[m * dim];
        for (int q = 0; q < m; q++) {
            System.arraycopy(full(points, inside[q] * n), 0, full, q * dim, dim);
        }
        double[] lp = lik.logpdf(full, m);
        for (int q = 0; q < m; q++) {
            int p = inside[q];
            double v = lp[q];
            for (int j = 0; j < n; j++) {
                if (normal[j] != null) {
                    double z = (points[p * n + j] - normal[j][0]) / normal[j][1];
                    v -= 0.5 * z * z;
                }
            }
            out[p] = Double.isNaN(v) ? Double.NEGATIVE_INFINITY : v;
        }
    }
}
