package org.kinvis.fit.minimize;

/**
 * A minimisation problem in Minuit's internal coordinates: the free parameters of the external vector, each
 * mapped by its {@link Transform}; fixed parameters keep their external value, and so does a parameter whose
 * bounds coincide (lo == hi: fixed there, as Minuit treats it). Converts batches of internal points to external
 * ones, counts function calls, and reads a NaN value as +∞ (outside the function's support: a wall, never a
 * minimum).
 */
final class Problem {
    final BatchFunction f;
    final double[] external;      // current full external vector (fixed values live here)
    final int[] free;             // external index of each internal variable
    final Transform[] transforms; // per internal variable
    final boolean[] fixed;        // per external parameter: fixed by the caller or by equal bounds
    long nfcn;
    private double[] seedG2;      // diagonal second derivatives of the first (numerical) gradient

    Problem(BatchFunction f, double[] start, double[] lo, double[] hi, boolean[] fixed) {
        int n = start.length;
        if (f.dimension() != n || lo.length != n || hi.length != n || fixed.length != n) {
            throw new IllegalArgumentException("start, bounds and fixed flags must have " + f.dimension() + " entries");
        }
        this.f = f;
        this.external = start.clone();
        this.fixed = fixed.clone();
        int nf = 0;
        for (int i = 0; i < n; i++) {
            if (lo[i] > hi[i]) {
                throw new IllegalArgumentException("parameter " + i + ": lower bound " + lo[i] + " > upper " + hi[i]);
            }
            if (!this.fixed[i] && lo[i] == hi[i]) {
                this.fixed[i] = true;
                external[i] = lo[i];
            }
            nf += this.fixed[i] ? 0 : 1;
        }
        free = new int[nf];
        transforms = new Transform[nf];
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (!this.fixed[i]) {
                free[k] = i;
                transforms[k] = new Transform(lo[i], hi[i]);
                k++;
            }
        }
    }

    int n() {
        return free.length;
    }

    double[] toInternal(double[] ext) {
        double[] x = new double[free.length];
        for (int k = 0; k < free.length; k++) {
            x[k] = transforms[k].toInternal(ext[free[k]]);
        }
        return x;
    }

    double[] toExternal(double[] x) {
        double[] e = external.clone();
        for (int k = 0; k < free.length; k++) {
            e[free[k]] = transforms[k].toExternal(x[k]);
        }
        return e;
    }

    /** Evaluates {@code count} internal points stored row-major in {@code xs}. */
    double[] eval(double[] xs, int count) {
        return eval(xs, count, null);
    }

    /**
     * As {@link #eval(double[], int)}; with a {@code base} point, coordinates equal to the base's reuse its
     * external value, so points that differ from it in one or two coordinates (gradients, HESSE) cost two sines
     * rather than N.
     */
    double[] eval(double[] xs, int count, double[] base) {
        int n = free.length;
        int dim = external.length;
        double[] baseExt = base == null ? null : toExternal(base);
        double[] pts = new double[count * dim];
        for (int p = 0; p < count; p++) {
            int o = p * dim;
            if (baseExt != null) {
                System.arraycopy(baseExt, 0, pts, o, dim);
                for (int k = 0; k < n; k++) {
                    double v = xs[p * n + k];
                    if (v != base[k]) {
                        pts[o + free[k]] = transforms[k].toExternal(v);
                    }
                }
            } else {
                System.arraycopy(external, 0, pts, o, dim);
                for (int k = 0; k < n; k++) {
                    pts[o + free[k]] = transforms[k].toExternal(xs[p * n + k]);
                }
            }
        }
        return values(pts, count);
    }

    /** f at {@code count} full external points, NaN read as +∞. */
    private double[] values(double[] pts, int count) {
        double[] out = new double[count];
        f.values(pts, count, out);
        nfcn += count;
        for (int p = 0; p < count; p++) {
            if (Double.isNaN(out[p])) {
                out[p] = Double.POSITIVE_INFINITY;
            }
        }
        return out;
    }

    /** The full external vector with the free parameters set to {@code freeExt} (external values). */
    double[] withFree(double[] freeExt) {
        double[] e = external.clone();
        for (int k = 0; k < free.length; k++) {
            e[free[k]] = freeExt[k];
        }
        return e;
    }

    /** The free parameters' external values at internal point x. */
    double[] freeExternal(double[] x) {
        double[] e = new double[free.length];
        for (int k = 0; k < free.length; k++) {
            e[k] = transforms[k].toExternal(x[k]);
        }
        return e;
    }

    /** Evaluates {@code count} points given by the free parameters' external values (row-major). */
    double[] evalExternal(double[] xs, int count) {
        int n = free.length;
        int dim = external.length;
        double[] pts = new double[count * dim];
        for (int p = 0; p < count; p++) {
            System.arraycopy(external, 0, pts, p * dim, dim);
            for (int k = 0; k < n; k++) {
                pts[p * dim + free[k]] = xs[p * n + k];
            }
        }
        return values(pts, count);
    }

    /** The gradient over the free parameters in external coordinates at {@code freeExt}; f there into val[0]. */
    double[] analyticGradientExternal(double[] freeExt, double[] val) {
        double[] ge = new double[external.length];
        f.gradients(withFree(freeExt), 1, val, ge);
        nfcn++;
        if (Double.isNaN(val[0])) {
            val[0] = Double.POSITIVE_INFINITY;
        }
        double[] g = new double[free.length];
        for (int k = 0; k < free.length; k++) {
            g[k] = ge[free[k]];
        }
        return g;
    }

    double eval(double[] x) {
        return eval(x, 1)[0];
    }

    /**
     * Takes the diagonal second derivatives from elsewhere (a known metric) instead of the first numerical
     * gradient, so that even the first gradient is analytic. Nothing is set without an analytic gradient.
     */
    void seedCurvature(double[] g2) {
        if (f.hasGradient() && g2.length == free.length) {
            seedG2 = g2.clone();
        }
    }

    /**
     * f(x), the gradient and diagonal second derivatives at x. With an analytic gradient ({@link
     * BatchFunction#hasGradient}) only the first call uses central differences (for the starting metric's
     * diagonal, which later calls return again); the others cost one gradient evaluation.
     */
    double[][] gradient(double[] x, double[] h) {
        if (f.hasGradient() && seedG2 != null) {
            double[] val = new double[1];
            double[] g = analyticGradient(x, val);
            return new double[][] {{val[0]}, g, seedG2};
        }
        double[][] out = numericGradient(x, h);
        seedG2 = out[2];
        return out;
    }

    /** The gradient in internal coordinates at x by the chain rule through the transforms; f(x) into val[0]. */
    double[] analyticGradient(double[] x, double[] val) {
        double[] ext = toExternal(x);
        double[] ge = new double[ext.length];
        f.gradients(ext, 1, val, ge);
        nfcn++;
        if (Double.isNaN(val[0])) {
            val[0] = Double.POSITIVE_INFINITY;
        }
        double[] g = new double[free.length];
        for (int k = 0; k < free.length; k++) {
            g[k] = ge[free[k]] * transforms[k].derivative(x[k]);
        }
        return g;
    }

    /** Central differences at x with steps h: f(x), gradient and diagonal second derivatives, one batch. */
    double[][] numericGradient(double[] x, double[] h) {
        int n = free.length;
        double[] xs = new double[(2 * n + 1) * n];
        for (int p = 0; p < 2 * n + 1; p++) {
            System.arraycopy(x, 0, xs, p * n, n);
        }
        for (int k = 0; k < n; k++) {
            xs[(1 + 2 * k) * n + k] += h[k];
            xs[(2 + 2 * k) * n + k] -= h[k];
        }
        double[] v = eval(xs, 2 * n + 1, x);
        double f0 = v[0];
        double[] g = new double[n];
        double[] g2 = new double[n];
        for (int k = 0; k < n; k++) {
            double fp = v[1 + 2 * k];
            double fm = v[2 + 2 * k];
            g[k] = (fp - fm) / (2 * h[k]);
            g2[k] = (fp + fm - 2 * f0) / (h[k] * h[k]);
        }
        return new double[][] {{f0}, g, g2};
    }
}
