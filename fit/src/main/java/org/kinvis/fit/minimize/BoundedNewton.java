package org.kinvis.fit.minimize;

/**
 * The last step of a fit: projected Newton iterations with the HESSE matrix in external coordinates (an active-set
 * Newton method for bound constraints, D. P. Bertsekas, SIAM J. Control Optim. 20 (1982) 221). A parameter whose
 * Newton step would cross its bound while the gradient pushes it outward is held on the bound; the others take the
 * Newton step of the quadratic model with those held: {@code s_I = −H_II⁻¹ (g_I + H_IA s_A)}.
 *
 * <p>Why: MIGRAD works in Minuit's internal coordinates, where a minimum on a bound is approached through the sine
 * transformation's flat end; its EDM test then stops 1e-5 above the minimum in −2 log L. On the bound itself the
 * constrained problem is an ordinary one in the remaining parameters, and one or two Newton steps there reach the
 * minimum to rounding. Away from bounds this is the plain Newton polish that takes the last fraction of the EDM.
 */
final class BoundedNewton {
    private static final int ITERATIONS = 8;

    /** The polished point in internal coordinates, its value and external gradient, and whether it moved. */
    record Step(double[] x, double fval, double[] gradient, boolean moved) {
    }

    private BoundedNewton() {
    }

    /**
     * Polishes the minimum at internal x0 (value f0, external gradient g0) with the external second derivatives h.
     */
    static Step polish(Problem pr, double[] x0, double f0, double[] g0, double[][] h, double edmGoal,
            double[] minStep) {
        int n = pr.n();
        double[] xe = pr.freeExternal(x0);
        double[] g = g0.clone();
        double f = f0;
        boolean moved = false;
        double[] steps = new double[n];
        for (int k = 0; k < n; k++) {
            steps[k] = h[k][k] > 0 ? Math.max(1e-3 * Math.sqrt(2 / h[k][k]), minStep[k] * 1e-2) : minStep[k];
        }
        boolean[] cachedFor = null;
        PositiveDefinite.Factor cached = null;
        for (int it = 0; it < ITERATIONS; it++) {
            boolean[] active = pinned(pr, xe, g, h);
            double[] s = null;
            for (int round = 0; round <= n; round++) {
                if (cachedFor == null || !java.util.Arrays.equals(cachedFor, active)) {
                    cached = PositiveDefinite.factor(reduced(h, active));
                    cachedFor = active.clone();
                }
                if (cached == null) {
                    return new Step(internal(pr, xe), f, g, moved);
                }
                s = step(pr, h, g, xe, active, cached);
                if (s == null) {
                    return new Step(internal(pr, xe), f, g, moved);
                }
                boolean added = false;
                for (int k = 0; k < n; k++) {
                    Transform t = pr.transforms[k];
                    if (!active[k] && (xe[k] + s[k] < t.lo() && g[k] > 0 || xe[k] + s[k] > t.hi() && g[k] < 0)) {
                        active[k] = true;
                        added = true;
                    }
                }
                if (!added) {
                    break;
                }
            }
            double[] xn = new double[n];
            for (int k = 0; k < n; k++) {
                Transform t = pr.transforms[k];
                xn[k] = Math.max(t.lo(), Math.min(t.hi(), xe[k] + s[k]));
                s[k] = xn[k] - xe[k];
            }
            // predicted decrease of the quadratic model: −(gᵀs + ½ sᵀHs)
            double predicted = -(Migrad.dot(g, s) + 0.5 * Migrad.quad(s, h));
            if (!(predicted > 1e-4 * edmGoal)) {
                break;
            }
            double fn = pr.evalExternal(xn, 1)[0];
            if (!(fn < f)) {
                break;
            }
            double[] val = new double[1];
            double[] gn = Hesse.gradient(pr, xn, steps, val);
            if (!Migrad.finite(gn)) {
                break;
            }
            xe = xn;
            f = pr.f.hasGradient() ? val[0] : fn;
            g = gn;
            moved = true;
        }
        return new Step(internal(pr, xe), f, g, moved);
    }

    /**
     * The parameters a bound holds (Bertsekas' ε-active set): the gradient pushes them outward, and a Newton step in
     * them alone would reach the bound.
     */
    static boolean[] pinned(Problem pr, double[] xe, double[] g, double[][] h) {
        int n = xe.length;
        boolean[] a = new boolean[n];
        for (int k = 0; k < n; k++) {
            Transform t = pr.transforms[k];
            double reach = h[k][k] > 0 ? Math.abs(g[k]) / h[k][k] : 0;
            a[k] = g[k] > 0 && t.hasLower() && xe[k] - t.lo() <= reach
                    || g[k] < 0 && t.hasUpper() && t.hi() - xe[k] <= reach;
        }
        return a;
    }

    private static double[] internal(Problem pr, double[] xe) {
        double[] x = new double[xe.length];
        for (int k = 0; k < xe.length; k++) {
            x[k] = pr.transforms[k].toInternal(xe[k]);
        }
        return x;
    }

    /** H restricted to the inactive parameters. */
    private static double[][] reduced(double[][] h, boolean[] active) {
        int m = 0;
        for (boolean a : active) {
            m += a ? 0 : 1;
        }
        double[][] r = new double[m][m];
        int ia = 0;
        for (int i = 0; i < h.length; i++) {
            if (active[i]) {
                continue;
            }
            int jb = 0;
            for (int j = 0; j < h.length; j++) {
                if (!active[j]) {
                    r[ia][jb++] = h[i][j];
                }
            }
            ia++;
        }
        return r;
    }

    /** The step: active parameters onto the bound their gradient pushes them to, the others by Newton. */
    private static double[] step(Problem pr, double[][] h, double[] g, double[] xe, boolean[] active,
            PositiveDefinite.Factor inactive) {
        int n = g.length;
        double[] s = new double[n];
        for (int k = 0; k < n; k++) {
            if (active[k]) {
                Transform t = pr.transforms[k];
                s[k] = (g[k] > 0 ? t.lo() : t.hi()) - xe[k];
            }
        }
        int m = 0;
        for (boolean a : active) {
            m += a ? 0 : 1;
        }
        double[] rhs = new double[m];
        int r = 0;
        for (int i = 0; i < n; i++) {
            if (active[i]) {
                continue;
            }
            double t = g[i];
            for (int j = 0; j < n; j++) {
                if (active[j]) {
                    t += h[i][j] * s[j];
                }
            }
            rhs[r++] = -t;
        }
        double[] si = m == 0 ? new double[0] : inactive.solve(rhs);
        if (si == null) {
            return null;
        }
        r = 0;
        for (int i = 0; i < n; i++) {
            if (!active[i]) {
                s[i] = si[r++];
            }
        }
        return s;
    }
}
