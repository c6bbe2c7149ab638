package org.kinvis.fit.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.kinvis.fit.inference.FitRecord;
import org.kinvis.fit.inference.ProfileScan;

/**
 * The points of a profile scan (kinvis scan, reinterpret --scan) as JSON ({@code value, [value2,] twice_nll,
 * delta_twice_nll, converged, status, recovery}) and as a text table with a header row.
 */
final class ScanView {
    private ScanView() {
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
