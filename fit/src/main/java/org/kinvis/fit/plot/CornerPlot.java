package org.kinvis.fit.plot;

import java.awt.Color;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Corner plot of posterior samples as corner.py draws it: step histograms on the diagonal with the 16/50/84%
 * quantiles dashed and a title "μ = 4.62_{−1.32}^{+1.31}", 2D histograms below with the 1σ and 2σ credible
 * contours (the smallest regions holding 1 − exp(−k²/2) of the 2D mass, k = 1, 2: 39.3% and 86.5%, from the
 * histogram smoothed by one bin), the upper triangle empty, optional reference values (truth or MLE) as blue
 * lines and points.
 */
public final class CornerPlot {
    private CornerPlot() {
    }

    static final int BINS_1D = 30;
    static final int BINS_2D = 20;

    /** Credible-mass levels of the contours: 1 − exp(−k²/2) for k = 1, 2. */
    public static final double[] LEVELS = {1 - Math.exp(-0.5), 1 - Math.exp(-2)};

    /**
     * @param labels    axis labels (markup), one per column
     * @param columns   {@code columns[p][s]}: sample s of parameter p
     * @param reference a value per parameter to mark (NaN: none), or null
     * @param refLabel  legend text of the reference values (e.g. "MLE")
     */
    public static Figure figure(List<String> labels, double[][] columns, double[] reference, String refLabel) {
        int k = columns.length;
        double panel = k == 1 ? 320 : k <= 3 ? 170 : k <= 5 ? 135 : 110;
        double gap = 6;
        double left = 84;
        double top = 40;
        double size = k * panel + (k - 1) * gap;
        Figure f = new Figure("corner", left + size + 24, top + size + 70);
        double[][] range = new double[k][];
        double[][] q = new double[k][];
        for (int p = 0; p < k; p++) {
            double[] s = columns[p].clone();
            Arrays.sort(s);
            q[p] = new double[] {quantile(s, 0.16), quantile(s, 0.5), quantile(s, 0.84)};
            double lo = s[0];
            double hi = s[s.length - 1];
            if (!(hi > lo)) {
                lo -= 0.5;
                hi += 0.5;
            }
            range[p] = new double[] {lo, hi};
        }
        for (int r = 0; r < k; r++) {
            for (int c = 0; c <= r; c++) {
                Axes ax = f.axes(r == c ? "diagonal" : "pair", left + c * (panel + gap), top + r * (panel + gap), panel,
                        panel);
                ax.tickTargets(4, 4);
                boolean bottomRow = r == k - 1;
                boolean firstCol = c == 0 && r > 0;
                ax.tickLabels(bottomRow, false, firstCol, false);
                if (bottomRow) {
                    ax.xLabel(labels.get(c)).fitLabels();
                }
                if (firstCol) {
                    ax.yLabel(labels.get(r)).fitLabels();
                }
                ax.xLim(range[c][0], range[c][1]);
                if (r == c) {
                    diagonal(ax, columns[c], range[c], q[c], labels.get(c));
                    if (reference != null && Double.isFinite(reference[c])) {
                        ax.add(Artist.Rule.vertical(reference[c], Style.BLUE, 1.5, null), "reference",
                                Map.of("value", Svg.num(reference[c])));
                    }
                } else {
                    ax.yLim(range[r][0], range[r][1]);
                    pair(ax, columns[c], columns[r], range[c], range[r]);
                    if (reference != null && Double.isFinite(reference[c]) && Double.isFinite(reference[r])) {
                        ax.add(Artist.Rule.vertical(reference[c], Style.BLUE, 1.2, null), "reference");
                        ax.add(Artist.Rule.horizontal(reference[r], Style.BLUE, 1.2, null), "reference");
                        ax.add(new Artist.Points(new double[] {reference[c]}, new double[] {reference[r]},
                                Marker.SQUARE, 7, Style.BLUE, null), "reference-point");
                    }
                }
            }
        }
        double legendX = left + (k == 1 ? panel * 0.98 : size);
        double legendY = top + 6;
        if (k > 1) {
            f.note(legendX, legendY, "─ ─ 16%, 50%, 84% quantiles", Style.TEXT_SIZE, 1, 1);
            f.note(legendX, legendY + 18, "2D: 39.3% and 86.5% credible regions (1σ, 2σ)", Style.TEXT_SIZE, 1, 1);
            if (reference != null) {
                f.note(legendX, legendY + 36, "blue: " + refLabel, Style.TEXT_SIZE, 1, 1);
            }
        }
        return f;
    }

    private static void diagonal(Axes ax, double[] s, double[] range, double[] q, String label) {
        double[] edges = edges(range, BINS_1D);
        double[] h = new double[BINS_1D];
        for (double v : s) {
            h[bin(v, range, BINS_1D)]++;
        }
        double max = 0;
        for (int i = 0; i < h.length; i++) {
            h[i] /= s.length;
            max = Math.max(max, h[i]);
        }
        ax.yLim(0, max * 1.12).noMinorY().ticks(true, true, false, false);
        ax.add(Artist.Line.steps(edges, h, Color.BLACK, 1.6), "histogram");
        for (int i = 0; i < 3; i++) {
            ax.add(Artist.Rule.vertical(q[i], Color.BLACK, 1.1, Style.DASHED), "quantile",
                    Map.of("q", i == 0 ? "0.16" : i == 1 ? "0.5" : "0.84", "value", Svg.num(q[i])));
        }
        ax.title(title(label, q)).fitTitle();
    }

