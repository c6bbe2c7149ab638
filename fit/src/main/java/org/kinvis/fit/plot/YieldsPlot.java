package org.kinvis.fit.plot;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.math3.distribution.GammaDistribution;
import org.kinvis.fit.inference.Yields;

/**
 * Pre- or post-fit yields per channel as cabinetry's {@code visualize.data_mc}: the samples stacked (largest
 * total at the bottom), the model uncertainty as a hatched band, data as points with Poisson (Garwood, 68.3%
 * central) error bars, and a ratio panel data / model with the model's relative uncertainty. One column per
 * channel, its width following its number of bins; one legend for all.
 */
public final class YieldsPlot {
    private YieldsPlot() {
    }

    /** The Garwood interval {lower, upper} of a Poisson count n: Γ quantiles, 68.27% central. */
    public static double[] garwood(double n) {
        double a = 0.5 * (1 - 0.682689492137086);
        double lo = n > 0 ? new GammaDistribution(n, 1).inverseCumulativeProbability(a) : 0;
        double hi = new GammaDistribution(n + 1, 1).inverseCumulativeProbability(1 - a);
        return new double[] {lo, hi};
    }

    /** Background colours: matplotlib's tab10 without its red, then tab20's lighter tones. */
    static final Color[] PALETTE = {Style.CYCLE[0], Style.CYCLE[1], Style.CYCLE[2], Style.CYCLE[4], Style.CYCLE[5],
        Style.CYCLE[6], Style.CYCLE[7], Style.CYCLE[8], Style.CYCLE[9], new Color(174, 199, 232),
        new Color(255, 187, 120), new Color(152, 223, 138), new Color(197, 176, 213), new Color(196, 156, 148)};

    /** Colour of sample s (its index in the model): signal samples red, the others from the palette. */
    static Color sampleColor(String name, int s) {
        String l = name.toLowerCase(java.util.Locale.ROOT);
        if (l.startsWith("signal") || l.startsWith("sgn")) {
            return new Color(214, 39, 40);
        }
        return PALETTE[s % PALETTE.length];
    }

    /** A short title of a Belle II channel name ("A: SR, Υ(4S)", "HTA" for sgn1_had), else the name. */
    static String channelTitle(String name) {
        if (name.equals("sgn1_had")) {
            return "HTA";
        }
        String tag = name.contains("__") ? name.substring(0, name.indexOf("__")) : "";
        List<String> parts = new ArrayList<>();
        if (name.contains("zoomSR")) {
            parts.add("SR");
        } else if (name.contains("zoomCR")) {
            parts.add("CR");
        }
        if (name.contains("Y4S")) {
            parts.add("Υ(4S)");
        } else if (name.contains("offres")) {
            parts.add("off-res.");
        }
        if (!tag.isEmpty() && !parts.isEmpty()) {
            return MathText.escape(tag) + ": " + String.join(", ", parts);
        }
        return MathText.escape(name.length() > 22 ? name.substring(0, 21) + "…" : name);
    }

    /** @param stage "pre-fit" or "post-fit" (shown in the figure) */
    public static Figure figure(Yields y, String stage) {
        int nc = y.channels().size();
        double[] widths = new double[nc];
        double sum = 0;
        for (int c = 0; c < nc; c++) {
            widths[c] = Math.max(y.channels().get(c).total().length, 3);
            sum += widths[c];
        }
        double gap = 52;
        double left = 80;
        double plotW = 880;
        double legendW = 190;
        double unit = (plotW - gap * (nc - 1)) / sum;
        Figure f = new Figure("yields", left + plotW + legendW + 10, 520);
        int nSamples = y.samples().size();
        double[] sampleTotal = new double[nSamples];
        for (Yields.Channel ch : y.channels()) {
            for (int s = 0; s < nSamples; s++) {
                for (double v : ch.yields()[s]) {
                    sampleTotal[s] += v;
                }
            }
        }
        Integer[] order = new Integer[nSamples];
        for (int s = 0; s < nSamples; s++) {
            order[s] = s;
        }
        // largest at the bottom of the stack
        java.util.Arrays.sort(order, (a, b) -> Double.compare(sampleTotal[b], sampleTotal[a]));
        double x0 = left;
        for (int c = 0; c < nc; c++) {
            Yields.Channel ch = y.channels().get(c);
            double w = widths[c] * unit;
            Axes main = f.axes("main", x0, 40, w, 300).title(channelTitle(ch.name())).tickTargets(3, 5);
            Axes ratio = f.axes("ratio", x0, 350, w, 110).tickTargets(3, 3);
            // every channel has its own scale: every panel is labelled
            main.tickLabels(false, false, true, false);
            ratio.tickLabels(true, false, true, false);
            if (c == 0) {
                main.yLabel("events / bin");
                ratio.yLabel("data / model");
            }
            if (c == nc - 1) {
                ratio.xLabel("bin");
            }
            channel(main, ratio, ch, order, y.samples());
            x0 += w + gap;
        }
        Axes legend = f.axes("legend", left + plotW + 14, 40, legendW - 10, 300).hidden();
        legend.xLim(0, 1).yLim(0, 1);
        Legend lg = legend.legend().at(Legend.Corner.UPPER_LEFT);
        lg.add("data", Legend.Handle.errorBar(Color.BLACK, Marker.CIRCLE));
        for (int k = nSamples - 1; k >= 0; k--) {
            int s = order[k];
            lg.add(MathText.escape(y.samples().get(s)), Legend.Handle.patch(sampleColor(y.samples().get(s), s), null));
        }
        lg.add("model uncertainty", Legend.Handle.hatched(Color.BLACK));
        f.note(left + plotW + 20, 390, stage, Style.LABEL_SIZE, 0, 0.5);
        return f;
    }

