package org.kinvis.fit.minimize;

import java.util.Arrays;

/**
 * HESSE: the full matrix of second derivatives of the objective by finite differences, in <em>external</em>
 * coordinates, evaluated as batches of points, then inverted ({@link PositiveDefinite}: Cholesky, or the
 * eigen-decomposition with a floor where the matrix is not positive definite, as Minuit's MnPosDef).
 *
 * <p>Each free parameter gets a stencil: central differences ({@code ±h}) where both steps stay within its
 * bounds, else one-sided ones into the allowed range ({@code h, 2h, 3h}, second-order accurate). The second
 * derivatives are then those a parameter sitting on its bound really has — the curvature of the objective there,
 * which is what an error at a limit must come from (Minuit2's MnHesse at limits; the internal sine
 * transformation's derivative vanishes there). The matrix in Minuit's internal coordinates, which MIGRAD's metric
 * needs, follows by the chain rule: {@code H_int = J H_ext J + diag(g_ext · ext'')}.
 *
 * <p>Without an analytic gradient: diagonal {@code (f(x+h) + f(x−h) − 2f)/h²}, off-diagonal
 * {@code (f(++) − f(+−) − f(−+) + f(−−))/(4hᵢhⱼ)} (one-sided operators where a stencil is one-sided), 2N² points.
 * With one: column j is the difference of gradients along j, 2N gradient evaluations, with steps a tenth of the
 * function-value ones (gradients do not cancel the way function values do).
 */
public final class Hesse {
    private static final int CHUNK = 8192;

    /**
     * HESSE at one point.
     *
     * @param external second derivatives in external coordinates over the free parameters
     * @param gradient the gradient in external coordinates there
     * @param internal the matrix in internal coordinates (chain rule)
     * @param inverse  V = internal⁻¹ (internal covariance = 2·errordef·V)
     * @param posDef   whether the internal matrix was positive definite (else V is of the floored matrix)
     */
    record Result(double[][] external, double[] gradient, double[][] internal, double[][] inverse, boolean posDef) {
    }

    private Hesse() {
    }

