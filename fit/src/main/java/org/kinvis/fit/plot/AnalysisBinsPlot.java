package org.kinvis.fit.plot;

import java.awt.Color;
import java.util.List;
import java.util.Map;

/**
 * A scenario's prediction folded onto the reco-level analysis bins of the Belle II signal regions, with the data
 * and the workspace's SM background expectation: the view of the reinterpretation (arXiv:2507.12393, Fig. 4
 * style). Per signal region one column: on top the background (filled, its pre-fit uncertainty hatched) with the
 * scenario's signal stacked on it, the SM signal (μ = 1) stacked on the background as a dashed line for
 * comparison, and the data with Garwood error bars; below, the signal yields alone, scenario against SM, where
 * a change of shape shows that the stack hides under the background.
 */
public final class AnalysisBinsPlot {
    private AnalysisBinsPlot() {
    }

    /** Background fill: a light blue that keeps the red signal and the black data readable. */
    static final Color BACKGROUND = new Color(158, 202, 225);
    static final Color SIGNAL = new Color(214, 39, 40);

    /**
     * One signal region, per analysis bin: the SM background expectation and its standard deviation, the SM
     * signal (μ = 1), the scenario's signal (the SM signal times the folded factor) and the observed events.
     */
    public record Region(String channel, double[] background, double[] backgroundError, double[] smSignal,
            double[] signal, double[] data) {
    }

    /**
     * @param scenario legend text of the scenario (markup)
     * @param stage    how the background was obtained, shown in the figure (e.g. "pre-fit background")
     */
    public static Figure figure(String scenario, List<Region> regions, String stage) {
        int nc = regions.size();
        double[] widths = new double[nc];
        double sum = 0;
        for (int c = 0; c < nc; c++) {
            widths[c] = Math.max(regions.get(c).data().length, 4);
            sum += widths[c];
        }
        double left = 84;
        double gap = 62;
        double plotW = 560;
        double legendW = 250;
        double unit = (plotW - gap * (nc - 1)) / sum;
        Figure f = new Figure("analysis-bins", left + plotW + legendW + 10, 546);
        f.note(left, 16, scenario, Style.LABEL_SIZE, 0, 1);
        double x0 = left;
        for (int c = 0; c < nc; c++) {
            Region r = regions.get(c);
            double w = widths[c] * unit;
            Axes main = f.axes("main", x0, 66, w, 290).title(title(r.channel())).tickTargets(3, 5);
            Axes sig = f.axes("signal-panel", x0, 366, w, 120).tickTargets(3, 3);
            main.tickLabels(false, false, true, false);
            sig.tickLabels(true, false, true, false);
            if (c == 0) {
                main.yLabel("events / bin");
                sig.yLabel("signal / bin");
            }
            if (c == nc - 1) {
                sig.xLabel("analysis bin");
            }
            region(main, sig, r);
            x0 += w + gap;
        }
        Axes legend = f.axes("legend", left + plotW + 14, 66, legendW - 10, 420).hidden();
        legend.xLim(0, 1).yLim(0, 1);
        legend.legend().at(Legend.Corner.UPPER_LEFT)
                .add("data", Legend.Handle.errorBar(Color.BLACK, Marker.CIRCLE))
                .add("signal of the scenario", Legend.Handle.patch(SIGNAL, null))
                .add("SM signal (μ = 1)", Legend.Handle.line(Color.BLACK, Style.LINE_WIDTH, Style.DASHED,
                        Marker.NONE))
                .add("SM background", Legend.Handle.patch(BACKGROUND, null))
                .add("background uncertainty", Legend.Handle.hatched(Color.BLACK));
        f.note(left + plotW + 20, 326, stage, Style.TEXT_SIZE, 0, 0.5);
        f.note(left + plotW + 20, 346, "lower panels: signal alone", Style.TEXT_SIZE, 0, 0.5);
        return f;
    }

    /** "ITA, signal region" for the Belle II ITA signal region, else the channel's short title ("HTA"). */
    static String title(String channel) {
        return channel.contains("zoomSR_Y4S") ? "ITA, signal region" : YieldsPlot.channelTitle(channel);
    }

    private static void region(Axes main, Axes sig, Region r) {
        int n = r.data().length;
        double[] edges = new double[n + 1];
        for (int b = 0; b <= n; b++) {
            edges[b] = b;
        }
        double[] xs = new double[n];
        double[] lo = new double[n];
        double[] hi = new double[n];
        double[] withSm = new double[n];
        double max = 0;
        double sigMax = 0;
        for (int b = 0; b < n; b++) {
            double bkg = r.background()[b];
            double e = r.backgroundError()[b];
            double s = r.signal()[b];
            main.add(new Artist.Box(b, b + 1, 0, bkg, BACKGROUND, null, 0, false), "background",
                    Map.of("bin", Integer.toString(b), "yield", Svg.num(bkg)));
            main.add(new Artist.Box(b, b + 1, bkg, bkg + s, SIGNAL, null, 0, false), "scenario-signal",
                    Map.of("bin", Integer.toString(b), "yield", Svg.num(s)));
            main.add(new Artist.Box(b, b + 1, bkg - e, bkg + e, null, new Color(60, 60, 60), 0, true),
                    "background-uncertainty", Map.of("bin", Integer.toString(b), "error", Svg.num(e)));
            withSm[b] = bkg + r.smSignal()[b];
            double[] gw = YieldsPlot.garwood(r.data()[b]);
            xs[b] = b + 0.5;
            lo[b] = gw[0];
            hi[b] = gw[1];
            max = Math.max(max, Math.max(Math.max(bkg + e, bkg + s), Math.max(withSm[b], gw[1])));
            sigMax = Math.max(sigMax, Math.max(s, r.smSignal()[b]));
        }
        main.add(dashed(edges, withSm), "sm-signal");
        main.add(new Artist.Errors(xs, r.data(), null, null, lo, hi, Color.BLACK, Marker.CIRCLE, 6, 1.4), "data");
        main.xLim(0, n).yLim(0, max * 1.12);
        Artist.Line alone = Artist.Line.steps(edges, r.signal(), SIGNAL, Style.LINE_WIDTH);
        sig.add(new Artist.Band(alone.x(), new double[2 * n], alone.y(), withAlpha(SIGNAL, 90)), "signal-fill");
        sig.add(alone, "signal-alone");
        sig.add(dashed(edges, r.smSignal()), "sm-signal-alone");
        sig.xLim(0, n).yLim(0, sigMax > 0 ? sigMax * 1.15 : 1);
    }

    private static Artist.Line dashed(double[] edges, double[] values) {
        Artist.Line st = Artist.Line.steps(edges, values, Color.BLACK, Style.LINE_WIDTH);
        return new Artist.Line(st.x(), st.y(), Color.BLACK, Style.LINE_WIDTH, Style.DASHED, Marker.NONE, 0);
    }

    private static Color withAlpha(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }
}