    private static void channel(Axes main, Axes ratio, Yields.Channel ch, Integer[] order, List<String> samples) {
        int n = ch.total().length;
        double max = 0;
        for (int b = 0; b < n; b++) {
            max = Math.max(max, Math.max(ch.total()[b] + ch.totalError()[b], garwood(ch.data()[b])[1]));
        }
        main.xLim(0, n).yLim(0, max * 1.15);
        ratio.xLim(0, n);
        double[] base = new double[n];
        for (int s : order) {
            for (int b = 0; b < n; b++) {
                double v = ch.yields()[s][b];
                if (v > 0) {
                    main.add(new Artist.Box(b, b + 1, base[b], base[b] + v, sampleColor(samples.get(s), s), null, 0,
                            false), "sample", Map.of("sample", samples.get(s), "bin", Integer.toString(b),
                                    "yield", Svg.num(v)));
                }
                base[b] += v;
            }
        }
        double[] xs = new double[n];
        double[] lo = new double[n];
        double[] hi = new double[n];
        double[] r = new double[n];
        double[] rlo = new double[n];
        double[] rhi = new double[n];
        // the ratio axis spans the points and the model band; error bars of bins with few events extend it by at
        // most half that span (and are clipped beyond), so one empty bin does not flatten the others
        double rmin = 1;
        double rmax = 1;
        double barMin = 1;
        double barMax = 1;
        for (int b = 0; b < n; b++) {
            double t = ch.total()[b];
            double e = ch.totalError()[b];
            main.add(new Artist.Line(new double[] {b, b + 1}, new double[] {t, t}, Color.BLACK, 1.2, null,
                    Marker.NONE, 0), "total");
            main.add(new Artist.Box(b, b + 1, t - e, t + e, null, new Color(60, 60, 60), 0, true), "uncertainty",
                    Map.of("bin", Integer.toString(b), "total", Svg.num(t), "error", Svg.num(e)));
            if (t > 0) {
                ratio.add(new Artist.Box(b, b + 1, 1 - e / t, 1 + e / t, null, new Color(60, 60, 60), 0, true),
                        "uncertainty");
            }
            double[] gw = garwood(ch.data()[b]);
            xs[b] = b + 0.5;
            lo[b] = gw[0];
            hi[b] = gw[1];
            r[b] = t > 0 ? ch.data()[b] / t : Double.NaN;
            rlo[b] = t > 0 ? gw[0] / t : Double.NaN;
            rhi[b] = t > 0 ? gw[1] / t : Double.NaN;
            if (t > 0) {
                rmin = Math.min(rmin, Math.min(r[b], 1 - e / t));
                rmax = Math.max(rmax, Math.max(r[b], 1 + e / t));
                barMin = Math.min(barMin, rlo[b]);
                barMax = Math.max(barMax, rhi[b]);
            }
        }
        double span = rmax - rmin;
        double shownLo = Math.min(rmin, Math.max(barMin, rmin - 0.5 * span));
        double shownHi = Math.max(rmax, Math.min(barMax, rmax + 0.5 * span));
        double pad = 0.08 * (shownHi - shownLo);
        ratio.yLim(Math.max(0, shownLo - pad), shownHi + pad);
        ratio.add(Artist.Rule.horizontal(1, Color.BLACK, 1.0, Style.DASHED), "unity");
        main.add(new Artist.Errors(xs, ch.data(), null, null, lo, hi, Color.BLACK, Marker.CIRCLE, 6, 1.4), "data");
        ratio.add(new Artist.Errors(xs, r, null, null, rlo, rhi, Color.BLACK, Marker.CIRCLE, 6, 1.4), "data-ratio");
    }
}
