package org.kinvis.fit.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import java.util.Map;
import org.kinvis.fit.inference.FitRecord;
import org.kinvis.fit.inference.ProfileScan;
import org.kinvis.host.input.JsonInput;

/**
 * Profile scans as the command line shows them. {@code kinvis scan}: JSON {@code poi, [poi2,] fixed, converged,
 * points, bestfit, seconds}; each point (also of reinterpret --scan) {@code value, [value2,] twice_nll,
 * delta_twice_nll, converged, status, recovery}; the text a table with a header row.
 */
final class ScanView {
    private ScanView() {
    }

    /** A 1D scan of {@code kinvis scan}; the best fit with its error and bound flags. */
    static Rendered scan(ProfileScan.Result r, Map<String, Double> fixed, double seconds, String backend) {
        String par = r.parameter();
        ObjectNode result = JsonInput.mapper().createObjectNode();
        result.put("poi", par);
        ScanCommand.putFixed(result, fixed);
        result.put("converged", r.valid());
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "profile scan of %s (%d points, %.3f s,"
                + " backend %s)%n", par, r.points().size(), seconds, backend));
        text.append(points(result.putArray("points"), r));
        int k = r.bestfit().indexOf(par);
        ObjectNode best = result.putObject("bestfit");
        FitJson.putFinite(best, "value", r.bestfit().value(par));
        FitJson.putFinite(best, "error", r.bestfit().error(par));
        FitJson.state(best, r.bestfit());
        best.put("at_lower_limit", r.bestfit().atLimit()[k] < 0);
        best.put("at_upper_limit", r.bestfit().atLimit()[k] > 0);
        best.put("freed", r.freed());
        result.put("seconds", seconds);
        text.append(String.format(Locale.ROOT, "best fit %s = %.5g ± %.5g, twice_nll = %.8f%s%n", par,
                r.bestfit().value(par), r.bestfit().error(par), r.bestfit().fval(),
                r.bestfit().valid() ? "" : "  (not converged)"));
        if (!fixed.isEmpty()) {
            text.append("fixed: ").append(fixed).append('\n');
        }
        return new Rendered(result, text.toString());
    }

    /** A 2D scan of {@code kinvis scan}. */
    static Rendered scan2d(ProfileScan.Result2 r, Map<String, Double> fixed, double seconds) {
        ObjectNode result = JsonInput.mapper().createObjectNode();
        result.put("poi", r.parameterX());
        result.put("poi2", r.parameterY());
        ScanCommand.putFixed(result, fixed);
        result.put("converged", r.valid());
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "2D profile scan of %s × %s%n",
                r.parameterX(), r.parameterY()));
        text.append(points2d(result.putArray("points"), r, 5.99, "outside the 95% CL region (2 dof)"));
        ObjectNode best = result.putObject("bestfit");
        best.put("value", r.bestfit().value(r.parameterX()));
        best.put("value2", r.bestfit().value(r.parameterY()));
        FitJson.state(best, r.bestfit());
        best.put("freed", r.freed());
        result.put("seconds", seconds);
        return new Rendered(result, text.toString());
    }

    /** Δ(−2 ln L) of a 2D scan as a matrix [x][y] ({@code ny} values of y), for the heat map. */
    static double[][] deltas(ProfileScan.Result2 r, int ny) {
        double[][] d = new double[r.points().size() / ny][ny];
        for (int i = 0; i < r.points().size(); i++) {
            d[i / ny][i % ny] = r.points().get(i).deltaTwiceNll();
        }
        return d;
    }

    /** The points of a 1D scan into {@code points}; returns their table. */
    static String points(ArrayNode points, ProfileScan.Result r) {
        Table t = Table.numeric(r.parameter(), "twice_nll", "Δ(−2 ln L)");
        for (ProfileScan.Point p : r.points()) {
            ObjectNode o = points.addObject();
            o.put("value", p.value());
            FitJson.putFinite(o, "twice_nll", p.twiceNll());
            FitJson.putFinite(o, "delta_twice_nll", p.deltaTwiceNll());
            fit(o, p.fit());
            t.noted(p.valid() ? "" : "(not converged)", Table.num(p.value()), Table.fixed(p.twiceNll(), 6),
                    Table.fixed(p.deltaTwiceNll(), 6));
        }
        return t.toString();
    }

    /**
     * The points of a 2D scan into {@code points}; returns their table, rows with Δ above {@code above} noted
     * with {@code note}.
     */
    static String points2d(ArrayNode points, ProfileScan.Result2 r, double above, String note) {
        Table t = Table.numeric(r.parameterX(), r.parameterY(), "Δ(−2 ln L)");
        for (ProfileScan.Point2 p : r.points()) {
            ObjectNode o = points.addObject();
            o.put("value", p.x());
            o.put("value2", p.y());
            FitJson.putFinite(o, "twice_nll", p.twiceNll());
            FitJson.putFinite(o, "delta_twice_nll", p.deltaTwiceNll());
            fit(o, p.fit());
            t.noted(!p.valid() ? "(not converged)" : p.deltaTwiceNll() > above ? note : "", Table.num(p.x()),
                    Table.num(p.y()), Table.fixed(p.deltaTwiceNll(), 6));
        }
        return t.toString();
    }

    /** A point's fit state. */
    private static void fit(ObjectNode o, FitRecord f) {
        o.put("converged", f.valid());
        o.put("status", f.status());
        o.put("recovery", f.recovery());
    }
}
