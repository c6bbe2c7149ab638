package org.kinvis.fit.plot;

import java.awt.Color;
import java.util.Map;

/**
 * A 1D profile-likelihood scan: Δ(−2 ln L) against the parameter, points joined, the 1σ and 2σ levels
 * (Δ = 1, 4) and the best fit marked.
 */
public final class ProfilePlot {
    private ProfilePlot() {
    }

    /** Standard single-panel page: 520 × 420 pt. */
    static Figure page(String kind) {
        return new Figure(kind, 520, 400);
    }

    static Axes main(Figure f) {
        return f.axes("main", 84, 26, 416, 316);
    }

    /** @param best the best-fit value of the parameter (NaN: not marked) */
    public static Figure figure(String xLabel, double[] x, double[] delta, double best) {
        Figure f = page("profile");
        Axes ax = main(f).xLabel(xLabel).yLabel("Δ(−2 ln L)");
        double top = 0;
        for (double d : delta) {
            if (Double.isFinite(d)) {
                top = Math.max(top, d);
            }
        }
        top = Math.max(top, 5) * 1.12;
        ax.xLim(x[0], x[x.length - 1]).yLim(0, top);
        for (double[] lvl : new double[][] {{1, 1}, {4, 2}}) {
            ax.add(Artist.Rule.horizontal(lvl[0], Style.GREY, 1.3, Style.DASHED), "level",
                    Map.of("delta", Svg.num(lvl[0])));
            double xr = x[0] + 0.985 * (x[x.length - 1] - x[0]);
            ax.add(new Artist.Note(xr, lvl[0], false, (int) lvl[1] + "σ", Style.TEXT_SIZE, Style.GREY, 1, -0.3, 0),
                    "level-label");
        }
        ax.add(new Artist.Line(x, delta, Color.BLACK, Style.LINE_WIDTH, null, Marker.CIRCLE, 6), "profile");
        if (Double.isFinite(best)) {
            ax.add(Artist.Rule.vertical(best, Style.BLUE, 1.3, Style.DOTTED), "best-fit",
                    Map.of("value", Svg.num(best)));
        }
        Legend lg = ax.legend().at(Legend.Corner.UPPER_LEFT);
        lg.add("profile likelihood", Legend.Handle.line(Color.BLACK, Style.LINE_WIDTH, null, Marker.CIRCLE));
        if (Double.isFinite(best)) {
            lg.add("best fit " + xLabel + " = " + Ticks.onScale(best, x[x.length - 1] - x[0]),
                    Legend.Handle.line(Style.BLUE, 1.3, Style.DOTTED, Marker.NONE));
        }
        return f;
    }
}
