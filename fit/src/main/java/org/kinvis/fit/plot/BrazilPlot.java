package org.kinvis.fit.plot;

import java.awt.Color;
import java.util.Map;

/**
 * CLs against the parameter of interest as pyhf's {@code brazil.plot_results} and cabinetry draw it: the
 * expected CLs band (green ±1σ, yellow ±2σ, filled), the expected median dashed black, the observed CLs solid
 * black with markers, the CLs = 1 − CL threshold in red, and the observed and expected upper limits marked where
 * the curves cross it.
 *
 * <p>Band order: {@link org.kinvis.fit.inference.AsymptoticCls} gives the expected CLs at the background-only
 * test statistic n = +2, +1, 0, −1, −2 (pyhf's order). n = +2 is the lowest CLs curve: it crosses the threshold
 * first and gives the −2σ limit; n = −2 gives the +2σ limit. The ±2σ band lies between curves 0 and 4, ±1σ between
 * 1 and 3, whatever their names.
 */
public final class BrazilPlot {
    /** The method of {@code kinvis limit}'s default: asymptotic CLs with q̃μ. */
    public static final String ASYMPTOTIC_QTILDE = "asymptotic CL_{s}, q̃_{μ}";

    private BrazilPlot() {
    }

    /** The figure of asymptotic q̃μ CLs ({@link #ASYMPTOTIC_QTILDE}). */
    public static Figure figure(String poiLabel, double[] mu, double[] observed, double[][] expected, double cl,
            double observedLimit, double[] expectedLimits) {
        return figure(poiLabel, mu, observed, expected, cl, observedLimit, expectedLimits, ASYMPTOTIC_QTILDE);
    }

    /**
     * @param expected       expected CLs curves, {@code expected[k][i]} at {@code mu[i]}, k in pyhf's order
     * @param observedLimit  the observed upper limit (+∞: none within the bounds)
     * @param expectedLimits the expected limits −2σ, −1σ, median, +1σ, +2σ
     * @param method         how CLs was computed (markup; test statistics as kinvis writes them in text, q̃μ,
     *                       are set with their subscript), shown with the limits
     */
    public static Figure figure(String poiLabel, double[] mu, double[] observed, double[][] expected, double cl,
            double observedLimit, double[] expectedLimits, String method) {
        Figure f = ProfilePlot.page("brazil");
        Axes ax = ProfilePlot.main(f).xLabel(poiLabel).yLabel("CL_{s}");
        double alpha = 1 - cl;
        ax.xLim(mu[0], mu[mu.length - 1]).yLim(0, 1.08);
        ax.add(new Artist.Band(mu, expected[0], expected[4], Style.YELLOW), "band-2sigma");
        ax.add(new Artist.Band(mu, expected[1], expected[3], Style.GREEN), "band-1sigma");
        ax.add(new Artist.Line(mu, expected[2], Color.BLACK, Style.LINE_WIDTH, Style.DASHED, Marker.NONE, 0),
                "expected");
        ax.add(Artist.Rule.horizontal(alpha, Style.RED, 1.6, null), "threshold", Map.of("cls", Svg.num(alpha)));
        ax.add(new Artist.Line(mu, observed, Color.BLACK, Style.LINE_WIDTH, null, Marker.CIRCLE, 6.5), "observed");
        if (Double.isFinite(expectedLimits[2])) {
            ax.add(new Artist.Rule(expectedLimits[2], 0, expectedLimits[2], alpha, Color.BLACK, 1.3, Style.DASHED),
                    "expected-limit", Map.of("value", Svg.num(expectedLimits[2])));
        }
        if (Double.isFinite(observedLimit)) {
            ax.add(new Artist.Rule(observedLimit, 0, observedLimit, alpha, Color.BLACK, 1.5, null), "observed-limit",
                    Map.of("value", Svg.num(observedLimit)));
            ax.add(new Artist.Points(new double[] {observedLimit}, new double[] {alpha}, Marker.DIAMOND, 11,
                    Style.RED, Color.BLACK), "observed-limit-marker", Map.of("value", Svg.num(observedLimit)));
        }
        String pct = Ticks.compact(100 * cl, 4) + "%";
        ax.legend().at(Legend.Corner.UPPER_RIGHT)
                .add("observed CL_{s}", Legend.Handle.line(Color.BLACK, Style.LINE_WIDTH, null, Marker.CIRCLE))
                .add("expected CL_{s} (median)", Legend.Handle.line(Color.BLACK, Style.LINE_WIDTH, Style.DASHED,
                        Marker.NONE))
                .add("expected ±1σ", Legend.Handle.patch(Style.GREEN, null))
                .add("expected ±2σ", Legend.Handle.patch(Style.YELLOW, null))
                .add("CL_{s} = " + Ticks.compact(alpha, 4) + " (" + pct + " CL)",
                        Legend.Handle.line(Style.RED, 1.6, null, Marker.NONE));
        String exp = Double.isFinite(expectedLimits[3]) ? poiLabel + " < " + Ticks.withErrors(expectedLimits[2],
                expectedLimits[2] - expectedLimits[1], expectedLimits[3] - expectedLimits[2])
                : Double.isFinite(expectedLimits[2]) ? poiLabel + " < " + Ticks.compact(expectedLimits[2], 3)
                : "none in range";
        String obs = Double.isFinite(observedLimit) ? poiLabel + " < " + Ticks.compact(observedLimit, 3)
                : "none in range";
        ax.add(Artist.Note.at(0.97, 0.50, pct + " CL upper limit (" + Labels.statistics(method) + ")", 1, 0.5), "limit-text");
        ax.add(Artist.Note.at(0.97, 0.42, "observed: " + obs, 1, 0.5), "limit-text");
        ax.add(Artist.Note.at(0.97, 0.34, "expected: " + exp, 1, 0.5), "limit-text");
        return f;
    }
}
