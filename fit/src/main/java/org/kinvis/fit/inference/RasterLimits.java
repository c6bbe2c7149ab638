package org.kinvis.fit.inference;

import java.util.ArrayList;
import java.util.List;
import org.kinvis.fit.minimize.Migrad;
import org.kinvis.host.model.AsimovLikelihood;

/**
 * Asymptotic CLs upper limits on one parameter at each value of another — a raster scan, e.g. a coupling against
 * the mass of a new particle: at every value the likelihood is built anew with that value fixed
 * ({@link Family}), and {@link AsymptoticCls} finds the observed limit and the expected band there. The points
 * are independent; their order is that of {@code values}.
 *
 * @param poi    the parameter the limits are on
 * @param cl     the confidence level
 * @param points one per value
 */
public record RasterLimits(String poi, double cl, List<Point> points) {
    /**
     * Fits one limit needs, about: the set-up fits and the six root searches (142 for a two-body coupling on
     * Belle II at tolerance 1e-3).
     */
    static final int FITS_PER_LIMIT = 140;

    /**
     * The limits at one value.
     *
     * @param value    the raster parameter's value (NaN where there is no raster: one limit at the given point)
     * @param bestFit  the free fit's value of the POI
     * @param observed +∞ where not excluded within the POI bounds
     * @param expected the −2σ … +2σ band of the limit (pyhf's order)
     * @param fits     every fit behind these numbers
     */
    public record Point(double value, double bestFit, double observed, double[] expected, List<FitRecord> fits) {
        public boolean valid() {
            return FitRecord.allValid(fits);
        }
    }

    /** The likelihood at one value of the raster parameter (closed after its limits are found). */
    @FunctionalInterface
    public interface Family {
        AsimovLikelihood at(double value);
    }

    /** Every fit behind the limits. */
    public List<FitRecord> fits() {
        List<FitRecord> all = new ArrayList<>();
        points.forEach(p -> all.addAll(p.fits()));
        return all;
    }

    /** Whether every fit converged. */
    public boolean valid() {
        return points.stream().allMatch(Point::valid);
    }

    /**
     * The limits on {@code poi} within {@code bounds} at each of {@code values} to relative precision
     * {@code tolerance}, each fit reported to {@code progress}.
     */
    public static RasterLimits compute(Family family, String poi, double[] bounds, double[] values, double cl,
            double tolerance, Migrad.Options options, Progress progress) {
        List<Point> out = new ArrayList<>();
        progress.expect((long) FITS_PER_LIMIT * values.length);
        for (double v : values) {
            try (Progress.Budget budget = progress.share(FITS_PER_LIMIT); AsimovLikelihood lik = family.at(v);
                    AsymptoticCls calc = new AsymptoticCls(lik, poi, bounds, options)) {
                budget.advance(calc.setupFits().size());
                calc.progress(budget);
                AsymptoticCls.Limits l = calc.limits(cl, tolerance);
                out.add(new Point(v, calc.freeFit().value(poi), l.observed(), l.expected(), l.fits()));
            }
        }
        return new RasterLimits(poi, cl, List.copyOf(out));
    }
}
