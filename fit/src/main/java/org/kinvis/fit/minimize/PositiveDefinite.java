package org.kinvis.fit.minimize;

import org.ejml.data.DMatrix;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_MT_DDRM;
import org.ejml.interfaces.decomposition.CholeskyDecomposition_F64;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;
import org.ejml.interfaces.linsol.LinearSolverDense;

/**
 * Symmetric matrices the minimiser inverts — Hessians and covariances — with EJML: a Cholesky factorisation
 * (N³/3) where the matrix is positive definite, the common case; only where it is not, the eigen-decomposition,
 * with eigenvalues raised to a floor of 1e-12 of the largest, as Minuit's MnPosDef makes a matrix positive
 * definite (and says so).
 */
public final class PositiveDefinite {
    /** Relative floor for eigenvalues of a matrix that is not positive definite. */
    static final double FLOOR = 1e-12;

    private PositiveDefinite() {
    }

    /**
     * The inverse of a symmetric matrix; {@code posDef} false when the eigenvalues had to be floored.
     *
     * @param inverse the inverse (of the floored matrix where {@code posDef} is false)
     */
    public record Inverse(double[][] inverse, boolean posDef) {
    }

    /** The inverse of the symmetric matrix {@code a} (the upper triangle is read as the lower one's mirror). */
    public static Inverse invert(double[][] a) {
        int n = a.length;
        if (n == 0) {
            return new Inverse(new double[0][0], true);
        }
        DMatrixRMaj m = symmetric(a);
        if (finite(m)) {
            LinearSolverDense<DMatrixRMaj> chol = cholesky(n);
            if (positiveDiagonal(m) && chol.setA(m.copy()) && wellConditioned(m, chol)) {
                DMatrixRMaj inv = new DMatrixRMaj(n, n);
                chol.invert(inv);
                if (finite(inv) && positiveDiagonal(inv)) {
                    return new Inverse(toArray(inv), true);
                }
            }
        }
        return floored(m);
    }

    /** {log det a, 1 if a is positive definite else 0}; eigenvalues below the floor count as the floor. */
    public static double[] logDet(double[][] a) {
        int n = a.length;
        DMatrixRMaj m = symmetric(a);
        CholeskyDecomposition_F64<DMatrixRMaj> chol = DecompositionFactory_DDRM.chol(n, true);
        if (finite(m) && chol.decompose(m.copy())) {
            DMatrixRMaj l = chol.getT(null);
            double sum = 0;
            boolean ok = true;
            for (int i = 0; i < n; i++) {
                double d = l.get(i, i);
                ok &= d > 0;
                sum += 2 * Math.log(d);
            }
            if (ok && Double.isFinite(sum)) {
                return new double[] {sum, 1};
            }
        }
        double[] ev = eigenvalues(m);
        double floor = floor(ev);
        double sum = 0;
        for (double e : ev) {
            sum += Math.log(Math.max(e, floor));
        }
        return new double[] {sum, 0};
    }

    /** Matrices from this size on are factorised by EJML's multi-threaded block Cholesky. */
    private static final int THREADED = 256;

    private static LinearSolverDense<DMatrixRMaj> cholesky(int n) {
        return n >= THREADED ? LinearSolverFactory_MT_DDRM.symmPosDef(n) : LinearSolverFactory_DDRM.symmPosDef(n);
    }

    /** A Cholesky factorisation kept for repeated solves. */
    static final class Factor {
        private final LinearSolverDense<DMatrixRMaj> chol;
        private final int n;

        private Factor(LinearSolverDense<DMatrixRMaj> chol, int n) {
            this.chol = chol;
            this.n = n;
        }

        /** x with {@code a x = b}; null where the solution is not finite. */
        double[] solve(double[] b) {
            if (n == 0) {
                return new double[0];
            }
            DMatrixRMaj x = new DMatrixRMaj(n, 1);
            chol.solve(new DMatrixRMaj(n, 1, true, b), x);
            double[] out = x.getData().clone();
            for (double v : out) {
                if (!Double.isFinite(v)) {
                    return null;
                }
            }
            return out;
        }
    }

