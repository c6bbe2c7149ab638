package org.kinvis.fit.inference;

import java.util.List;
import java.util.Map;
import org.kinvis.fit.minimize.FitResult;
import org.kinvis.fit.minimize.Migrad;
import org.kinvis.fit.minimize.Recovery;
import org.kinvis.host.model.Likelihood;
import org.kinvis.host.model.ParameterSet;
import org.kinvis.host.model.ParameterTable;

/**
 * Maximum-likelihood fits of a {@link Likelihood} with MIGRAD + HESSE, as pyhf's {@code infer.mle.fit} with the
 * minuit optimizer: start at the inits, bounds from the parameter table, the table's fixed parameters plus any
 * the caller fixes (value given by name). A fit that is not valid is recovered as iminuit users do ({@link Recovery});
 * the result says so.
 */
public final class MaximumLikelihood {
    private MaximumLikelihood() {
    }

    /** Initial step sizes: σ of Gaussian constraints, 1/√τ of Poisson ones, else a tenth of a typical scale. */
    public static double[] initialErrors(ParameterTable t) {
        double[] e = new double[t.size()];
        double[] lo = t.lowerBounds();
        double[] hi = t.upperBounds();
        for (ParameterSet s : t.sets()) {
            for (int i = 0; i < s.n(); i++) {
                int k = s.offset() + i;
                double err = switch (s.constraint()) {
                    case NORMAL -> s.widths()[i];
                    case POISSON -> 1 / Math.sqrt(Math.max(s.widths()[i], 1e-12));
                    // relative to the start for small non-zero starts (couplings of 1e-8), else 0.1
                    case NONE -> s.inits()[i] != 0 && Math.abs(s.inits()[i]) < 1 ? 0.1 * Math.abs(s.inits()[i])
                            : 0.1 * Math.max(Math.abs(s.inits()[i]), 1.0);
                };
                e[k] = Math.min(err, 0.2 * (hi[k] - lo[k]));
            }
        }
        return e;
    }

    public static FitResult fit(Likelihood lik, Map<String, Double> fixedValues, Migrad.Options options) {
        return fit(lik, fixedValues, lik.parameters().inits(), lik.parameters().lowerBounds(),
                lik.parameters().upperBounds(), options);
    }

    /** Fit from a given start vector and bounds (e.g. a warm start in a scan, or POI bounds of a hypotest). */
    public static FitResult fit(Likelihood lik, Map<String, Double> fixedValues, double[] start, double[] lo,
            double[] hi, Migrad.Options options) {
        return fit(lik, fixedValues, start, lo, hi, options, null);
    }

    /** As above, with the starting metric taken from a previous fit's covariance (null: none). */
    public static FitResult fit(Likelihood lik, Map<String, Double> fixedValues, double[] start, double[] lo,
            double[] hi, Migrad.Options options, double[][] startCovariance) {
        return fit(lik, new Objective(lik), fixedValues, start, lo, hi, options, startCovariance);
    }

    /** As above, minimising {@code objective} (−2 log L of {@code lik}, possibly through a lockstep view). */
    public static FitResult fit(Likelihood lik, org.kinvis.fit.minimize.BatchFunction objective,
            Map<String, Double> fixedValues, double[] start, double[] lo, double[] hi, Migrad.Options options,
            double[][] startCovariance) {
        return fit(lik, objective, lik.parameters().fixed(), fixedValues, start, lo, hi, options, startCovariance);
    }

    /**
     * The general fit: {@code baseFixed} the parameters fixed before {@code fixedValues} are applied (the table's
     * fixed flags, or those with a POI freed for inference). Not valid at first, the fit is recovered as iminuit
     * users do ({@link Recovery}), with the table's inits as an alternative start where it began elsewhere.
     */
    public static FitResult fit(Likelihood lik, org.kinvis.fit.minimize.BatchFunction objective, boolean[] baseFixed,
            Map<String, Double> fixedValues, double[] start, double[] lo, double[] hi, Migrad.Options options,
            double[][] startCovariance) {
        ParameterTable t = lik.parameters();
        double[] x = start.clone();
        boolean[] fixed = baseFixed.clone();
        for (Map.Entry<String, Double> e : fixedValues.entrySet()) {
            int k = t.indexOf(e.getKey());
            if (k < 0) {
                throw new IllegalArgumentException("unknown parameter '" + e.getKey() + "'");
            }
            x[k] = e.getValue();
            fixed[k] = true;
        }
        for (int k = 0; k < x.length; k++) {
            if (!fixed[k]) {
                x[k] = Math.max(lo[k], Math.min(hi[k], x[k]));
            }
        }
        double[] inits = t.inits();
        List<double[]> alternatives = java.util.Arrays.equals(inits, start) ? List.of() : List.of(inits);
        return Recovery.minimize(new Recovery.Request(objective, t.names(), x, initialErrors(t), lo, hi, fixed,
                options, startCovariance), alternatives);
    }
}
