package org.kinvis.fit.plot;

import java.awt.Color;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kinvis.fit.inference.GoodnessOfFit;

/**
 * The per-bin pulls of {@code kinvis gof}: one panel per channel, each bin's pull (n − ν̂)/√(ν̂ + σ_ν̂²) as a bar on
 * green ±1 and yellow ±2 bands, the deviance residuals as open markers, and the saturated-model test in the title.
 */
public final class GofPlot {
    private GofPlot() {
    }

    public static Figure figure(GoodnessOfFit.Result gof) {
        Map<String, List<GoodnessOfFit.Bin>> channels = new LinkedHashMap<>();
        for (GoodnessOfFit.Bin b : gof.perBin()) {
            channels.computeIfAbsent(b.channel(), k -> new ArrayList<>()).add(b);
        }
        double range = 3;
        for (GoodnessOfFit.Bin b : gof.perBin()) {
            range = Math.max(range, Math.ceil(Math.max(Math.abs(b.pull()), Math.abs(b.deviance())) + 0.3));
        }
        int nc = channels.size();
        double sum = 0;
        for (List<GoodnessOfFit.Bin> bins : channels.values()) {
            sum += Math.max(bins.size(), 3);
        }
        double left = 80;
        double gap = 40;
        double plotW = 900;
        double unit = (plotW - gap * (nc - 1)) / sum;
        Figure f = new Figure("gof", left + plotW + 20, 420);
        double x0 = left;
        int c = 0;
        for (Map.Entry<String, List<GoodnessOfFit.Bin>> e : channels.entrySet()) {
            List<GoodnessOfFit.Bin> bins = e.getValue();
            int n = bins.size();
            double w = Math.max(n, 3) * unit;
            Axes ax = f.axes("main", x0, 60, w, 300).title(YieldsPlot.channelTitle(e.getKey())).tickTargets(3, 6);
            ax.xLim(0, n).yLim(-range, range);
            ax.tickLabels(true, false, c == 0, false);
            if (c == 0) {
                ax.yLabel("pull");
            }
            if (c == nc - 1) {
                ax.xLabel("bin");
            }
            ax.add(new Artist.Box(0, n, -2, 2, Style.YELLOW, null, 0, false), "band-2sigma");
            ax.add(new Artist.Box(0, n, -1, 1, Style.GREEN, null, 0, false), "band-1sigma");
            ax.add(Artist.Rule.horizontal(0, Color.BLACK, 1.0, Style.DASHED), "zero");
            double[] xs = new double[n];
            double[] dev = new double[n];
            for (int i = 0; i < n; i++) {
                GoodnessOfFit.Bin b = bins.get(i);
                ax.add(new Artist.Box(i + 0.2, i + 0.8, Math.min(0, b.pull()), Math.max(0, b.pull()), Style.BLUE,
                        Color.BLACK, 0.8, false), "pull", Map.of("bin", Integer.toString(i), "pull", Svg.num(b.pull()),
                                "deviance", Svg.num(b.deviance())));
                xs[i] = i + 0.5;
                dev[i] = b.deviance();
            }
            ax.add(new Artist.Points(xs, dev, Marker.CIRCLE, 6, Color.WHITE, Color.BLACK), "deviance");
            x0 += w + gap;
            c++;
        }
        f.note(left, 24, String.format(java.util.Locale.ROOT,
                "saturated-model test: −2 ln λ = %.2f, ndof = %d, p = %.3g;  bars: (n − ν̂)/√(ν̂ + σ²), "
                        + "circles: deviance residuals", gof.statistic(), gof.ndof(), gof.pvalue()),
                Style.TEXT_SIZE, 0, 0.5);
        return f;
    }
}