    /** The Cholesky factorisation of symmetric {@code a}; null where a is not (well) positive definite. */
    static Factor factor(double[][] a) {
        int n = a.length;
        DMatrixRMaj m = symmetric(a);
        if (n == 0) {
            return new Factor(null, 0);
        }
        LinearSolverDense<DMatrixRMaj> chol = cholesky(n);
        if (!finite(m) || !positiveDiagonal(m) || !chol.setA(m.copy()) || !wellConditioned(m, chol)) {
            return null;
        }
        return new Factor(chol, n);
    }

    private static Inverse floored(DMatrixRMaj m) {
        int n = m.numRows;
        if (!finite(m)) {
            return new Inverse(new double[n][n], false); // nothing to invert: no covariance information
        }
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, true, true);
        if (!eig.decompose(m.copy())) {
            return new Inverse(new double[n][n], false);
        }
        double[] ev = new double[n];
        for (int k = 0; k < n; k++) {
            ev[k] = eig.getEigenvalue(k).getReal();
        }
        double floor = floor(ev);
        // V Λ⁻¹ Vᵀ as (V Λ^-½)(V Λ^-½)ᵀ
        DMatrixRMaj w = new DMatrixRMaj(n, n);
        for (int k = 0; k < n; k++) {
            DMatrixRMaj v = eig.getEigenVector(k);
            double s = 1 / Math.sqrt(Math.max(ev[k], floor));
            for (int i = 0; i < n; i++) {
                w.set(i, k, v.get(i) * s);
            }
        }
        DMatrixRMaj inv = new DMatrixRMaj(n, n);
        CommonOps_DDRM.multTransB(w, w, inv);
        return new Inverse(toArray(inv), false);
    }

    private static double[] eigenvalues(DMatrixRMaj m) {
        int n = m.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(n, false, true);
        double[] ev = new double[n];
        if (finite(m) && eig.decompose(m.copy())) {
            for (int k = 0; k < n; k++) {
                ev[k] = eig.getEigenvalue(k).getReal();
            }
        }
        return ev;
    }

    private static double floor(double[] ev) {
        double max = 0;
        for (double e : ev) {
            max = Math.max(max, Math.abs(e));
        }
        return FLOOR * Math.max(max, Double.MIN_NORMAL);
    }

    private static DMatrixRMaj symmetric(double[][] a) {
        int n = a.length;
        DMatrixRMaj m = new DMatrixRMaj(n, n);
        double[] d = m.getData();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = 0.5 * (a[i][j] + a[j][i]);
                d[i * n + j] = v;
                d[j * n + i] = v;
            }
        }
        return m;
    }

    /**
     * Whether each Cholesky pivot L_ii² — the part of a_ii not explained by the rows before — stays above the floor
     * relative to a_ii: a flat direction shows up as a vanishing pivot. Relative to its own diagonal element, the test
     * does not depend on the parameters' scales (a coupling of 1e-9 beside nuisances of 1).
     */
    private static boolean wellConditioned(DMatrixRMaj m, LinearSolverDense<DMatrixRMaj> chol) {
        // the solver's factor is row-major or blocked depending on the size: read it through DMatrix
        DMatrix t = (DMatrix) ((CholeskyDecomposition_F64<?>) chol.getDecomposition()).getT(null);
        for (int i = 0; i < m.numRows; i++) {
            double p = t.get(i, i);
            if (!(p * p > FLOOR * m.get(i, i))) {
                return false;
            }
        }
        return true;
    }

    private static boolean positiveDiagonal(DMatrixRMaj m) {
        for (int i = 0; i < m.numRows; i++) {
            if (!(m.get(i, i) > 0)) {
                return false;
            }
        }
        return true;
    }

    private static boolean finite(DMatrixRMaj m) {
        for (double v : m.getData()) {
            if (!Double.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    static double[][] toArray(DMatrixRMaj m) {
        int n = m.numRows;
        int c = m.numCols;
        double[][] out = new double[n][c];
        double[] d = m.getData();
        for (int i = 0; i < n; i++) {
            System.arraycopy(d, i * c, out[i], 0, c);
        }
        return out;
    }
}
