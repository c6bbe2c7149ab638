package org.kinvis.fit.plot;

import java.awt.Color;
import java.util.Map;

/**
 * Upper limits against a scanned parameter (a raster scan, e.g. a coupling against the mass of a new particle):
 * expected median dashed black in green ±1σ and yellow ±2σ bands, observed solid black with markers, on a log
 * axis. Optionally a second panel with the same limits in physical units, BR(B⁺ → K⁺X)·BR(X → inv), with the
 * best-fit branching ratios and the SM BR(B⁺ → K⁺νν̄) for scale. Limits beyond the parameter's bound (not
 * excluded) are drawn at the bound, the top of the panel.
 */
public final class LimitBandPlot {
    private LimitBandPlot() {
    }

    /**
     * One panel's numbers.
     *
     * @param observed observed limit per x (+∞ or NaN: none)
     * @param expected per x the expected limits −2σ, −1σ, median, +1σ, +2σ
     * @param bestFit  per x the best-fit value (NaN or ≤ 0: not drawn), or null
     * @param bound    the largest value the panel shows (the parameter's upper bound), +∞ for none
     */
    public record Limits(String yLabel, double[] observed, double[][] expected, double[] bestFit, double bound) {
    }

    /**
     * @param physical the same limits as BR(B → K X)·BR(X → inv), or null
     * @param smBr     the SM BR(B⁺ → K⁺νν̄) drawn in the physical panel for scale (NaN: not drawn)
     */
    public static Figure figure(String xLabel, double[] xs, Limits coupling, Limits physical, double smBr,
            double cl) {
        boolean two = physical != null;
        Figure f = new Figure("limits", 540, two ? 640 : 420);
        Axes top = f.axes("coupling", 90, 26, 426, two ? 250 : 316);
        String pct = Ticks.compact(100 * cl, 4) + "% CL";
        panel(top, xs, coupling, pct, true);
        top.xLabel(two ? "" : xLabel);
        if (two) {
            top.tickLabels(false, false, true, false);
            Axes bottom = f.axes("physical", 90, 300, 426, 250);
            panel(bottom, xs, physical, pct, false);
            bottom.xLabel(xLabel);
            if (Double.isFinite(smBr)) {
                bottom.add(Artist.Rule.horizontal(smBr, Style.GREY, 1.4, Style.DOTTED), "sm",
                        Map.of("value", Svg.num(smBr)));
                bottom.legend().add("SM BR(B^{+} → K^{+}νν̄)", Legend.Handle.line(Style.GREY, 1.4, Style.DOTTED,
                        Marker.NONE));
            }
        }
        return f;
    }

    private static void panel(Axes ax, double[] xs, Limits l, String pct, boolean bands) {
        int n = xs.length;
        double[][] e = new double[5][n];
        double[] o = new double[n];
        double lo = Double.POSITIVE_INFINITY;
        double hi = 0;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 5; k++) {
                e[k][i] = clip(l.expected()[i][k], l.bound());
                lo = Math.min(lo, e[k][i] > 0 ? e[k][i] : lo);
                hi = Math.max(hi, Double.isFinite(e[k][i]) ? e[k][i] : 0);
            }
            o[i] = clip(l.observed()[i], l.bound());
            if (o[i] > 0 && Double.isFinite(o[i])) {
                lo = Math.min(lo, o[i]);
                hi = Math.max(hi, o[i]);
            }
        }
        if (!(hi > 0)) {
            lo = 1e-3;
            hi = 1;
        }
        ax.yLog().xLim(xs[0], xs[n - 1]).yLim(lo / 3, Math.max(hi * 8, lo * 10)).yLabel(l.yLabel());
        ax.add(new Artist.Band(xs, e[0], e[4], Style.YELLOW), "band-2sigma");
        ax.add(new Artist.Band(xs, e[1], e[3], Style.GREEN), "band-1sigma");
        ax.add(new Artist.Line(xs, e[2], Color.BLACK, Style.LINE_WIDTH, Style.DASHED, Marker.NONE, 0), "expected");
        ax.add(new Artist.Line(xs, o, Color.BLACK, Style.LINE_WIDTH, null, Marker.CIRCLE, 6), "observed");
        Legend lg = ax.legend().at(Legend.Corner.UPPER_LEFT);
        if (bands) {
            lg.add("observed " + pct + " upper limit", Legend.Handle.line(Color.BLACK, Style.LINE_WIDTH, null,
                        Marker.CIRCLE))
                .add("expected (median)", Legend.Handle.line(Color.BLACK, Style.LINE_WIDTH, Style.DASHED,
                        Marker.NONE))
                .add("expected ±1σ", Legend.Handle.patch(Style.GREEN, null))
                .add("expected ±2σ", Legend.Handle.patch(Style.YELLOW, null));
        }
        if (l.bestFit() != null) {
            double[] b = new double[n];
            boolean any = false;
            for (int i = 0; i < n; i++) {
                b[i] = l.bestFit()[i] > 0 ? l.bestFit()[i] : Double.NaN;
                any |= b[i] > 0;
            }
            if (any) {
                ax.add(new Artist.Points(xs, b, Marker.CIRCLE, 7, Style.RED, null), "best-fit");
                lg.add("best fit", Legend.Handle.marker(Style.RED, Marker.CIRCLE));
            }
        }
    }

    private static double clip(double v, double bound) {
        return Double.isNaN(v) || v > bound ? bound : v;
    }
}
