package org.kinvis.fit.minimize;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Outcome of a minimisation, as iminuit reports it: parameter values and HESSE errors (external), covariance,
 * function minimum, EDM, calls, validity with the reason when not valid, and MINOS errors where computed.
 *
 * @param fval       minimum of the objective (for kinvis: twice the negative log-likelihood)
 * @param edm        estimated distance to minimum, ½ gᵀ V g
 * @param edmGoal    convergence threshold 0.002 · tolerance · errordef
 * @param covariance external covariance (fixed parameters have zero rows), null without HESSE
 * @param minos      parameter name → {lower, upper} asymmetric errors
 */
public record FitResult(List<String> names, double[] values, double[] errors, boolean[] fixed, double fval,
        double edm, double edmGoal, long nfcn, boolean valid, String status, double[][] covariance,
        boolean hesseForcedPosDef, Map<String, double[]> minos) {

    public int indexOf(String name) {
        return names.indexOf(name);
    }

    public double value(String name) {
        return values[indexOf(name)];
    }

    public double error(String name) {
        return errors[indexOf(name)];
    }

    /** Correlation coefficient of parameters i and j (0 for fixed or without covariance). */
    public double correlation(int i, int j) {
        if (covariance == null || covariance[i][i] <= 0 || covariance[j][j] <= 0) {
            return 0;
        }
        return covariance[i][j] / Math.sqrt(covariance[i][i] * covariance[j][j]);
    }

    /** iminuit-style summary: the minimum's state, then a parameter table. */
    public String format(int maxRows) {
        StringBuilder sb = new StringBuilder();
        String line = "─".repeat(78);
        sb.append(line).append('\n');
        sb.append(String.format(Locale.ROOT, "%-39s%39s%n", "FCN = " + fmt(fval), "Nfcn = " + nfcn));
        sb.append(String.format(Locale.ROOT, "%-39s%39s%n", "EDM = " + fmt(edm) + " (Goal: " + fmt(edmGoal) + ")",
                valid ? "Valid Minimum" : "INVALID Minimum"));
        sb.append(String.format(Locale.ROOT, "%-39s%39s%n", status,
                covariance == null ? "No covariance" : (hesseForcedPosDef ? "Hesse forced pos. def." : "Accurate covariance")));
        sb.append(line).append('\n');
        sb.append(String.format(Locale.ROOT, "%4s %-38s %14s %12s %7s%n", "", "Name", "Value", "Hesse Error", ""));
        int rows = Math.min(maxRows, names.size());
        for (int i = 0; i < rows; i++) {
            double[] m = minos == null ? null : minos.get(names.get(i));
            sb.append(String.format(Locale.ROOT, "%4d %-38.38s %14.6g %12.4g %7s%s%n", i, names.get(i), values[i],
                    errors[i], fixed[i] ? "fixed" : "", m == null ? ""
                            : String.format(Locale.ROOT, "  Minos %+.4g %+.4g", m[0], m[1])));
        }
        if (rows < names.size()) {
            sb.append(String.format(Locale.ROOT, "     ... %d more parameters (--format json lists all)%n",
                    names.size() - rows));
        }
        sb.append(line).append('\n');
        return sb.toString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
