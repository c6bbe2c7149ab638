package org.kinvis.fit.minimize;

import java.util.List;

/**
 * MINOS asymmetric errors: for parameter k, the values where the profile of the objective (all other free
 * parameters minimised) rises by errordef above the minimum, found by secant steps on
 * {@code F_prof(v) − F_min − errordef} starting from the HESSE error, each profile a warm-started MIGRAD.
 * Bounds are respected: a crossing beyond a bound is reported as the distance to it.
 */
public final class Minos {
    private Minos() {
    }

    /** {lower, upper}: negative and positive offsets from the best-fit value. */
    public static double[] errors(BatchFunction f, List<String> names, FitResult best, int k, double[] errors,
            double[] lo, double[] hi, Migrad.Options o) {
        double[] out = new double[2];
        for (int side = 0; side < 2; side++) {
            double dir = side == 0 ? -1 : 1;
            double xhat = best.values()[k];
            double step = best.errors()[k] > 0 ? best.errors()[k] : Math.max(errors[k], 1e-3);
            double target = best.fval() + o.errordef();
            double limit = dir < 0 ? lo[k] : hi[k];
            double a = 0;
            double fa = -o.errordef();
            double b = step;
            double[] start = best.values();
            double fb = Double.NaN;
            double crossing = Double.NaN;
            for (int it = 0; it < 20; it++) {
                double v = xhat + dir * b;
                if (dir * (v - limit) >= 0) {
                    v = limit;
                    b = Math.abs(limit - xhat);
                }
                boolean[] fixed = best.fixed().clone();
                fixed[k] = true;
                double[] x = start.clone();
                x[k] = v;
                FitResult r = Migrad.minimize(f, names, x, errors, lo, hi, fixed,
                        o.withStrategy(0).withTolerance(o.tolerance() / 10), best.covariance());
                start = r.values();
                fb = r.fval() - target;
                if (Math.abs(fb) < 1e-3 * o.errordef()) {
                    crossing = b;
                    break;
                }
                if (v == limit && fb < 0) {
                    crossing = b; // no crossing before the bound
                    break;
                }
                double next = fb != fa ? b - fb * (b - a) / (fb - fa) : 2 * b;
                if (!(next > 0) || next > 4 * b) {
                    next = fb < 0 ? 2 * b : 0.5 * (a + b);
                }
                a = b;
                fa = fb;
                b = next;
            }
            out[side] = dir * (Double.isNaN(crossing) ? b : crossing);
        }
        return out;
    }
}
