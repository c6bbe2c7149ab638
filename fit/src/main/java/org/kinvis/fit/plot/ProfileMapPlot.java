package org.kinvis.fit.plot;

import java.awt.Color;
import java.util.Map;

/**
 * A 2D profile-likelihood scan as a heat map of Δ(−2 ln L) (viridis, capped) with the 1σ and 2σ contours for two
 * parameters, Δ = 2.30 and 6.18 (68.27% and 95.45%, χ² with 2 degrees of freedom), interpolated between the grid
 * points, the best fit marked, and a labelled colour bar.
 */
public final class ProfileMapPlot {
    private ProfileMapPlot() {
    }

    /** Δ(−2 ln L) of the 1σ and 2σ regions of two parameters. */
    public static final double[] LEVELS = {2.295748928898636, 6.180074306244173};

    /** @param delta {@code delta[i][j]} at (xs[i], ys[j]); best (NaN: not marked) */
    public static Figure figure(String xLabel, String yLabel, double[] xs, double[] ys, double[][] delta,
            double bestX, double bestY) {
        Figure f = new Figure("profile2d", 580, 440);
        Axes ax = f.axes("main", 90, 26, 380, 330).xLabel(xLabel).yLabel(yLabel);
        double cap = 0;
        for (double[] row : delta) {
            for (double d : row) {
                if (Double.isFinite(d)) {
                    cap = Math.max(cap, d);
                }
            }
        }
        cap = Math.min(Math.max(cap, 1), 20);
        double[] ex = edges(xs);
        double[] ey = edges(ys);
        Color[][] colors = new Color[xs.length][ys.length];
        for (int i = 0; i < xs.length; i++) {
            for (int j = 0; j < ys.length; j++) {
                colors[i][j] = Double.isFinite(delta[i][j]) ? Colormap.VIRIDIS.at(delta[i][j] / cap) : Color.LIGHT_GRAY;
            }
        }
        ax.xLim(ex[0], ex[ex.length - 1]).yLim(ey[0], ey[ey.length - 1]);
        ax.add(new Artist.Cells(ex, ey, colors), "heatmap", Map.of("cap", Svg.num(cap)));
        String[] cls = {"contour-1sigma", "contour-2sigma"};
        float[][] dash = {null, Style.DASHED};
        for (int l = 0; l < 2; l++) {
            for (double[][] line : Contours.at(xs, ys, delta, LEVELS[l])) {
                ax.add(new Artist.Line(line[0], line[1], Color.WHITE, 2.2, dash[l], Marker.NONE, 0), cls[l],
                        Map.of("delta", Svg.num(LEVELS[l])));
            }
        }
        Legend lg = ax.legend().at(Legend.Corner.UPPER_RIGHT);
        lg.add("68.3% CL (Δ = 2.30)", Legend.Handle.line(Color.WHITE, 2.2, null, Marker.NONE));
        lg.add("95.4% CL (Δ = 6.18)", Legend.Handle.line(Color.WHITE, 2.2, Style.DASHED, Marker.NONE));
        if (Double.isFinite(bestX) && Double.isFinite(bestY)) {
            ax.add(new Artist.Points(new double[] {bestX}, new double[] {bestY}, Marker.STAR, 13, Color.WHITE,
                    Color.BLACK), "best-fit", Map.of("x", Svg.num(bestX), "y", Svg.num(bestY)));
            lg.add("best fit", new Legend.Handle(null, null, false, Color.WHITE, 0, null, Marker.STAR, false));
        }
        lg.textColor(Color.WHITE).background(new Color(30, 30, 30, 190));
        colorBar(f, 488, 26, 16, 330, cap, "Δ(−2 ln L)", Colormap.VIRIDIS);
        return f;
    }

    /** A vertical colour bar from 0 to {@code max}, ticks and label on its right. */
    static Axes colorBar(Figure f, double left, double top, double w, double h, double max, String label,
            Colormap map) {
        return colorBar(f, left, top, w, h, 0, max, label, map);
    }

    static Axes colorBar(Figure f, double left, double top, double w, double h, double min, double max, String label,
            Colormap map) {
        Axes cb = f.axes("colorbar", left, top, w, h).ticks(false, false, false, true)
                .tickLabels(false, false, false, true).yLabel(label).tickTargets(2, 5);
        int n = 128;
        double[] ey = new double[n + 1];
        Color[][] c = new Color[1][n];
        for (int j = 0; j <= n; j++) {
            ey[j] = min + (max - min) * j / n;
        }
        for (int j = 0; j < n; j++) {
            c[0][j] = map.at((j + 0.5) / n);
        }
        cb.xLim(0, 1).yLim(min, max);
        cb.add(new Artist.Cells(new double[] {0, 1}, ey, c), "colorbar-cells");
        return cb;
    }

    /** Cell edges halfway between grid values, extended by half a step at the ends. */
    static double[] edges(double[] v) {
        int n = v.length;
        double[] e = new double[n + 1];
        if (n == 1) {
            return new double[] {v[0] - 0.5, v[0] + 0.5};
        }
        for (int i = 1; i < n; i++) {
            e[i] = 0.5 * (v[i - 1] + v[i]);
        }
        e[0] = v[0] - (e[1] - v[0]);
        e[n] = v[n - 1] + (v[n - 1] - e[n - 1]);
        return e;
    }
}
