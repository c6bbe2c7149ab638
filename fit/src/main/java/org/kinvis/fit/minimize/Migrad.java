package org.kinvis.fit.minimize;

import java.util.List;

/**
 * MIGRAD, Minuit's variable-metric minimiser (F. James, M. Roos, Comput. Phys. Commun. 10 (1975) 343; Minuit2's
 * VariableMetricBuilder): quasi-Newton steps {@code s = −V g} with a rank-two (BFGS) update of the inverse
 * Hessian V, a line search along s, and convergence when the estimated distance to minimum
 * {@code EDM = ½ gᵀ V g < 0.002 · tolerance · errordef}. Bounded parameters move through Minuit's sine
 * transformation ({@link Transform}); fixed parameters are left out.
 *
 * <p>Batching: each numerical gradient (central differences, 2N+1 points, with the diagonal curvature for the
 * starting metric) and each line search (a handful of step lengths) is one call of the {@link BatchFunction},
 * i.e. one backend batch. Where the function has an analytic gradient ({@link BatchFunction#hasGradient}, the CPU
 * backend's HistFactory likelihood) only the first gradient is numerical (for the starting metric); every later
 * one, and HESSE (from gradient differences), use the analytic gradient. Convention: kinvis minimises
 * {@code −2 log L} with errordef 1.
 */
public final class Migrad {

    /**
     * @param tolerance Minuit tolerance (EDM goal = 0.002 · tolerance · errordef)
     * @param strategy  0: no final HESSE; 1: HESSE at the end, and if its EDM misses the goal, iterate again
     *                  from the HESSE metric; 2: as 1, and start from a HESSE metric
     * @param maxCalls  call limit (0: Minuit's default 200 + 100 N + 5 N²)
     * @param seededCurvature with a starting covariance and an analytic gradient, take the diagonal curvature
     *                  (the fallback metric) from that covariance instead of a first numerical gradient of 2N+1
     *                  points. For many fits started next to a known minimum (pseudo-experiments); off by
     *                  default, because fits that start far away need the numerical diagonal to recover.
     */
    public record Options(double tolerance, int strategy, long maxCalls, double errordef, boolean seededCurvature) {
        public static final Options DEFAULT = new Options(0.1, 1, 0, 1.0);

        public Options(double tolerance, int strategy, long maxCalls, double errordef) {
            this(tolerance, strategy, maxCalls, errordef, false);
        }

        public Options withStrategy(int s) {
            return new Options(tolerance, s, maxCalls, errordef, seededCurvature);
        }

        public Options withTolerance(double t) {
            return new Options(t, strategy, maxCalls, errordef, seededCurvature);
        }

        public Options withSeededCurvature(boolean seeded) {
            return new Options(tolerance, strategy, maxCalls, errordef, seeded);
        }
    }

    private Migrad() {
    }

    /**
     * Minimises {@code f} from {@code start}. {@code errors} are initial step sizes (external units), used for
     * the first gradient; {@code lo}/{@code hi} may be ±∞.
     */
    public static FitResult minimize(BatchFunction f, List<String> names, double[] start, double[] errors,
            double[] lo, double[] hi, boolean[] fixed, Options o) {
        return minimize(f, names, start, errors, lo, hi, fixed, o, null);
    }

