package org.kinvis.fit.minimize;

import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * HESSE: the full matrix of second derivatives of the objective in internal coordinates by central finite
 * differences — diagonal {@code (f(x+hᵢ) + f(x−hᵢ) − 2f)/hᵢ²}, off-diagonal
 * {@code (f(++) − f(+−) − f(−+) + f(−−))/(4hᵢhⱼ)} — evaluated as batches of points, then inverted. Where the
 * matrix is not positive definite its eigenvalues are raised to a small positive floor, as Minuit's MnPosDef
 * does, and the result says so.
 */
public final class Hesse {
    private static final int CHUNK = 8192;

    /** @param inverse V = H⁻¹ (covariance = 2·errordef·V) */
    record Result(double[][] hessian, double[][] inverse, boolean posDef) {
    }

    private Hesse() {
    }

    static Result compute(Problem pr, double[] x, double[] h, double f0) {
        return invert(pr.f.hasGradient() ? fromGradients(pr, x, h) : matrix(pr, x, h, f0));
    }

    /**
     * With an analytic gradient: column j of the matrix is {@code (g(x + hⱼ) − g(x − hⱼ))/(2hⱼ)}, symmetrised —
     * 2N gradient evaluations instead of 2N² function values. Gradients do not cancel the way function values do,
     * so the steps are a tenth of the function-value ones (truncation error 1e-4 relative instead of 1e-2).
     */
    private static double[][] fromGradients(Problem pr, double[] x, double[] steps) {
        double[] h = new double[steps.length];
        for (int k = 0; k < h.length; k++) {
            h[k] = 0.1 * steps[k];
        }
        int n = x.length;
        double[][] hess = new double[n][n];
        double[] val = new double[1];
        for (int j = 0; j < n; j++) {
            double[] xp = x.clone();
            double[] xm = x.clone();
            xp[j] += h[j];
            xm[j] -= h[j];
            double[] gp = pr.analyticGradient(xp, val);
            double[] gm = pr.analyticGradient(xm, val);
            for (int i = 0; i < n; i++) {
                hess[i][j] = (gp[i] - gm[i]) / (2 * h[j]);
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
     * The matrix of second derivatives of {@code f} in external coordinates over its free parameters (those with
     * {@code fixed[i]} false, in index order), by central differences with the given external {@code steps}, as
     * batches of points. No transformation is applied: for points away from the parameters' bounds, where a fixed
     * step pattern gives derivatives that are smooth functions of the point (a Laplace approximation compares
     * them between points). With an analytic gradient, from gradient differences (steps a tenth of these).
     */
    public static double[][] secondDerivatives(BatchFunction f, double[] x, boolean[] fixed, double[] steps) {
        double[] inf = new double[x.length];
        java.util.Arrays.fill(inf, Double.POSITIVE_INFINITY);
        double[] minf = new double[x.length];
        java.util.Arrays.fill(minf, Double.NEGATIVE_INFINITY);
        Problem pr = new Problem(f, x, minf, inf, fixed);
        double[] xi = pr.toInternal(x);
        double[] h = new double[pr.n()];
        for (int k = 0; k < h.length; k++) {
            h[k] = steps[pr.free[k]];
        }
        if (f.hasGradient()) {
            return fromGradients(pr, xi, h);
        }
        double f0 = pr.eval(xi, 1)[0];
        return matrix(pr, xi, h, f0);
    }

    private static double[][] matrix(Problem pr, double[] x, double[] h, double f0) {
        int n = x.length;
        double[][] hess = new double[n][n];
        // point list: 2n diagonal points, then 4 per pair i < j
        long total = 2L * n + 2L * n * (n - 1);
        double[] xs = new double[CHUNK * n];
        double[] vals = new double[(int) total];
        int filled = 0;
        int done = 0;
        for (long idx = 0; idx < total; idx++) {
            System.arraycopy(x, 0, xs, filled * n, n);
            if (idx < 2L * n) {
                int i = (int) (idx / 2);
                xs[filled * n + i] += (idx % 2 == 0 ? h[i] : -h[i]);
            } else {
                long q = idx - 2L * n;
                long pair = q / 4;
                int corner = (int) (q % 4);
                int[] ij = pairIndex(pair, n);
                xs[filled * n + ij[0]] += (corner < 2 ? h[ij[0]] : -h[ij[0]]);
                xs[filled * n + ij[1]] += (corner % 2 == 0 ? h[ij[1]] : -h[ij[1]]);
            }
            filled++;
            if (filled == CHUNK || idx == total - 1) {
                double[] v = pr.eval(xs, filled, x);
                System.arraycopy(v, 0, vals, done, filled);
                done += filled;
                filled = 0;
            }
        }
        for (int i = 0; i < n; i++) {
            hess[i][i] = (vals[2 * i] + vals[2 * i + 1] - 2 * f0) / (h[i] * h[i]);
        }
        long pair = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                int o = (int) (2L * n + 4 * pair);
                double d = (vals[o] - vals[o + 1] - vals[o + 2] + vals[o + 3]) / (4 * h[i] * h[j]);
                hess[i][j] = d;
                hess[j][i] = d;
                pair++;
            }
        }
        return hess;
    }

    /** The pair (i, j), i < j, with running index {@code pair} in row-major upper-triangle order. */
    private static int[] pairIndex(long pair, int n) {
        long p = pair;
        for (int i = 0; i < n; i++) {
            long row = n - 1 - i;
            if (p < row) {
                return new int[] {i, (int) (i + 1 + p)};
            }
            p -= row;
        }
        throw new IllegalStateException("pair index out of range");
    }

    static Result invert(double[][] hess) {
        int n = hess.length;
        RealMatrix m = new Array2DRowRealMatrix(hess, true);
        EigenDecomposition eig = new EigenDecomposition(m);
        double[] ev = eig.getRealEigenvalues();
        double max = 0;
        for (double e : ev) {
            max = Math.max(max, Math.abs(e));
        }
        double floor = 1e-12 * Math.max(max, 1e-300);
        boolean posDef = true;
        double[] inv = new double[n];
        for (int k = 0; k < n; k++) {
            if (!(ev[k] > floor)) {
                posDef = false;
            }
            inv[k] = 1 / Math.max(ev[k], floor);
        }
        RealMatrix vecs = eig.getV();
        double[][] out = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int k = 0; k < n; k++) {
                    s += vecs.getEntry(i, k) * inv[k] * vecs.getEntry(j, k);
                }
                out[i][j] = s;
            }
        }
        return new Result(hess, out, posDef);
    }
}
