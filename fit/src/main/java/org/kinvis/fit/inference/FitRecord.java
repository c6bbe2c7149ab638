package org.kinvis.fit.inference;

import java.util.Map;
import org.kinvis.fit.minimize.FitResult;

/**
 * One fit behind an inference result, as the result reports it: on which data set, with which parameters fixed at
 * which values (none: the unconditional fit), whether it is valid, its status, how it was recovered if the first
 * MIGRAD was not valid, and its minimum. An inference result is only as good as its worst fit.
 *
 * @param dataset  "observed" or "asimov"
 * @param fixed    the values this fit fixed (empty for an unconditional fit)
 * @param recovery empty, or what {@link org.kinvis.fit.minimize.Recovery} did
 */
public record FitRecord(String dataset, Map<String, Double> fixed, boolean valid, String status, String recovery,
        double twiceNll) {

    public static FitRecord of(String dataset, Map<String, Double> fixed, FitResult r) {
        // in the caller's order: Map.copyOf iterates in an order that changes from one JVM run to the next, and the
        // JSON's "fixed" objects must not
        return new FitRecord(dataset, java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(fixed)),
                r.valid(), r.status(), r.recovery(), r.fval());
    }

    /** "free fit on the observed data", "fit with mu = 1.5 on the Asimov data". */
    public String describe() {
        StringBuilder sb = new StringBuilder(fixed.isEmpty() ? "free fit" : "fit with");
        fixed.forEach((k, v) -> sb.append(' ').append(k).append(" = ").append(String.format(java.util.Locale.ROOT,
                "%.6g", v)));
        return sb.append(" on the ").append(dataset).append(" data").toString();
    }

    /** Whether every record is valid. */
    public static boolean allValid(Iterable<FitRecord> records) {
        for (FitRecord r : records) {
            if (!r.valid()) {
                return false;
            }
        }
        return true;
    }
}