    /**
     * As above, starting from a known external covariance (e.g. of a previous fit of the same function): its
     * part for the parameters free here, conditioned on those fixed here (Gaussian conditioning), becomes the
     * starting metric, so that fits in a scan converge in a few iterations instead of rebuilding it.
     */
    public static FitResult minimize(BatchFunction f, List<String> names, double[] start, double[] errors,
            double[] lo, double[] hi, boolean[] fixed, Options o, double[][] startCovariance) {
        Problem pr = new Problem(f, start, lo, hi, fixed);
        int n = pr.n();
        double edmGoal = 0.002 * o.tolerance() * o.errordef();
        long maxCalls = o.maxCalls() > 0 ? o.maxCalls() : 200 + 100L * n + 5L * n * n;
        if (n == 0) {
            double fv = pr.eval(new double[0]);
            boolean finite = Double.isFinite(fv);
            return result(pr, names, pr.external, fv, 0, edmGoal, finite, finite ? "no free parameters"
                    : NOT_FINITE_START, null, o.errordef());
        }
        double[] x = pr.toInternal(inside(pr, pr.external));
        // internal step sizes from the external errors
        double[] sigma = new double[n];
        double[] minStep = new double[n];
        for (int k = 0; k < n; k++) {
            double d = Math.abs(pr.transforms[k].derivative(x[k]));
            double e = errors[pr.free[k]];
            sigma[k] = d > 1e-8 ? Math.min(e / d, 1.0) : Math.min(e, 1.0);
            if (!(sigma[k] > 0)) {
                sigma[k] = 0.1;
            }
            minStep[k] = 1e-3 * (e > 0 && Double.isFinite(e) ? e : 0.1);
        }
        double[] h = new double[n];
        for (int k = 0; k < n; k++) {
            h[k] = Math.max(1e-3 * sigma[k], 1e-9);
        }
        // shared between fits that start alike (startingMetric): never changed in place, the first BFGS update
        // writes a new matrix
        double[][] w = startCovariance == null ? null : startingMetric(startCovariance, pr, x, o.errordef());
        if (w != null && o.seededCurvature()) {
            double[] g2 = new double[n];
            boolean usable = true;
            for (int k = 0; k < n; k++) {
                g2[k] = 1 / w[k][k];
                usable &= g2[k] > 0 && Double.isFinite(g2[k]);
            }
            if (usable) {
                pr.seedCurvature(g2);
            }
        }
        double[][] gd = pr.gradient(x, h);
        double fval = gd[0][0];
        double[] g = gd[1];
        if (!Double.isFinite(fval)) {
            return result(pr, names, pr.toExternal(x), fval, Double.NaN, edmGoal, false, NOT_FINITE_START, null,
                    o.errordef());
        }
        double[][] v = w != null ? w : diagonalMetric(gd[2], sigma, o.errordef());
        if (o.strategy() >= 2 && finite(g)) {
            Hesse.Result hr = Hesse.compute(pr, x, stepsFrom(v, sigma), minStep, fval);
            if (hr.posDef()) {
                v = hr.inverse();
            }
        }
        String status = "";
        Hesse.Result lastHesse = null;
        double[] lastHesseAt = null;
        boolean converged = false;
        boolean hesseChecked = false;
        int iterations = 0;
        // the last BFGS update is applied to V lazily, in the next iteration's pass over V (one pass per iteration);
        // V·g then comes from the update's rank-two form
        Update pending = null;
        double[] vgNext = null;
        while (true) {
            if (!finite(g)) {
                status = "gradient not finite (the objective is undefined next to the point)";
                break;
            }
            if (pr.nfcn >= maxCalls) {
                status = "call limit " + maxCalls + " reached";
                break;
            }
            double[] vg = vgNext != null ? vgNext : matVec(v, g); // EDM and step
            vgNext = null;
            double edm = 0.5 * dot(g, vg);
            if (edm < 0) {
                v = diagonalMetric(gd[2], sigma, o.errordef());
                pending = null;
                vg = matVec(v, g);
                edm = 0.5 * dot(g, vg);
            }
            if (edm < edmGoal) {
                if (o.strategy() >= 1 && !hesseChecked) {
                    hesseChecked = true;
                    v = settle(v, w, pending);
                    pending = null;
                    Hesse.Result hr = Hesse.compute(pr, x, stepsFrom(v, sigma), minStep, fval);
                    lastHesse = hr;
                    lastHesseAt = x;
                    v = hr.inverse(); // of the floored matrix where not positive definite, as Minuit goes on
                    if (0.5 * quad(g, v) < edmGoal) {
                        converged = true;
                        break;
                    }
                    continue; // iterate again from the HESSE metric
                }
                converged = true;
                break;
            }
            iterations++;
            double[] s = vg;
            for (int k = 0; k < n; k++) {
                s[k] = -s[k];
            }
            double slope = dot(g, s);
            if (slope >= 0) {
                v = diagonalMetric(gd[2], sigma, o.errordef());
                pending = null;
                s = matVec(v, g);
                for (int k = 0; k < n; k++) {
                    s[k] = -s[k];
                }
                slope = dot(g, s);
                if (slope >= 0) {
                    status = "no descent direction";
                    break;
                }
            }
            double alpha = lineSearch(pr, x, s, fval, slope);
            if (alpha == 0) {
                // no decrease along s: restart once from a fresh diagonal metric, else stop
                v = settle(v, w, pending);
                pending = null;
                double[][] diag = diagonalMetric(gd[2], sigma, o.errordef());
                if (v != null && !isDiagonal(v)) {
                    v = diag;
                    continue;
                }
                converged = 0.5 * quad(g, v) < 10 * edmGoal;
                status = converged ? "" : "line search found no decrease (EDM above goal)";
                break;
            }
            double[] xNew = new double[n];
            double[] delta = new double[n];
            for (int k = 0; k < n; k++) {
                delta[k] = alpha * s[k];
                xNew[k] = x[k] + delta[k];
            }
            for (int k = 0; k < n; k++) {
                double vkk = pending == null ? v[k][k] : v[k][k] + pending.element(k, k);
                double vk = Math.sqrt(Math.max(vkk, 0));
                h[k] = Math.max(1e-9, Math.min(1e-3 * (vk > 0 ? vk : sigma[k]), 1e-2));
            }
            gd = pr.gradient(xNew, h);
            double fNew = gd[0][0];
            double[] gNew = gd[1];
            double[] gamma = new double[n];
            for (int k = 0; k < n; k++) {
                gamma[k] = gNew[k] - g[k];
            }
            if (finite(gNew)) {
                // one pass: V (with the pending update) times the new gradient; Vγ = V·gNew − V·g, V·g = −s
                double[] u;
                if (pending == null) {
                    u = matVec(v, gNew);
                } else {
                    double[][] into = v == w ? new double[n][n] : v;
                    u = pending.apply(v, into, gNew);
                    v = into;
                    pending = null;
                }
                double[] vGamma = new double[n];
                for (int k = 0; k < n; k++) {
                    vGamma[k] = u[k] + s[k];
                }
                pending = Update.of(delta, gamma, vGamma);
                vgNext = pending == null ? u : pending.plusTimes(u, gNew);
            } else {
                v = settle(v, w, pending);
                pending = null;
            }
            x = xNew;
            fval = fNew;
            g = gNew;
        }
        v = settle(v, w, pending);
        if (o.strategy() < 1 || !converged) {
            double edm = finite(g) ? 0.5 * quad(g, v) : Double.NaN;
            boolean valid = converged && edm < 10 * edmGoal && status.isEmpty();
            FitResult r = result(pr, names, pr.toExternal(x), fval, edm, edmGoal, valid, status.isEmpty()
                    ? (valid ? "converged after " + iterations + " iterations" : "EDM " + edm + " above goal")
                    : status, null, o.errordef());
            approximateErrors(pr, x, v, o.errordef(), r.errors());
            return r;
        }
        // final HESSE for errors, a bound-aware Newton polish with it, and the covariance
        boolean reuse = lastHesse != null && closeInSigma(x, lastHesseAt, lastHesse.inverse(), 0.05);
        Hesse.Result hr = reuse ? lastHesse : Hesse.compute(pr, x, stepsFrom(v, sigma), minStep, fval);
        double[] gExt = reuse ? externalGradient(pr, x, g, minStep) : hr.gradient();
        // near a bound: projected Newton in external coordinates (a Cholesky of its own); else Newton with V
        boolean bounded = nearLimit(pr, pr.freeExternal(x), hr.external(), o.errordef());
        BoundedNewton.Step p = bounded ? BoundedNewton.polish(pr, x, fval, gExt, hr.external(), edmGoal, minStep)
                : newton(pr, x, fval, g, hr, edmGoal, sigma, minStep);
        if (p.moved()) {
            double[] before = x;
            x = p.x();
            fval = p.fval();
            gExt = p.gradient();
            if (!closeInSigma(x, before, hr.inverse(), 0.05)) {
                hr = Hesse.compute(pr, x, stepsFrom(hr.inverse(), sigma), minStep, fval);
                gExt = hr.gradient();
            }
        }
        double edm = 0.5 * quad(internalGradient(pr, x, gExt), hr.inverse());
        String flat = flatParameter(pr, names, hr);
        boolean valid = flat == null && edm < 10 * edmGoal && status.isEmpty();
        if (status.isEmpty()) {
            status = flat != null ? "HESSE failed: second derivative zero for parameter " + flat
                    : valid ? "converged after " + iterations + " iterations" : "EDM " + edm + " above goal";
        }
        return result(pr, names, pr.toExternal(x), fval, edm, edmGoal, valid, status, hr, gExt, o.errordef());
    }

