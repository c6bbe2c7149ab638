package org.kinvis.fit.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kinvis.fit.minimize.FitResult;
import org.kinvis.fit.minimize.Migrad;
import org.kinvis.host.model.Likelihood;

/**
 * Profile-likelihood scan of one parameter: at each value the parameter is fixed and all others are
 * minimised (warm-started from the neighbouring point), {@code Δ(−2 log L)} is taken against the global
 * minimum (or the lowest scanned value when that is lower).
 */
public final class ProfileScan {
    private ProfileScan() {
    }

    /** One scanned value. */
    public record Point(double value, double twiceNll, double deltaTwiceNll, boolean valid) {
    }

    public record Result(String parameter, FitResult bestfit, List<Point> points) {
    }

    public static Result scan(Likelihood lik, String parameter, double[] values, Migrad.Options options) {
        int k = lik.parameters().indexOf(parameter);
        if (k < 0) {
            throw new IllegalArgumentException("unknown parameter '" + parameter + "'");
        }
        FitResult best = MaximumLikelihood.fit(lik, Map.of(), options);
        // profiled fits need no covariance: strategy 0 with a tighter EDM goal
        Migrad.Options profiled = options.withStrategy(0).withTolerance(options.tolerance() / 10);
        double[] lo = lik.parameters().lowerBounds();
        double[] hi = lik.parameters().upperBounds();
        double[] start = best.values();
        // walk outwards from the best fit so each fit starts next to its solution
        Integer[] order = new Integer[values.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        double center = best.values()[k];
        java.util.Arrays.sort(order, (a, b) -> Double.compare(Math.abs(values[a] - center), Math.abs(values[b] - center)));
        double[][] starts = new double[values.length][];
        FitResult[] fits = new FitResult[values.length];
        for (int idx : order) {
            double[] s0 = nearestStart(values, starts, idx, start);
            fits[idx] = MaximumLikelihood.fit(lik, Map.of(parameter, values[idx]), s0, lo, hi, profiled,
                    best.covariance());
            starts[idx] = fits[idx].values();
        }
        double min = best.fval();
        for (FitResult f : fits) {
            min = Math.min(min, f.fval());
        }
        List<Point> pts = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            pts.add(new Point(values[i], fits[i].fval(), fits[i].fval() - min, fits[i].valid()));
        }
        return new Result(parameter, best, pts);
    }

    /** One point of a 2D scan. */
    public record Point2(double x, double y, double twiceNll, double deltaTwiceNll, boolean valid) {
    }

    public record Result2(String parameterX, String parameterY, FitResult bestfit, List<Point2> points) {
    }

    /**
     * 2D profile scan on the grid xs × ys: each point fixes both parameters and profiles the others, warm-started
     * from the nearest finished grid point (the grid is walked as a snake so neighbours come first).
     */
    public static Result2 scan2d(Likelihood lik, String px, double[] xs, String py, double[] ys,
            Migrad.Options options) {
        if (lik.parameters().indexOf(px) < 0 || lik.parameters().indexOf(py) < 0 || px.equals(py)) {
            throw new IllegalArgumentException("need two different parameters of the model, got " + px + ", " + py);
        }
        FitResult best = MaximumLikelihood.fit(lik, Map.of(), options);
        Migrad.Options profiled = options.withStrategy(0).withTolerance(options.tolerance() / 10);
        double[] lo = lik.parameters().lowerBounds();
        double[] hi = lik.parameters().upperBounds();
        FitResult[][] fits = new FitResult[xs.length][ys.length];
        double[] prev = best.values();
        for (int i = 0; i < xs.length; i++) {
            for (int jj = 0; jj < ys.length; jj++) {
                int j = i % 2 == 0 ? jj : ys.length - 1 - jj;
                double[] start = j == (i % 2 == 0 ? 0 : ys.length - 1) && i > 0 ? fits[i - 1][j].values() : prev;
                fits[i][j] = MaximumLikelihood.fit(lik, Map.of(px, xs[i], py, ys[j]), start, lo, hi, profiled,
                        best.covariance());
                prev = fits[i][j].values();
            }
        }
        double min = best.fval();
        for (FitResult[] row : fits) {
            for (FitResult f : row) {
                min = Math.min(min, f.fval());
            }
        }
        List<Point2> pts = new ArrayList<>();
        for (int i = 0; i < xs.length; i++) {
            for (int j = 0; j < ys.length; j++) {
                pts.add(new Point2(xs[i], ys[j], fits[i][j].fval(), fits[i][j].fval() - min, fits[i][j].valid()));
            }
        }
        return new Result2(px, py, best, pts);
    }

    private static double[] nearestStart(double[] values, double[][] starts, int idx, double[] fallback) {
        double bestDist = Double.POSITIVE_INFINITY;
        double[] s = fallback;
        for (int j = 0; j < values.length; j++) {
            if (starts[j] != null && Math.abs(values[j] - values[idx]) < bestDist) {
                bestDist = Math.abs(values[j] - values[idx]);
                s = starts[j];
            }
        }
        return s;
    }
}
