package org.kinvis.fit.minimize;

import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Outcome of a minimisation, as iminuit reports it: parameter values and HESSE errors (external), covariance,
 * function minimum, EDM, calls, validity with the reason when not valid, MINOS errors where computed, which
 * parameters sit at a limit, and how the fit was recovered when the first MIGRAD was not valid.
 *
 * @param fval       minimum of the objective (for kinvis: twice the negative log-likelihood)
 * @param edm        estimated distance to minimum, ½ gᵀ V g
 * @param edmGoal    convergence threshold 0.002 · tolerance · errordef
 * @param covariance external covariance (fixed parameters have zero rows), null without HESSE
 * @param minos      parameter name → {lower, upper} asymmetric errors
 * @param atLimit    per parameter −1 (at its lower limit), +1 (upper) or 0, iminuit's rule: within half an error
 * @param recovery   empty when the first MIGRAD gave the result, else what recovered it (or was tried in vain)
 */
public record FitResult(List<String> names, double[] values, double[] errors, boolean[] fixed, double fval,
        double edm, double edmGoal, long nfcn, boolean valid, String status, double[][] covariance,
        boolean hesseForcedPosDef, Map<String, double[]> minos, int[] atLimit, String recovery) {

    /** A result without limit flags or recovery (e.g. assembled by a caller from other fits). */
    public FitResult(List<String> names, double[] values, double[] errors, boolean[] fixed, double fval, double edm,
            double edmGoal, long nfcn, boolean valid, String status, double[][] covariance, boolean hesseForcedPosDef,
            Map<String, double[]> minos) {
        this(names, values, errors, fixed, fval, edm, edmGoal, nfcn, valid, status, covariance, hesseForcedPosDef,
                minos, new int[names.size()], "");
    }

    public int indexOf(String name) {
        return names.indexOf(name);
    }

    public double value(String name) {
        return values[indexOf(name)];
    }

    public double error(String name) {
        return errors[indexOf(name)];
    }

    /** The same result with {@code recovery} describing how it was obtained, and {@code calls} in total. */
    public FitResult withRecovery(String how, long calls) {
        return new FitResult(names, values, errors, fixed, fval, edm, edmGoal, calls, valid, status, covariance,
                hesseForcedPosDef, minos, atLimit, how);
    }

    /** Correlation coefficient of parameters i and j (0 for fixed or without covariance). */
    public double correlation(int i, int j) {
        if (covariance == null || covariance[i][i] <= 0 || covariance[j][j] <= 0) {
            return 0;
        }
        return covariance[i][j] / Math.sqrt(covariance[i][i] * covariance[j][j]);
    }

    /** "at lower limit", "at upper limit" or "" for parameter i. */
    public String limitFlag(int i) {
        return atLimit[i] < 0 ? "at lower limit" : atLimit[i] > 0 ? "at upper limit" : "";
    }

    /** iminuit-style summary: the minimum's state, then a parameter table of the first {@code maxRows}. */
    public String format(int maxRows) {
        return format(maxRows, List.of());
    }

    /**
     * iminuit-style summary: the minimum's state, then a parameter table of the first {@code maxRows} parameters
     * and of those named in {@code always} (e.g. the POI) wherever they are.
     */
    public String format(int maxRows, Collection<String> always) {
        StringBuilder sb = new StringBuilder();
        String line = "─".repeat(78);
        sb.append(line).append('\n');
        sb.append(String.format(Locale.ROOT, "%-39s%39s%n", "FCN = " + fmt(fval), "Nfcn = " + nfcn));
        sb.append(String.format(Locale.ROOT, "%-39s%39s%n", "EDM = " + fmt(edm) + " (Goal: " + fmt(edmGoal) + ")",
                valid ? "Valid Minimum" : "INVALID Minimum"));
        sb.append(String.format(Locale.ROOT, "%-39s%39s%n", status,
                covariance == null ? "No covariance" : (hesseForcedPosDef ? "Hesse forced pos. def." : "Accurate covariance")));
        if (!recovery.isEmpty()) {
            sb.append("recovery: ").append(recovery).append('\n');
        }
        sb.append(line).append('\n');
        sb.append(String.format(Locale.ROOT, "%4s %-38s %14s %12s %7s%n", "", "Name", "Value", "Hesse Error", ""));
        int shown = Math.min(maxRows, names.size());
        int skipped = 0;
        for (int i = 0; i < names.size(); i++) {
            if (i >= shown && !always.contains(names.get(i))) {
                skipped++;
                continue;
            }
            if (skipped > 0 && i >= shown) {
                sb.append(String.format(Locale.ROOT, "     ... %d parameters%n", skipped));
                skipped = 0;
            }
            double[] m = minos == null ? null : minos.get(names.get(i));
            String flag = fixed[i] ? "fixed" : limitFlag(i);
            sb.append(String.format(Locale.ROOT, "%4d %-38.38s %14.6g %12.4g %7s%s%n", i, names.get(i), values[i],
                    errors[i], flag, m == null ? ""
                            : String.format(Locale.ROOT, "  Minos %+.4g %+.4g", m[0], m[1])));
        }
        if (skipped > 0) {
            sb.append(String.format(Locale.ROOT, "     ... %d more parameters (--format json lists all)%n", skipped));
        }
        sb.append(line).append('\n');
        return sb.toString();
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.6g", v);
    }
}