    /**
     * The name of a free parameter whose second derivative vanishes exactly — the objective does not depend on it
     * there: Minuit's MnHesse fails on it ("2nd derivative zero for parameter") and the minimum is not valid — or
     * null. A negative curvature is not this: the matrix is then made positive definite, as MnPosDef does, the
     * result says so, and the fit's caller may try to recover a better minimum.
     */
    private static String flatParameter(Problem pr, List<String> names, Hesse.Result hr) {
        for (int k = 0; k < pr.n(); k++) {
            if (hr.external()[k][k] == 0) {
                return names.get(pr.free[k]);
            }
        }
        return null;
    }

    /**
     * Whether a free parameter lies within half an error of a bound, the error from the external curvature alone
     * (iminuit's at-limit rule with the smallest error the curvature allows).
     */
    static boolean nearLimit(Problem pr, double[] xe, double[][] hExt, double up) {
        for (int k = 0; k < xe.length; k++) {
            double hkk = hExt[k][k];
            double diagError = hkk > 0 ? Math.sqrt(2 * up / hkk) : Double.POSITIVE_INFINITY;
            if (distanceToLimit(pr.transforms[k], xe[k]) < 0.5 * diagError) {
                return true;
            }
        }
        return false;
    }

    /**
     * Newton steps with the HESSE metric V in internal coordinates away from bounds: exact on quadratic problems,
     * they take the last fraction of the EDM that the variable-metric convergence test leaves. O(N²) each.
     */
    private static BoundedNewton.Step newton(Problem pr, double[] x0, double f0, double[] g0, Hesse.Result hr,
            double edmGoal, double[] sigma, double[] minStep) {
        int n = x0.length;
        double[][] v = hr.inverse();
        double[] x = x0;
        double f = f0;
        double[] g = g0;
        boolean moved = false;
        double[] h = new double[n];
        for (int k = 0; k < n; k++) {
            double vk = Math.sqrt(Math.max(v[k][k], 0));
            h[k] = Math.max(1e-9, Math.min(1e-3 * (vk > 0 ? vk : sigma[k]), 1e-2));
        }
        for (int it = 0; it < 5 && hr.posDef() && 0.5 * quad(g, v) > 1e-4 * edmGoal; it++) {
            double[] s = matVec(v, g);
            double[] xs = new double[n];
            for (int k = 0; k < n; k++) {
                xs[k] = x[k] - s[k];
            }
            double fs = pr.eval(xs);
            if (!(fs < f)) {
                break;
            }
            double[][] gd = pr.gradient(xs, h);
            if (!finite(gd[1])) {
                break;
            }
            x = xs;
            f = gd[0][0];
            g = gd[1];
            moved = true;
        }
        return new BoundedNewton.Step(x, f, externalGradient(pr, x, g, minStep), moved);
    }

