package org.kinvis.fit.minimize;

import java.util.List;

/**
 * SIMPLEX, Minuit's version of the Nelder–Mead method (J. A. Nelder, R. Mead, Comput. J. 7 (1965) 308; Minuit2's
 * SimplexBuilder): a simplex of N+1 points in internal coordinates, moved by reflection, expansion (with Minuit's
 * parabolic choice of the expansion length between 4 and 8 times the reflection) and contraction, until the spread
 * of function values over the simplex falls below the EDM goal or the call limit is reached. It uses no
 * derivatives and treats +∞ (outside the function's support) as any other large value, so it walks out of regions
 * where gradients are undefined or misleading — saddle points, flat starts, walls — which is why iminuit users run it
 * before MIGRAD when MIGRAD fails. The initial simplex is one batch of N points.
 */
public final class Simplex {
    private static final double ALPHA = 1;
    private static final double BETA = 0.5;
    private static final double GAMMA = 2;
    private static final double RHO_MIN = 4;
    private static final double RHO_MAX = 8;

    private Simplex() {
    }

    /**
     * Minimises f from start (errors: initial step sizes, external units); the result has no covariance and is
     * valid when the simplex's spread fell below the EDM goal within the call limit.
     */
    public static FitResult minimize(BatchFunction f, List<String> names, double[] start, double[] errors,
            double[] lo, double[] hi, boolean[] fixed, Migrad.Options o) {
        Problem pr = new Problem(f, start, lo, hi, fixed);
        int n = pr.n();
        double edmGoal = 0.002 * o.tolerance() * o.errordef();
        long maxCalls = o.maxCalls() > 0 ? o.maxCalls() : 200 + 100L * n + 5L * n * n;
        double[] x0 = pr.toInternal(pr.external);
        if (n == 0) {
            double fv = pr.eval(x0);
            return Migrad.result(pr, names, pr.external, fv, 0, edmGoal, Double.isFinite(fv), "no free parameters",
                    null, o.errordef());
        }
        // steps: the external errors through the transformation's derivative, moved off flat ends
        double[] step = new double[n];
        for (int k = 0; k < n; k++) {
            Transform t = pr.transforms[k];
            double d = Math.abs(t.derivative(x0[k]));
            double e = errors[pr.free[k]] > 0 ? errors[pr.free[k]] : 0.1;
            step[k] = d > 1e-8 ? Math.min(e / d, 1.0) : Math.min(e, 1.0);
        }
        double[][] p = new double[n + 1][];
        double[] y = new double[n + 1];
        p[0] = x0;
        double[] batch = new double[(n + 1) * n];
        for (int i = 0; i <= n; i++) {
            System.arraycopy(x0, 0, batch, i * n, n);
            if (i > 0) {
                batch[i * n + i - 1] += step[i - 1];
            }
        }
        double[] yb = pr.eval(batch, n + 1);
        for (int i = 0; i <= n; i++) {
            p[i] = java.util.Arrays.copyOfRange(batch, i * n, (i + 1) * n);
            y[i] = yb[i];
        }
        double spread = spread(y);
        double previous;
        do {
            previous = spread;
            int jh = highest(y);
            int jl = lowest(y);
            double[] pbar = centroid(p, jh);
            double[] pstar = combine(1 + ALPHA, pbar, -ALPHA, p[jh]);
            double ystar = pr.eval(pstar);
            if (ystar > y[jl]) {
                if (ystar < y[jh]) {
                    p[jh] = pstar;
                    y[jh] = ystar;
                    if (highest(y) != jh) {
                        spread = spread(y);
                        continue;
                    }
                }
                // contraction towards the centroid
                double[] pstst = combine(BETA, p[jh], 1 - BETA, pbar);
                double ystst = pr.eval(pstst);
                if (ystst > y[jh]) {
                    break;
                }
                p[jh] = pstst;
                y[jh] = ystst;
                spread = spread(y);
                continue;
            }
            // reflection is a new best point: try an expansion, its length from a parabola through the three
            double[] pstst = combine(GAMMA, pstar, 1 - GAMMA, pbar);
            double ystst = pr.eval(pstst);
            double rho1 = 1 + ALPHA;
            double rho2 = 1 + ALPHA * GAMMA;
            double y1 = (ystar - y[jh]) * rho2;
            double y2 = (ystst - y[jh]) * rho1;
            double rho = 0.5 * (rho2 * y1 - rho1 * y2) / (y1 - y2);
            if (!(rho >= RHO_MIN)) {
                if (ystst < y[jl]) {
                    replace(p, y, jh, pstst, ystst);
                } else {
                    replace(p, y, jh, pstar, ystar);
                }
                spread = spread(y);
                continue;
            }
            rho = Math.min(rho, RHO_MAX);
            double[] prho = combine(rho, pbar, 1 - rho, p[jh]);
            double yrho = pr.eval(prho);
            if (yrho < y[jl] && yrho < ystst) {
                replace(p, y, jh, prho, yrho);
            } else if (ystst < y[jl]) {
                replace(p, y, jh, pstst, ystst);
            } else {
                replace(p, y, jh, pstar, ystar);
            }
            spread = spread(y);
        } while ((spread > edmGoal || previous > edmGoal) && pr.nfcn < maxCalls);
        int jl = lowest(y);
        int jh = highest(y);
        double[] best = p[jl];
        double yBest = y[jl];
        double[] pbar = centroid(p, jh);
        double ybar = pr.eval(pbar);
        if (ybar < yBest) {
            best = pbar;
            yBest = ybar;
        }
        boolean converged = spread(y) <= edmGoal && pr.nfcn < maxCalls && Double.isFinite(yBest);
        String status = converged ? "simplex converged" : pr.nfcn >= maxCalls ? "call limit " + maxCalls
                + " reached" : "simplex spread " + spread(y) + " above goal";
        return Migrad.result(pr, names, pr.toExternal(best), yBest, spread(y), edmGoal, converged, status, null,
                o.errordef());
    }

    private static void replace(double[][] p, double[] y, int j, double[] x, double v) {
        p[j] = x;
        y[j] = v;
    }

    /** The simplex's "EDM": the spread of its function values (+∞ while a vertex is outside the support). */
    private static double spread(double[] y) {
        return y[highest(y)] - y[lowest(y)];
    }

    private static int highest(double[] y) {
        int j = 0;
        for (int i = 1; i < y.length; i++) {
            if (y[i] > y[j]) {
                j = i;
            }
        }
        return j;
    }

    private static int lowest(double[] y) {
        int j = 0;
        for (int i = 1; i < y.length; i++) {
            if (y[i] < y[j]) {
                j = i;
            }
        }
        return j;
    }

    private static double[] centroid(double[][] p, int except) {
        int n = p[0].length;
        double[] c = new double[n];
        for (int i = 0; i < p.length; i++) {
            if (i == except) {
                continue;
            }
            for (int k = 0; k < n; k++) {
                c[k] += p[i][k] / n;
            }
        }
        return c;
    }

    private static double[] combine(double a, double[] x, double b, double[] y) {
        double[] out = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            out[k] = a * x[k] + b * y[k];
        }
        return out;
    }
}