    /** corner.py's title: "label = median_{−(q50−q16)}^{+(q84−q50)}" with two significant digits of the errors. */
    static String title(String label, double[] q) {
        double lo = q[1] - q[0];
        double hi = q[2] - q[1];
        double err = Math.min(lo, hi);
        double mag = Math.max(Math.abs(q[1]), Math.max(lo, hi));
        if (mag != 0 && (mag >= 1e5 || mag < 1e-3)) {
            int e = (int) Math.floor(Math.log10(mag));
            double s = Math.pow(10, e);
            int d = err > 0 ? Math.max(0, 1 - (int) Math.floor(Math.log10(err / s))) : 2;
            return label + " = (" + Ticks.format(q[1] / s, d) + "_{−" + Ticks.format(lo / s, d) + "}^{+"
                    + Ticks.format(hi / s, d) + "})×" + Ticks.decade(e);
        }
        return label + " = " + Ticks.withErrors(q[1], lo, hi);
    }

    private static void pair(Axes ax, double[] xs, double[] ys, double[] rx, double[] ry) {
        int n = BINS_2D;
        double[][] h = new double[n][n];
        for (int i = 0; i < xs.length; i++) {
            h[bin(xs[i], rx, n)][bin(ys[i], ry, n)]++;
        }
        double max = 0;
        for (double[] row : h) {
            for (double v : row) {
                max = Math.max(max, v);
            }
        }
        Color[][] colors = new Color[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                colors[i][j] = h[i][j] > 0 ? Colormap.GREYS.at(0.75 * h[i][j] / max) : null;
            }
        }
        double[] ex = edges(rx, n);
        double[] ey = edges(ry, n);
        ax.add(new Artist.Cells(ex, ey, colors), "histogram2d");
        double[][] sm = smooth(h);
        double[] cx = centres(ex);
        double[] cy = centres(ey);
        double[] thresholds = massLevels(sm, LEVELS);
        for (int l = 0; l < LEVELS.length; l++) {
            for (double[][] line : Contours.at(cx, cy, sm, thresholds[l])) {
                ax.add(new Artist.Line(line[0], line[1], Color.BLACK, 1.4, null, Marker.NONE, 0),
                        l == 0 ? "contour-1sigma" : "contour-2sigma",
                        Map.of("mass", Svg.num(LEVELS[l])));
            }
        }
    }

    /**
     * The density thresholds whose super-level sets hold the given shares of the total (corner.py's
     * {@code hist2d} levels: cumulative sum of the sorted cells).
     */
    static double[] massLevels(double[][] h, double[] shares) {
        int n = h.length * h[0].length;
        double[] v = new double[n];
        int i = 0;
        double total = 0;
        for (double[] row : h) {
            for (double x : row) {
                v[i++] = x;
                total += x;
            }
        }
        Arrays.sort(v);
        double[] out = new double[shares.length];
        for (int l = 0; l < shares.length; l++) {
            double cum = 0;
            out[l] = v[n - 1];
            for (int k = n - 1; k >= 0; k--) {
                cum += v[k];
                if (cum >= shares[l] * total) {
                    out[l] = v[k];
                    break;
                }
            }
        }
        return out;
    }

    /**
     * Width of the Gaussian smoothing of the 2D histograms, in bins (corner.py's {@code smooth=1}): chains are
     * autocorrelated, unsmoothed contours break into islands. It broadens a Gaussian of σ = 2.4 bins by 9%.
     */
    static final double SMOOTH = 1.0;

    /** Gaussian smoothing with σ = {@link #SMOOTH} bins (kernel ±3 bins), edges renormalised. */
    static double[][] smooth(double[][] h) {
        int n = h.length;
        int m = h[0].length;
        double[] kern = new double[7];
        for (int d = -3; d <= 3; d++) {
            kern[d + 3] = Math.exp(-0.5 * d * d / (SMOOTH * SMOOTH));
        }
        double[][] a = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double s = 0;
                double w = 0;
                for (int d = -3; d <= 3; d++) {
                    if (i + d >= 0 && i + d < n) {
                        s += kern[d + 3] * h[i + d][j];
                        w += kern[d + 3];
                    }
                }
                a[i][j] = s / w;
            }
        }
        double[][] b = new double[n][m];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < m; j++) {
                double s = 0;
                double w = 0;
                for (int d = -3; d <= 3; d++) {
                    if (j + d >= 0 && j + d < m) {
                        s += kern[d + 3] * a[i][j + d];
                        w += kern[d + 3];
                    }
                }
                b[i][j] = s / w;
            }
        }
        return b;
    }

    static double quantile(double[] sorted, double p) {
        double pos = p * (sorted.length - 1);
        int i = (int) Math.floor(pos);
        int j = Math.min(i + 1, sorted.length - 1);
        return sorted[i] + (pos - i) * (sorted[j] - sorted[i]);
    }

    private static double[] edges(double[] r, int n) {
        double[] e = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            e[i] = r[0] + (r[1] - r[0]) * i / n;
        }
        return e;
    }

    private static double[] centres(double[] e) {
        double[] c = new double[e.length - 1];
        for (int i = 0; i < c.length; i++) {
            c[i] = 0.5 * (e[i] + e[i + 1]);
        }
        return c;
    }

    private static int bin(double v, double[] r, int n) {
        return (int) Math.max(0, Math.min(n - 1, Math.floor((v - r[0]) / (r[1] - r[0]) * n)));
    }
}