    /** Status of a fit whose objective is not finite at its start. */
    static final String NOT_FINITE_START = "objective not finite at the start point (outside the model's support)";

    /**
     * A start exactly on a bound sits where the sine transformation has zero slope, and the minimiser could never
     * leave it: such starts move 1 % of the range inside, as Minuit users are told to.
     */
    private static double[] inside(Problem pr, double[] start) {
        double[] inside = start.clone();
        for (int k = 0; k < pr.n(); k++) {
            Transform t = pr.transforms[k];
            int i = pr.free[k];
            if (t.hasLower() && t.hasUpper()) {
                double w = t.hi() - t.lo();
                if (inside[i] <= t.lo() + 1e-9 * w) {
                    inside[i] = t.lo() + 0.01 * w;
                } else if (inside[i] >= t.hi() - 1e-9 * w) {
                    inside[i] = t.hi() - 0.01 * w;
                }
            }
        }
        return inside;
    }

    static boolean finite(double[] v) {
        for (double d : v) {
            if (!Double.isFinite(d)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The external gradient at internal x from the internal one where the transformations' derivatives allow,
     * else evaluated there (differences with the given external steps where there is no analytic gradient).
     */
    private static double[] externalGradient(Problem pr, double[] x, double[] gInt, double[] steps) {
        double[] g = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            double j = pr.transforms[k].derivative(x[k]);
            if (Math.abs(j) < 1e-6) {
                return Hesse.gradient(pr, pr.freeExternal(x), steps, new double[1]);
            }
            g[k] = gInt[k] / j;
        }
        return g;
    }

    /** The internal gradient J·g_ext at internal x. */
    private static double[] internalGradient(Problem pr, double[] x, double[] gExt) {
        double[] g = new double[x.length];
        for (int k = 0; k < x.length; k++) {
            g[k] = gExt[k] * pr.transforms[k].derivative(x[k]);
        }
        return g;
    }

    /**
     * The result at external point ext. With a HESSE, the external covariance: where no free parameter is near a
     * limit, 2·errordef·J V J (Minuit's transformation of the internal covariance); where one is — within half an
     * error of it by the external curvature — 2·errordef·H_ext⁻¹, the inverse of the second derivatives in external
     * coordinates, which stay meaningful on the bound where J vanishes. Limit flags follow iminuit: a parameter
     * within half its error of a limit is at that limit.
     */
    static FitResult result(Problem pr, List<String> names, double[] ext, double fval, double edm,
            double edmGoal, boolean valid, String status, Hesse.Result hr, double up) {
        return result(pr, names, ext, fval, edm, edmGoal, valid, status, hr, null, up);
    }

    /** As above, with the external gradient at ext (which parameters a bound holds). */
    static FitResult result(Problem pr, List<String> names, double[] ext, double fval, double edm,
            double edmGoal, boolean valid, String status, Hesse.Result hr, double[] gExt, double up) {
        int dim = ext.length;
        double[] errors = new double[dim];
        int[] atLimit = new int[dim];
        double[][] cov = null;
        boolean forced = false;
        if (hr != null) {
            int n = pr.n();
            cov = new double[dim][dim];
            double[] x = pr.toInternal(ext);
            double[][] c = null;
            if (nearLimit(pr, pr.freeExternal(x), hr.external(), up)) {
                PositiveDefinite.Inverse inv = PositiveDefinite.invert(hr.external());
                c = inv.inverse();
                forced = !inv.posDef();
                if (forced && gExt != null) {
                    c = limitCovariance(pr, hr.external(), pr.freeExternal(x), gExt);
                    forced = c == null;
                }
            }
            if (c == null || forced) {
                c = new double[n][n];
                for (int a = 0; a < n; a++) {
                    double ja = pr.transforms[a].derivative(x[a]);
                    for (int b = 0; b < n; b++) {
                        c[a][b] = ja * hr.inverse()[a][b] * pr.transforms[b].derivative(x[b]);
                    }
                }
                forced = !hr.posDef();
            }
            for (int a = 0; a < n; a++) {
                for (int b = 0; b <= a; b++) {
                    double v = up * (c[a][b] + c[b][a]); // 2·errordef·c, symmetric to the last bit
                    cov[pr.free[a]][pr.free[b]] = v;
                    cov[pr.free[b]][pr.free[a]] = v;
                }
            }
            for (int i = 0; i < dim; i++) {
                errors[i] = Math.sqrt(Math.max(cov[i][i], 0));
            }
            for (int k = 0; k < n; k++) {
                Transform t = pr.transforms[k];
                double e = ext[pr.free[k]];
                double half = 0.5 * errors[pr.free[k]];
                atLimit[pr.free[k]] = t.hasLower() && e - t.lo() <= half ? -1
                        : t.hasUpper() && t.hi() - e <= half ? 1 : 0;
            }
        }
        return new FitResult(List.copyOf(names), ext, errors, pr.fixed.clone(), fval, edm, edmGoal, pr.nfcn, valid,
                status, cov, forced, new java.util.LinkedHashMap<>(), atLimit, "");
    }

    /**
     * Where the external second derivatives are not positive definite over all free parameters — several held on
     * bounds they are pressed against, whose mixed curvature need not be positive at a constrained minimum — the
     * covariance of the others is the inverse over them alone, and each held parameter's variance comes from the
     * matrix over itself and the others, the remaining held ones staying on their bounds; held parameters get no
     * covariance terms. Null where even that is not positive definite.
     */
    private static double[][] limitCovariance(Problem pr, double[][] h, double[] xe, double[] g) {
        int n = h.length;
        boolean[] held = BoundedNewton.pinned(pr, xe, g, h);
        List<Integer> others = new java.util.ArrayList<>();
        for (int k = 0; k < n; k++) {
            if (!held[k]) {
                others.add(k);
            }
        }
        double[][] c = new double[n][n];
        PositiveDefinite.Inverse io = PositiveDefinite.invert(sub(h, others));
        if (!io.posDef()) {
            return null;
        }
        for (int a = 0; a < others.size(); a++) {
            for (int b = 0; b < others.size(); b++) {
                c[others.get(a)][others.get(b)] = io.inverse()[a][b];
            }
        }
        for (int k = 0; k < n; k++) {
            if (held[k]) {
                List<Integer> with = new java.util.ArrayList<>(others);
                with.add(0, k);
                PositiveDefinite.Inverse ik = PositiveDefinite.invert(sub(h, with));
                if (!ik.posDef()) {
                    return null;
                }
                c[k][k] = ik.inverse()[0][0];
            }
        }
        return c;
    }

    private static double[][] sub(double[][] h, List<Integer> idx) {
        double[][] s = new double[idx.size()][idx.size()];
        for (int a = 0; a < idx.size(); a++) {
            for (int b = 0; b < idx.size(); b++) {
                s[a][b] = h[idx.get(a)][idx.get(b)];
            }
        }
        return s;
    }

    /** Errors from the variable metric's diagonal where no HESSE was run (iminuit's approximate errors). */
    private static void approximateErrors(Problem pr, double[] x, double[][] v, double up, double[] errors) {
        for (int k = 0; k < pr.n(); k++) {
            double e = Math.abs(pr.transforms[k].derivative(x[k])) * Math.sqrt(Math.max(2 * up * v[k][k], 0));
            errors[pr.free[k]] = Double.isFinite(e) ? e : 0;
        }
    }

    private static double distanceToLimit(Transform t, double e) {
        return Math.min(t.hasLower() ? e - t.lo() : Double.POSITIVE_INFINITY,
                t.hasUpper() ? t.hi() - e : Double.POSITIVE_INFINITY);
    }

    /** Starting metrics computed lately, per covariance array (weakly held: gone with the array). */
    private static final java.util.Map<double[][], java.util.List<StartingMetric>> METRICS =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    /** A starting metric and what it was computed from (the covariance's values, free set, bounds and point). */
    private record StartingMetric(double[][] c, int[] free, Transform[] transforms, double[] x, double up,
            double[][] v) {
        boolean of(double[][] c2, Problem pr, double[] x2, double up2) {
            return up == up2 && java.util.Arrays.equals(x, x2) && java.util.Arrays.equals(free, pr.free)
                    && java.util.Arrays.equals(transforms, pr.transforms) && java.util.Arrays.deepEquals(c, c2);
        }
    }

    /**
     * {@link #metricFrom}, computed once for fits that start alike: the pseudo-experiments of a toy-based test
     * start every free fit (and every conditional fit) from the same point with the same covariance, so their
     * starting metrics are one matrix, shared (callers never change it). Recognised by the covariance array and
     * checked against its values, the free set, the bounds and the start point: the same metric as computed anew.
     */
    private static double[][] startingMetric(double[][] c, Problem pr, double[] x, double up) {
        java.util.List<StartingMetric> known = METRICS.get(c);
        if (known != null) {
            synchronized (known) {
                for (StartingMetric m : known) {
                    if (m.of(c, pr, x, up)) {
                        return m.v();
                    }
                }
            }
        }
        double[][] v = metricFrom(c, pr, x, up);
        if (v != null) {
            double[][] snapshot = java.util.Arrays.stream(c).map(double[]::clone).toArray(double[][]::new);
            StartingMetric m = new StartingMetric(snapshot, pr.free.clone(), pr.transforms.clone(), x.clone(), up, v);
            java.util.List<StartingMetric> list = METRICS.computeIfAbsent(c, k -> new java.util.ArrayList<>());
            synchronized (list) {
                if (list.size() >= 4) {
                    list.remove(0); // a scan's fits start at many points: keep the latest few
                }
                list.add(m);
            }
        }
        return v;
    }

    /**
     * Internal metric V = J⁻¹ C J⁻¹ / (2·errordef) from an external covariance C, conditioned on the parameters
     * that C treats as free but this problem fixes. Null when C is unusable.
     */
    private static double[][] metricFrom(double[][] c, Problem pr, double[] x, double up) {
        int dim = c.length;
        if (dim != pr.external.length) {
            return null;
        }
        java.util.Set<Integer> freeHere = new java.util.HashSet<>();
        for (int i : pr.free) {
            freeHere.add(i);
        }
        java.util.List<Integer> condition = new java.util.ArrayList<>();
        for (int i = 0; i < dim; i++) {
            if (!freeHere.contains(i) && c[i][i] > 0) {
                condition.add(i);
            }
        }
        int n = pr.n();
        double[][] cs = new double[n][n];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                cs[a][b] = c[pr.free[a]][pr.free[b]];
            }
            if (!(cs[a][a] > 0)) {
                return null;
            }
        }
        if (!condition.isEmpty()) {
            int m = condition.size();
            double[][] cff = new double[m][m];
            for (int a = 0; a < m; a++) {
                for (int b = 0; b < m; b++) {
                    cff[a][b] = c[condition.get(a)][condition.get(b)];
                }
            }
            double[][] inv = PositiveDefinite.invert(cff).inverse();
            // Schur complement C_ff − C_fc C_cc⁻¹ C_cf: W = C_fc C_cc⁻¹ (n·m²), then W C_cf (n²·m)
            double[][] w = new double[n][m];
            for (int a = 0; a < n; a++) {
                double[] row = c[pr.free[a]];
                for (int j = 0; j < m; j++) {
                    double t = 0;
                    for (int i = 0; i < m; i++) {
                        t += row[condition.get(i)] * inv[i][j];
                    }
                    w[a][j] = t;
                }
            }
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++) {
                    double t = 0;
                    for (int j = 0; j < m; j++) {
                        t += w[a][j] * c[condition.get(j)][pr.free[b]];
                    }
                    cs[a][b] -= t;
                }
            }
        }
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < a; b++) {
                cs[b][a] = cs[a][b]; // symmetric to the last bit (the conditioning's sums are not)
            }
        }
        double[] j = new double[n];
        for (int a = 0; a < n; a++) {
            j[a] = pr.transforms[a].derivative(x[a]);
            if (Math.abs(j[a]) < 1e-8) {
                return null;
            }
        }
        for (int a = 0; a < n; a++) {
            double[] row = cs[a];
            for (int b = 0; b < n; b++) {
                row[b] /= j[a] * j[b] * 2 * up;
            }
        }
        return cs;
    }

    /**
     * True when every coordinate of x is within {@code frac} standard deviations (from V) of y: the second
     * derivatives at y then still describe x, and a HESSE there need not be repeated.
     */
    private static boolean closeInSigma(double[] x, double[] y, double[][] v, double frac) {
        for (int k = 0; k < x.length; k++) {
            double s = Math.sqrt(Math.max(2 * v[k][k], 0));
            if (!(Math.abs(x[k] - y[k]) <= frac * s)) {
                return false;
            }
        }
        return true;
    }

    /** V = diag(1/g2) where the curvature is positive, else σ²/(2·errordef). */
    private static double[][] diagonalMetric(double[] g2, double[] sigma, double up) {
        int n = g2.length;
        double[][] v = new double[n][n];
        for (int k = 0; k < n; k++) {
            v[k][k] = g2[k] > 0 ? 1 / g2[k] : sigma[k] * sigma[k] / (2 * up);
        }
        return v;
    }

    private static boolean isDiagonal(double[][] v) {
        for (int i = 0; i < v.length; i++) {
            for (int j = 0; j < v.length; j++) {
                if (i != j && v[i][j] != 0) {
                    return false;
                }
            }
        }
        return true;
    }

    /** HESSE steps: about a tenth of the current one-sigma (internal) interval. */
    private static double[] stepsFrom(double[][] v, double[] sigma) {
        double[] h = new double[v.length];
        for (int k = 0; k < v.length; k++) {
            double s = v[k][k] > 0 ? Math.sqrt(2 * v[k][k]) : sigma[k];
            h[k] = Math.max(1e-7, Math.min(0.1 * s, 0.5));
        }
        return h;
    }

    /**
     * Line search along s from x (f0, slope = gᵀs): one batch of trial step lengths, then a parabola through
     * the best bracket, as Minuit's MnLineSearch refines with parabolas. Returns 0 when nothing decreases f.
     */
    private static double lineSearch(Problem pr, double[] x, double[] s, double f0, double slope) {
        int n = x.length;
        double[] alphas = {0.125, 0.25, 0.5, 1, 2, 4};
        double best = 0;
        double fBest = f0;
        for (int round = 0; round < 3; round++) {
            double[] xs = new double[alphas.length * n];
            for (int a = 0; a < alphas.length; a++) {
                for (int k = 0; k < n; k++) {
                    xs[a * n + k] = x[k] + alphas[a] * s[k];
                }
            }
            double[] fs = pr.eval(xs, alphas.length);
            int ib = -1;
            for (int a = 0; a < alphas.length; a++) {
                if (fs[a] < fBest) {
                    fBest = fs[a];
                    best = alphas[a];
                    ib = a;
                }
            }
            if (ib >= 0) {
                // parabola through the neighbours of the best trial (or through f0 with the slope at 0)
                double a0;
                double f0p;
                double a2;
                double f2;
                if (ib > 0) {
                    a0 = alphas[ib - 1];
                    f0p = fs[ib - 1];
                } else {
                    a0 = 0;
                    f0p = f0;
                }
                if (ib < alphas.length - 1) {
                    a2 = alphas[ib + 1];
                    f2 = fs[ib + 1];
                } else {
                    return best; // the largest trial is best: take it, the next iteration goes on
                }
                double a1 = alphas[ib];
                double f1 = fs[ib];
                double denom = (a1 - a0) * (f1 - f2) - (a1 - a2) * (f1 - f0p);
                if (denom != 0) {
                    double num = (a1 - a0) * (a1 - a0) * (f1 - f2) - (a1 - a2) * (a1 - a2) * (f1 - f0p);
                    double am = a1 - 0.5 * num / denom;
                    if (am > a0 && am < a2 && Math.abs(am - a1) > 1e-3 * a1) {
                        double[] xm = new double[n];
                        for (int k = 0; k < n; k++) {
                            xm[k] = x[k] + am * s[k];
                        }
                        double fm = pr.eval(xm);
                        if (fm < fBest) {
                            fBest = fm;
                            best = am;
                        }
                    }
                }
                return best;
            }
            // nothing decreased: shrink
            for (int a = 0; a < alphas.length; a++) {
                alphas[a] *= 1e-2;
            }
        }
        return 0;
    }

    /**
     * A BFGS update of the inverse Hessian V with step δ and gradient change γ:
     * {@code V' = V + c δδᵀ − (δ eᵀ + e δᵀ)} with {@code e = Vγ/δᵀγ}, {@code c = (1 + γᵀVγ/δᵀγ)/δᵀγ}, each element
     * formed symmetrically in i and j so that a symmetric V stays symmetric to the last bit ({@link #matVec}).
     */
    record Update(double c, double[] delta, double[] e) {

        /** The update for step δ, gradient change γ and Vγ; null where δᵀγ ≤ 0 (no update, as Minuit). */
        static Update of(double[] delta, double[] gamma, double[] vGamma) {
            double dg = dot(delta, gamma);
            if (!(dg > 0)) {
                return null;
            }
            double gvg = dot(gamma, vGamma);
            double[] e = new double[delta.length];
            for (int i = 0; i < e.length; i++) {
                e[i] = vGamma[i] / dg;
            }
            return new Update((1 + gvg / dg) / dg, delta, e);
        }

        /** Element (i, j) of the update. */
        double element(int i, int j) {
            return c * (delta[i] * delta[j]) - (delta[i] * e[j] + e[i] * delta[j]);
        }

        /**
         * V + the update into {@code into} (V itself, or a new matrix where V is shared), returning (V + update)·x
         * formed in the same pass, term by term as {@link #matVec} forms it: O(N²) multiply-adds over contiguous
         * rows, which the JIT vectorises.
         */
        double[] apply(double[][] v, double[][] into, double[] x) {
            int n = delta.length;
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                double di = delta[i];
                double ei = e[i];
                double xi = x[i];
                double[] row = v[i];
                double[] out = into[i];
                for (int j = 0; j < n; j++) {
                    double r = row[j] + (c * (di * delta[j]) - (di * e[j] + ei * delta[j]));
                    out[j] = r;
                    y[j] += xi * r;
                }
            }
            return y;
        }

        /** (V + update)·x from V·x: O(N). */
        double[] plusTimes(double[] vx, double[] x) {
            double dx = dot(delta, x);
            double ex = dot(e, x);
            double[] y = new double[vx.length];
            for (int i = 0; i < y.length; i++) {
                y[i] = vx[i] + (c * delta[i] * dx - (delta[i] * ex + e[i] * dx));
            }
            return y;
        }
    }

    /** V with {@code pending} applied (into a new matrix where V is the shared starting metric {@code w}). */
    private static double[][] settle(double[][] v, double[][] w, Update pending) {
        if (pending == null) {
            return v;
        }
        double[][] into = v == w ? new double[v.length][v.length] : v;
        pending.apply(v, into, new double[v.length]);
        return into;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    /**
     * {@code m x} for a symmetric m (metrics, HESSE matrices), formed as {@code Σ_j x_j · m[j]}: multiply-adds
     * over contiguous rows, which the JIT vectorises (the row-dot form is a sequential reduction it cannot). Where
     * m is symmetric to the last bit the sums are those of the row-dot form, term by term in the same order.
     */
    static double[] matVec(double[][] m, double[] x) {
        int n = x.length;
        double[] y = new double[n];
        for (int j = 0; j < n; j++) {
            double xj = x[j];
            double[] row = m[j];
            for (int i = 0; i < n; i++) {
                y[i] += xj * row[i];
            }
        }
        return y;
    }

    static double quad(double[] g, double[][] v) {
        return dot(g, matVec(v, g));
    }
}
