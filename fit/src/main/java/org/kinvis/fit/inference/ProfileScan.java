package org.kinvis.fit.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kinvis.fit.minimize.FitResult;
import org.kinvis.fit.minimize.Lockstep;
import org.kinvis.fit.minimize.Migrad;
import org.kinvis.host.model.Likelihood;

/**
 * Profile-likelihood scans in one and two parameters: at each value the parameters are fixed and all others are
 * minimised, {@code Δ(−2 log L)} taken against the global minimum (or the lowest scanned value when that is
 * lower). All points are fitted in lockstep: each MIGRAD round of every point is one backend batch.
 */
public final class ProfileScan {
    private ProfileScan() {
    }

    /** One scanned value, with the fit behind it. */
    public record Point(double value, double twiceNll, double deltaTwiceNll, boolean valid, FitRecord fit) {
    }

    /**
     * @param bestfit the global fit (the scanned parameter free even where the workspace fixes it)
     * @param freed   whether the workspace fixed the scanned parameter and the global fit freed it
     */
    public record Result(String parameter, FitResult bestfit, List<Point> points, boolean freed) {
        /** Whether the global fit and every point's fit are valid. */
        public boolean valid() {
            return bestfit.valid() && points.stream().allMatch(Point::valid);
        }
    }

    public static Result scan(Likelihood lik, String parameter, double[] values, Migrad.Options options) {
        return scan(lik, parameter, values, Map.of(), options);
    }

    /** The scan with the parameters in {@code fixedValues} fixed throughout. */
    public static Result scan(Likelihood lik, String parameter, double[] values, Map<String, Double> fixedValues,
            Migrad.Options options) {
        return scan(lik, parameter, values, fixedValues, options, Progress.NONE);
    }

