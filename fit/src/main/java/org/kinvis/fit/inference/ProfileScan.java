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