    /**
     * HESSE of the problem at internal point x with internal steps h (turned into external steps through the
     * transformations' derivatives, at least {@code minStep} each).
     */
    static Result compute(Problem pr, double[] x, double[] h, double[] minStep, double f0) {
        int n = x.length;
        double[] ext = pr.freeExternal(x);
        double[] jac = new double[n];
        double[] hExt = new double[n];
        for (int k = 0; k < n; k++) {
            jac[k] = pr.transforms[k].derivative(x[k]);
            hExt[k] = Math.max(Math.abs(jac[k]) * h[k], minStep[k]);
        }
        boolean gradients = pr.f.hasGradient();
        Stencil st = Stencil.of(pr, ext, gradients ? scaled(hExt, 0.1) : hExt);
        double[] g = new double[n];
        double[][] he = gradients ? fromGradients(pr, ext, st, g) : fromValues(pr, ext, st, f0, g);
        double[][] hi = new double[n][n];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                hi[a][b] = jac[a] * he[a][b] * jac[b];
            }
            hi[a][a] += g[a] * pr.transforms[a].secondDerivative(x[a]);
        }
        PositiveDefinite.Inverse inv = PositiveDefinite.invert(hi);
        return new Result(he, g, hi, inv.inverse(), inv.posDef());
    }

    /** The external gradient over the free parameters at {@code ext} (analytic, else one batch of differences). */
    static double[] gradient(Problem pr, double[] ext, double[] steps, double[] val) {
        if (pr.f.hasGradient()) {
            return pr.analyticGradientExternal(ext, val);
        }
        Stencil st = Stencil.of(pr, ext, steps);
        int n = ext.length;
        double[] xs = new double[(1 + st.diagonalPoints()) * n];
        System.arraycopy(ext, 0, xs, 0, n);
        int p = 1;
        for (int k = 0; k < n; k++) {
            for (double o : st.diagonalOffsets(k)) {
                System.arraycopy(ext, 0, xs, p * n, n);
                xs[p * n + k] += o;
                p++;
            }
        }
        double[] v = pr.evalExternal(xs, p);
        val[0] = v[0];
        double[] g = new double[n];
        p = 1;
        for (int k = 0; k < n; k++) {
            double[] d = st.diagonalOffsets(k);
            g[k] = st.firstDerivative(k, v[0], Arrays.copyOfRange(v, p, p + d.length));
            p += d.length;
        }
        return g;
    }

    private static double[] scaled(double[] h, double c) {
        double[] out = new double[h.length];
        for (int k = 0; k < h.length; k++) {
            out[k] = c * h[k];
        }
        return out;
    }

    /**
     * The matrix of second derivatives of {@code f} in external coordinates over its free parameters (those with
     * {@code fixed[i]} false, in index order), by central differences with the given external {@code steps}, as
     * batches of points. No bounds apply: for points away from the parameters' bounds, where a fixed step pattern
     * gives derivatives that are smooth functions of the point (a Laplace approximation compares them between
     * points). With an analytic gradient, from gradient differences (steps a tenth of these).
     */
    public static double[][] secondDerivatives(BatchFunction f, double[] x, boolean[] fixed, double[] steps) {
        double[] inf = new double[x.length];
        Arrays.fill(inf, Double.POSITIVE_INFINITY);
        double[] minf = new double[x.length];
        Arrays.fill(minf, Double.NEGATIVE_INFINITY);
        Problem pr = new Problem(f, x, minf, inf, fixed);
        double[] ext = pr.freeExternal(pr.toInternal(x));
        double[] h = new double[pr.n()];
        for (int k = 0; k < h.length; k++) {
            h[k] = steps[pr.free[k]];
        }
        double[] g = new double[h.length];
        if (f.hasGradient()) {
            return fromGradients(pr, ext, Stencil.of(pr, ext, scaled(h, 0.1)), g);
        }
        double f0 = pr.evalExternal(ext, 1)[0];
        return fromValues(pr, ext, Stencil.of(pr, ext, h), f0, g);
    }

    /** Column j from gradient differences along j (central, or one-sided second order); g: the gradient at x. */
    private static double[][] fromGradients(Problem pr, double[] x, Stencil st, double[] g) {
        int n = x.length;
        double[][] hess = new double[n][n];
        double[] val = new double[1];
        double[] g0 = pr.analyticGradientExternal(x, val);
        System.arraycopy(g0, 0, g, 0, n);
        for (int j = 0; j < n; j++) {
            double[] ops = st.operator(j);
            double[] w = st.weight(j);
            double[][] gs = new double[ops.length][];
            for (int a = 0; a < gs.length; a++) {
                if (ops[a] == 0) {
                    gs[a] = g0;
                } else {
                    double[] xp = x.clone();
                    xp[j] += ops[a];
                    gs[a] = pr.analyticGradientExternal(xp, val);
                }
            }
            // row j (= column j of a symmetric matrix): contiguous writes
            double[] row = hess[j];
            for (int a = 0; a < gs.length; a++) {
                double wa = w[a];
                double[] ga = gs[a];
                for (int i = 0; i < n; i++) {
                    row[i] += wa * ga[i];
                }
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double s = 0.5 * (hess[i][j] + hess[j][i]);
                hess[i][j] = s;
                hess[j][i] = s;
            }
        }
        return hess;
    }

    /**
     * From function values: the diagonal stencils, then every pair (i, j) through the product of the two
     * coordinates' first-derivative operators — 4 points for two central stencils. Points are generated and
     * evaluated in chunks; g receives the gradient from the diagonal stencils.
     */
    private static double[][] fromValues(Problem pr, double[] x, Stencil st, double f0, double[] g) {
        int n = x.length;
        double[][] hess = new double[n][n];
        // point list: the diagonal stencils, then the operator products of each pair i < j
        int diag = st.diagonalPoints();
        long pairs = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                pairs += (long) st.operator(i).length * st.operator(j).length;
            }
        }
        long total = diag + pairs;
        double[] vals = new double[Math.toIntExact(total)];
        double[] xs = new double[CHUNK * n];
        int filled = 0;
        int done = 0;
        PointWalk walk = new PointWalk(st, n);
        for (long idx = 0; idx < total; idx++) {
            System.arraycopy(x, 0, xs, filled * n, n);
            walk.next(xs, filled * n);
            filled++;
            if (filled == CHUNK || idx == total - 1) {
                double[] v = pr.evalExternal(xs, filled);
                System.arraycopy(v, 0, vals, done, filled);
                done += filled;
                filled = 0;
            }
        }
        int o = 0;
        for (int k = 0; k < n; k++) {
            double[] d = st.diagonalOffsets(k);
            double[] fk = Arrays.copyOfRange(vals, o, o + d.length);
            hess[k][k] = st.secondDerivative(k, f0, fk);
            g[k] = st.firstDerivative(k, f0, fk);
            o += d.length;
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double s = 0;
                for (int a = 0; a < st.operator(i).length; a++) {
                    for (int b = 0; b < st.operator(j).length; b++) {
                        s += st.weight(i)[a] * st.weight(j)[b] * vals[o++];
                    }
                }
                hess[i][j] = s;
                hess[j][i] = s;
            }
        }
        return hess;
    }

    /** Walks the point list of {@link #fromValues} in order, writing each point's offsets. */
    private static final class PointWalk {
        private final Stencil st;
        private final int n;
        private int k;      // diagonal phase: coordinate and offset index
        private int d;
        private int i;      // pair phase: coordinates and operator indices
        private int j = 1;
        private int a;
        private int b;
        private boolean pairs;

        PointWalk(Stencil st, int n) {
            this.st = st;
            this.n = n;
            advanceDiagonal();
        }

        private void advanceDiagonal() {
            while (k < n && d >= st.diagonalOffsets(k).length) {
                k++;
                d = 0;
            }
            if (k >= n) {
                pairs = true;
            }
        }

        void next(double[] xs, int at) {
            if (!pairs) {
                xs[at + k] += st.diagonalOffsets(k)[d];
                d++;
                advanceDiagonal();
                return;
            }
            xs[at + i] += st.operator(i)[a];
            xs[at + j] += st.operator(j)[b];
            b++;
            if (b == st.operator(j).length) {
                b = 0;
                a++;
                if (a == st.operator(i).length) {
                    a = 0;
                    j++;
                    if (j == n) {
                        i++;
                        j = i + 1;
                    }
                }
            }
        }
    }

    /**
     * Per free parameter: a step h and whether differences must be one-sided (a central step would leave the
     * bounds). Central: first-derivative operator {+h: 1/(2h), −h: −1/(2h)}, diagonal points {+h, −h}. One-sided
     * (h negative at an upper bound): operator {0: −3/(2h), h: 2/h, 2h: −1/(2h)}, diagonal points {h, 2h, 3h} with
     * f'' ≈ (2f₀ − 5f₁ + 4f₂ − f₃)/h², both second-order accurate.
     */
    static final class Stencil {
        private static final double[] C_W = {0.5, -0.5};
        private static final double[] O_W = {-1.5, 2, -0.5};
        private final double[] h;
        private final boolean[] oneSided;
        private final double[][] operators;
        private final double[][] weights;
        private final double[][] diagonal;

        private Stencil(double[] h, boolean[] oneSided) {
            this.h = h;
            this.oneSided = oneSided;
            int n = h.length;
            operators = new double[n][];
            weights = new double[n][];
            diagonal = new double[n][];
            for (int k = 0; k < n; k++) {
                operators[k] = oneSided[k] ? new double[] {0, h[k], 2 * h[k]} : new double[] {h[k], -h[k]};
                double[] w = oneSided[k] ? O_W : C_W;
                weights[k] = new double[w.length];
                for (int a = 0; a < w.length; a++) {
                    weights[k][a] = w[a] / h[k];
                }
                diagonal[k] = oneSided[k] ? new double[] {h[k], 2 * h[k], 3 * h[k]} : new double[] {h[k], -h[k]};
            }
        }

        static Stencil of(Problem pr, double[] ext, double[] steps) {
            int n = ext.length;
            double[] h = new double[n];
            boolean[] one = new boolean[n];
            for (int k = 0; k < n; k++) {
                double lo = pr.transforms[k].lo();
                double hi = pr.transforms[k].hi();
                double s = steps[k];
                if (!(s > 0) || !Double.isFinite(s)) {
                    s = 1e-3 * Math.max(1, Math.abs(ext[k]));
                }
                double room = hi - lo;
                if (s > room / 8) {
                    s = room / 8; // a step that fits three times into the range on one side at least
                }
                if (ext[k] - s >= lo && ext[k] + s <= hi) {
                    h[k] = s;
                } else {
                    one[k] = true;
                    h[k] = hi - ext[k] >= ext[k] - lo ? s : -s;
                }
            }
            return new Stencil(h, one);
        }

        /** Offsets of the first-derivative operator of coordinate k. */
        double[] operator(int k) {
            return operators[k];
        }

        /** Weights of the first-derivative operator of coordinate k. */
        double[] weight(int k) {
            return weights[k];
        }

        double[] diagonalOffsets(int k) {
            return diagonal[k];
        }

        int diagonalPoints() {
            int s = 0;
            for (double[] d : diagonal) {
                s += d.length;
            }
            return s;
        }

        double firstDerivative(int k, double f0, double[] f) {
            return oneSided[k] ? (-3 * f0 + 4 * f[0] - f[1]) / (2 * h[k]) : (f[0] - f[1]) / (2 * h[k]);
        }

        double secondDerivative(int k, double f0, double[] f) {
            double h2 = h[k] * h[k];
            return oneSided[k] ? (2 * f0 - 5 * f[0] + 4 * f[1] - f[2]) / h2 : (f[0] + f[1] - 2 * f0) / h2;
        }
    }
}