    /**
     * The scan, reporting each fit (the global one and one per value) to {@code progress}; {@code parameter} null
     * scans the model's POI (a model without one is refused by {@link Likelihood#requirePoi}).
     */
    public static Result scan(Likelihood lik, String parameterOrNull, double[] values,
            Map<String, Double> fixedValues, Migrad.Options options, Progress progress) {
        String parameter = parameterOrNull != null ? parameterOrNull
                : lik.requirePoi("a profile scan without a named parameter");
        int k = lik.parameters().indexOf(parameter);
        if (k < 0) {
            throw new IllegalArgumentException("unknown parameter '" + parameter + "'");
        }
        if (fixedValues.containsKey(parameter)) {
            throw new IllegalArgumentException("the scanned parameter '" + parameter + "' cannot also be fixed");
        }
        boolean[] base = lik.parameters().fixed();
        boolean freed = base[k];
        base[k] = false;
        progress.expect(values.length + 1L);
        FitResult best = globalFit(lik, base, fixedValues, options);
        progress.advance();
        // profiled fits need no covariance: strategy 0 with a tighter EDM goal
        Migrad.Options profiled = options.withStrategy(0).withTolerance(options.tolerance() / 10);
        double[] lo = lik.parameters().lowerBounds();
        double[] hi = lik.parameters().upperBounds();
        java.util.function.IntFunction<Map<String, Double>> at = i -> with(fixedValues, parameter, values[i]);
        FitResult[] fits = lockstep(lik, best, values.length, at, lo, hi, profiled, progress);
        mend(lik, fits, i -> new int[] {i - 1, i + 1}, at, lo, hi, profiled, best.covariance(), progress);
        double min = best.fval();
        for (FitResult f : fits) {
            min = Math.min(min, f.fval());
        }
        List<Point> pts = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            pts.add(new Point(values[i], fits[i].fval(), fits[i].fval() - min, fits[i].valid(),
                    FitRecord.of("observed", Map.of(parameter, values[i]), fits[i])));
        }
        return new Result(parameter, best, pts, freed);
    }

    /** The global fit of a scan: the table's inits, bounds and fixed flags with {@code base} instead. */
    private static FitResult globalFit(Likelihood lik, boolean[] base, Map<String, Double> fixedValues,
            Migrad.Options options) {
        return MaximumLikelihood.fit(lik, new Objective(lik), base, fixedValues, lik.parameters().inits(),
                lik.parameters().lowerBounds(), lik.parameters().upperBounds(), options, null);
    }

    private static Map<String, Double> with(Map<String, Double> fixed, String p, double v) {
        Map<String, Double> m = new java.util.LinkedHashMap<>(fixed);
        m.put(p, v);
        return m;
    }

    /** Scan points minimised together in one lockstep group. */
    static final int GROUP = 32;

    /** One point of a 2D scan, with the fit behind it. */
    public record Point2(double x, double y, double twiceNll, double deltaTwiceNll, boolean valid, FitRecord fit) {
    }

    public record Result2(String parameterX, String parameterY, FitResult bestfit, List<Point2> points,
            boolean freed) {
        /** Whether the global fit and every point's fit are valid. */
        public boolean valid() {
            return bestfit.valid() && points.stream().allMatch(Point2::valid);
        }
    }

    /** 2D profile scan on the grid xs × ys: each point fixes both parameters and profiles the others. */
    public static Result2 scan2d(Likelihood lik, String px, double[] xs, String py, double[] ys,
            Migrad.Options options) {
        return scan2d(lik, px, xs, py, ys, Map.of(), options);
    }

    /** The 2D scan with the parameters in {@code fixedValues} fixed throughout. */
    public static Result2 scan2d(Likelihood lik, String px, double[] xs, String py, double[] ys,
            Map<String, Double> fixedValues, Migrad.Options options) {
        return scan2d(lik, px, xs, py, ys, fixedValues, options, Progress.NONE);
    }

    /** The 2D scan, reporting each fit (the global one and one per grid point) to {@code progress}. */
    public static Result2 scan2d(Likelihood lik, String px, double[] xs, String py, double[] ys,
            Map<String, Double> fixedValues, Migrad.Options options, Progress progress) {
        int kx = lik.parameters().indexOf(px);
        int ky = lik.parameters().indexOf(py);
        if (kx < 0 || ky < 0 || px.equals(py)) {
            throw new IllegalArgumentException("need two different parameters of the model, got " + px + ", " + py);
        }
        if (fixedValues.containsKey(px) || fixedValues.containsKey(py)) {
            throw new IllegalArgumentException("the scanned parameters cannot also be fixed");
        }
        boolean[] base = lik.parameters().fixed();
        boolean freed = base[kx] || base[ky];
        base[kx] = false;
        base[ky] = false;
        progress.expect((long) xs.length * ys.length + 1);
        FitResult best = globalFit(lik, base, fixedValues, options);
        progress.advance();
        Migrad.Options profiled = options.withStrategy(0).withTolerance(options.tolerance() / 10);
        double[] lo = lik.parameters().lowerBounds();
        double[] hi = lik.parameters().upperBounds();
        int ny = ys.length;
        java.util.function.IntFunction<Map<String, Double>> at =
                k -> with(with(fixedValues, px, xs[k / ny]), py, ys[k % ny]);
        FitResult[] flat = lockstep(lik, best, xs.length * ny, at, lo, hi, profiled, progress);
        // the four grid neighbours (cells off the grid are dropped by mend)
        mend(lik, flat, k -> new int[] {k % ny == 0 ? -1 : k - 1, k % ny == ny - 1 ? -1 : k + 1, k - ny, k + ny}, at,
                lo, hi, profiled, best.covariance(), progress);
        double min = best.fval();
        for (FitResult f : flat) {
            min = Math.min(min, f.fval());
        }
        List<Point2> pts = new ArrayList<>();
        for (int k = 0; k < flat.length; k++) {
            double x = xs[k / ys.length];
            double y = ys[k % ys.length];
            FitResult f = flat[k];
            pts.add(new Point2(x, y, f.fval(), f.fval() - min, f.valid(),
                    FitRecord.of("observed", Map.of(px, x, py, y), f)));
        }
        return new Result2(px, py, best, pts, freed);
    }

    /** How far (in −2 log L) a cell's fit may lie above a neighbour's nuisances at its point before it is re-fitted. */
    static final double STUCK = 1e-3;
    /** Rounds of {@link #mend}: a mended cell may in turn mend its neighbours. */
    static final int MEND_PASSES = 3;

    /**
     * Mends stuck conditional fits, as profile scans commonly do (ROOT's and iminuit users' re-fits from the
     * neighbours): a cell's conditional minimum can be no higher than −2 log L at any point of its slice, and a
     * neighbour's profiled nuisances with the cell's fixed values are such a point. All cells are checked against
     * all their neighbours in one batch of likelihood evaluations; a cell lying above such a start by more than
     * {@link #STUCK}, or whose fit is invalid (first round only), is fitted again from its lowest start, and the
     * new fit kept where it is lower (or valid where the old one was not, and not higher by more than
     * {@link #STUCK}). Rounds repeat while cells improve, at most {@link #MEND_PASSES}. Each re-fit is announced
     * to and advances {@code progress}. Returns the number of cells whose fit was replaced; a cell still invalid
     * stays marked so by its fit.
     */
    static int mend(Likelihood lik, FitResult[] fits, java.util.function.IntFunction<int[]> neighbours,
            java.util.function.IntFunction<Map<String, Double>> fixedAt, double[] lo, double[] hi,
            Migrad.Options options, double[][] covariance, Progress progress) {
        int n = lik.dimension();
        int replaced = 0;
        for (int pass = 0; pass < MEND_PASSES; pass++) {
            List<int[]> pairs = new ArrayList<>(); // {cell, neighbour}
            for (int k = 0; k < fits.length; k++) {
                for (int j : neighbours.apply(k)) {
                    if (j >= 0 && j < fits.length) {
                        pairs.add(new int[] {k, j});
                    }
                }
            }
            double[] pts = new double[pairs.size() * n];
            for (int q = 0; q < pairs.size(); q++) {
                System.arraycopy(start(lik, fits[pairs.get(q)[1]].values(), fixedAt.apply(pairs.get(q)[0])), 0, pts,
                        q * n, n);
            }
            double[] lp = pairs.isEmpty() ? new double[0] : lik.logpdf(pts, pairs.size());
            double[] lowest = new double[fits.length];
            int[] from = new int[fits.length];
            java.util.Arrays.fill(lowest, Double.POSITIVE_INFINITY);
            java.util.Arrays.fill(from, -1);
            for (int q = 0; q < pairs.size(); q++) {
                double v = -2 * lp[q];
                int k = pairs.get(q)[0];
                if (Double.isFinite(v) && v < lowest[k]) {
                    lowest[k] = v;
                    from[k] = q;
                }
            }
            List<Integer> redo = new ArrayList<>();
            for (int k = 0; k < fits.length; k++) {
                if (from[k] >= 0 && (lowest[k] < fits[k].fval() - STUCK || pass == 0 && !fits[k].valid())) {
                    redo.add(k);
                }
            }
            if (redo.isEmpty()) {
                break;
            }
            progress.expect(redo.size());
            int improved = 0;
            for (int k : redo) {
                double[] x = java.util.Arrays.copyOfRange(pts, from[k] * n, (from[k] + 1) * n);
                FitResult f = MaximumLikelihood.fit(lik, fixedAt.apply(k), x, lo, hi, options, covariance);
                progress.advance();
                FitResult old = fits[k];
                if (f.fval() < old.fval() - 1e-9 || !old.valid() && f.valid() && f.fval() <= old.fval() + STUCK) {
                    fits[k] = f;
                    replaced++;
                    improved++;
                }
            }
            if (improved == 0) {
                break;
            }
        }
        return replaced;
    }

    /** {@code values} with the entries of {@code fixed} set. */
    private static double[] start(Likelihood lik, double[] values, Map<String, Double> fixed) {
        double[] x = values.clone();
        for (Map.Entry<String, Double> e : fixed.entrySet()) {
            x[lik.parameters().indexOf(e.getKey())] = e.getValue();
        }
        return x;
    }

    /**
     * The conditional fits of a scan, run in lockstep ({@link Lockstep}): one thread per point, each MIGRAD
     * iteration of all points evaluated as one backend batch. Every point starts at the global best fit with its
     * fixed values set, with the global covariance (conditioned) as its starting metric. With an analytic gradient
     * (CPU backend) the fits run one after the other instead: each iteration is then one cheap gradient, and
     * batching would only add waiting. Each finished fit advances {@code progress} by one.
     */
    static FitResult[] lockstep(Likelihood lik, FitResult best, int count,
            java.util.function.IntFunction<Map<String, Double>> fixedAt, double[] lo, double[] hi,
            Migrad.Options options, Progress progress) {
        FitResult[] out = new FitResult[count];
        if (lik.hasGradient()) {
            // an analytic gradient makes each fit a few cheap evaluations: one after the other beats batching
            for (int k = 0; k < count; k++) {
                out[k] = MaximumLikelihood.fit(lik, fixedAt.apply(k), best.values(), lo, hi, options, best.covariance());
                progress.advance();
            }
            return out;
        }
        RuntimeException[] failure = new RuntimeException[1];
        // groups of at most GROUP points keep a round's batch (GROUP × (2N+1) points) within memory
        for (int from = 0; from < count; from += GROUP) {
            int to = Math.min(count, from + GROUP);
            Lockstep ls = new Lockstep(new Objective(lik), to - from);
            try (java.util.concurrent.ExecutorService ex =
                    java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = from; i < to; i++) {
                    final int k = i;
                    ex.submit(() -> {
                        try {
                            out[k] = MaximumLikelihood.fit(lik, ls.view(), fixedAt.apply(k), best.values(), lo, hi,
                                    options, best.covariance());
                            progress.advance();
                        } catch (RuntimeException e) {
                            synchronized (failure) {
                                failure[0] = e;
                            }
                        } finally {
                            ls.leave();
                        }
                    });
                }
            }
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        return out;
    }


}
