package org.kinvis.fit.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.stream.Collectors;
import org.kinvis.fit.inference.FitRecord;
import org.kinvis.fit.minimize.FitResult;

/**
 * How fit, scan, limit and reinterpret render fits and their validity: finite numbers or null (never NaN or
 * Infinity in JSON), a fit record's fields, the covariance and correlation matrices, and the one stderr line that
 * says which fits were not valid.
 */
final class FitJson {
    private FitJson() {
    }

    /** {@code o[key] = v}, or null where v is not finite. */
    static void putFinite(ObjectNode o, String key, double v) {
        if (Double.isFinite(v)) {
            o.put(key, v);
        } else {
            o.putNull(key);
        }
    }

    /** Appends v, or null where not finite. */
    static void addFinite(ArrayNode a, double v) {
        if (Double.isFinite(v)) {
            a.add(v);
        } else {
            a.addNull();
        }
    }

    /** One fit record: {dataset, fixed, converged, status, recovery, twice_nll}. */
    static void record(ObjectNode o, FitRecord r) {
        o.put("dataset", r.dataset());
        ObjectNode f = o.putObject("fixed");
        r.fixed().forEach(f::put);
        o.put("converged", r.valid());
        o.put("status", r.status());
        o.put("recovery", r.recovery());
        putFinite(o, "twice_nll", r.twiceNll());
    }

    /** The records as a JSON array. */
    static void records(ArrayNode a, List<FitRecord> records) {
        for (FitRecord r : records) {
            record(a.addObject(), r);
        }
    }

    /** A fit's state: converged, status, recovery, twice_nll, edm, nfcn. */
    static void state(ObjectNode o, FitResult r) {
        o.put("converged", r.valid());
        o.put("status", r.status());
        o.put("recovery", r.recovery());
        putFinite(o, "twice_nll", r.fval());
        putFinite(o, "edm", r.edm());
        o.put("nfcn", r.nfcn());
    }

    /**
     * The external covariance and correlation matrices over all parameters in the result's order (fixed parameters
     * have zero rows), under {@code covariance} and {@code correlation}: {names, matrix}.
     */
    static void matrices(ObjectNode o, FitResult r) {
        if (r.covariance() == null) {
            return;
        }
        int n = r.names().size();
        ObjectNode cov = o.putObject("covariance");
        ObjectNode cor = o.putObject("correlation");
        ArrayNode cn = cov.putArray("names");
        ArrayNode rn = cor.putArray("names");
        r.names().forEach(cn::add);
        r.names().forEach(rn::add);
        ArrayNode cm = cov.putArray("matrix");
        ArrayNode rm = cor.putArray("matrix");
        for (int i = 0; i < n; i++) {
            ArrayNode crow = cm.addArray();
            ArrayNode rrow = rm.addArray();
            for (int j = 0; j < n; j++) {
                addFinite(crow, r.covariance()[i][j]);
                rrow.add(i == j && r.covariance()[i][i] > 0 ? 1.0 : r.correlation(i, j));
            }
        }
    }

    /** Says on stderr which of the fits were not valid; returns the exit code (0 when all were valid). */
    static int reportInvalid(List<FitRecord> fits, String what, PrintWriter err) {
        List<FitRecord> bad = fits.stream().filter(r -> !r.valid()).toList();
        if (bad.isEmpty()) {
            return 0;
        }
        err.println("kinvis: " + bad.size() + " fit(s) behind " + what + " did not converge, even after recovery: "
                + bad.stream().limit(3).map(r -> r.describe() + " (" + r.status() + ")")
                        .collect(Collectors.joining("; ")) + (bad.size() > 3 ? "; ..." : ""));
        err.flush();
        return Kinvis.EXIT_INTERNAL;
    }
}
