package org.kinvis.fit.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** PNG plots of inference results (XChart, headless), written atomically. */
public final class Plots {
    private Plots() {
    }

    /** Δ(−2 log L) against the scanned parameter, with the 1σ and 2σ lines (Δ = 1, 4). */
    public static void profile(Path png, String parameter, double[] x, double[] delta) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(800).height(560).title("Profile likelihood")
                .xAxisTitle(parameter).yAxisTitle("Δ(−2 log L)").build();
        chart.getStyler().setLegendVisible(true);
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        XYSeries s = chart.addSeries("profile", x, delta);
        s.setMarker(SeriesMarkers.CIRCLE);
        double lo = x[0];
        double hi = x[x.length - 1];
        for (double[] level : new double[][] {{1, 0}, {4, 1}}) {
            XYSeries l = chart.addSeries(level[1] == 0 ? "1σ (Δ = 1)" : "2σ (Δ = 4)", new double[] {lo, hi},
                    new double[] {level[0], level[0]});
            l.setMarker(SeriesMarkers.NONE);
            l.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
                    new float[] {6f, 4f}, 0f));
            l.setLineColor(level[1] == 0 ? new Color(0, 120, 0) : new Color(200, 120, 0));
        }
        save(chart, png);
    }

    /** Observed and expected CLs against the POI with the 1 − CL line. */
    public static void cls(Path png, String poi, double[] mu, double[] observed, List<double[]> expected, double alpha)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(800).height(560).title("Asymptotic CLs (q̃μ)").xAxisTitle(poi)
                .yAxisTitle("CLs").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        XYSeries o = chart.addSeries("observed", mu, observed);
        o.setMarker(SeriesMarkers.CIRCLE);
        String[] names = {"expected +2σ", "expected +1σ", "expected", "expected −1σ", "expected −2σ"};
        for (int k = 0; k < expected.size(); k++) {
            XYSeries e = chart.addSeries(names[k], mu, expected.get(k));
            e.setMarker(SeriesMarkers.NONE);
        }
        XYSeries a = chart.addSeries(String.format("CLs = %.2f", alpha), new double[] {mu[0], mu[mu.length - 1]},
                new double[] {alpha, alpha});
        a.setMarker(SeriesMarkers.NONE);
        a.setLineColor(Color.RED);
        save(chart, png);
    }

    /**
     * Upper limits on {@code poi} against {@code x} (a raster scan): observed, expected median and the ±1σ/±2σ
     * band edges ({@code expected[i]} ordered −2σ … +2σ); limits beyond the POI's bound are drawn at the bound.
     */
    public static void limits(Path png, String x, String poi, double[] xs, double[] observed, double[][] expected,
            double cl, double bound) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(800).height(560)
                .title(String.format(java.util.Locale.ROOT, "%.0f%% CL upper limits on %s (asymptotic CLs)", 100 * cl,
                        poi)).xAxisTitle(x).yAxisTitle(poi).build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        String[] names = {"expected −2σ", "expected −1σ", "expected median", "expected +1σ", "expected +2σ"};
        Color[] colors = {new Color(230, 200, 0), new Color(0, 170, 0), Color.BLACK, new Color(0, 170, 0),
            new Color(230, 200, 0)};
        for (int k = 0; k < 5; k++) {
            double[] y = new double[xs.length];
            for (int i = 0; i < xs.length; i++) {
                y[i] = Math.min(expected[i][k], bound);
            }
            XYSeries e = chart.addSeries(names[k], xs, y);
            e.setMarker(SeriesMarkers.NONE);
            e.setLineColor(colors[k]);
            e.setLineStyle(k == 2 ? org.knowm.xchart.style.lines.SeriesLines.DASH_DASH
                    : org.knowm.xchart.style.lines.SeriesLines.SOLID);
        }
        double[] o = new double[xs.length];
        for (int i = 0; i < xs.length; i++) {
            o[i] = Math.min(observed[i], bound);
        }
        XYSeries s = chart.addSeries("observed", xs, o);
        s.setMarker(SeriesMarkers.CIRCLE);
        s.setLineColor(Color.RED);
        s.setMarkerColor(Color.RED);
        chart.getStyler().setYAxisLogarithmic(true);
        save(chart, png);
    }

    /** dBR/dq² of a scenario with the SM (null model) for comparison. */
    public static void spectrum(Path png, String scenario, double[] q2, double[] dbr, double[] sm) throws IOException {
        System.setProperty("java.awt.headless", "true");
        XYChart chart = new XYChartBuilder().width(800).height(560).title("B+ -> K+ inv: " + scenario)
                .xAxisTitle("q² [GeV²]").yAxisTitle("dBR/dq² [1/GeV²]").build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        XYSeries a = chart.addSeries(scenario, q2, dbr);
        a.setMarker(SeriesMarkers.NONE);
        XYSeries b = chart.addSeries("SM (HPQCD null)", q2, sm);
        b.setMarker(SeriesMarkers.NONE);
        save(chart, png);
    }

    /**
     * Corner plot: histograms on the diagonal, scatter (up to 2000 points) below it, for the chosen columns of
     * {@code samples} ({@code count × dim}).
     */
    public static void corner(Path png, java.util.List<String> names, int[] columns, double[] samples, int count,
            int dim) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int k = columns.length;
        java.util.List<XYChart> charts = new java.util.ArrayList<>();
        int stride = Math.max(1, count / 2000);
        for (int r = 0; r < k; r++) {
            for (int c = 0; c < k; c++) {
                XYChart ch = new XYChartBuilder().width(260).height(260).build();
                ch.getStyler().setLegendVisible(false);
                ch.getStyler().setChartBackgroundColor(Color.WHITE);
                ch.getStyler().setAxisTitlesVisible(r == k - 1 || c == 0);
                if (r == c) {
                    double[][] h = histogram(samples, count, dim, columns[c], 30);
                    XYSeries s = ch.addSeries(names.get(c), h[0], h[1]);
                    s.setMarker(SeriesMarkers.NONE);
                    ch.setXAxisTitle(names.get(c));
                } else if (r > c) {
                    int m = (count + stride - 1) / stride;
                    double[] xs = new double[m];
                    double[] ys = new double[m];
                    for (int i = 0; i < m; i++) {
                        xs[i] = samples[i * stride * dim + columns[c]];
                        ys[i] = samples[i * stride * dim + columns[r]];
                    }
                    XYSeries s = ch.addSeries(names.get(c) + "/" + names.get(r), xs, ys);
                    s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
                    s.setMarker(SeriesMarkers.CIRCLE);
                    ch.getStyler().setMarkerSize(2);
                    ch.setXAxisTitle(names.get(c));
                    ch.setYAxisTitle(names.get(r));
                } else {
                    ch.getStyler().setAxisTicksVisible(false);
                    ch.getStyler().setPlotBorderVisible(false);
                    XYSeries s = ch.addSeries(" ", new double[] {0}, new double[] {0});
                    s.setMarker(SeriesMarkers.NONE);
                    s.setLineColor(Color.WHITE);
                }
                charts.add(ch);
            }
        }
        Path abs = png.toAbsolutePath();
        Path tmp = Files.createTempFile(abs.getParent(), ".corner", "");
        Files.deleteIfExists(tmp);
        try {
            BitmapEncoder.saveBitmap(charts, k, k, tmp.toString(), BitmapEncoder.BitmapFormat.PNG);
            Files.move(Path.of(tmp + ".png"), abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(Path.of(tmp + ".png"));
        }
    }

    private static double[][] histogram(double[] samples, int count, int dim, int col, int bins) {
        double lo = Double.POSITIVE_INFINITY;
        double hi = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < count; i++) {
            lo = Math.min(lo, samples[i * dim + col]);
            hi = Math.max(hi, samples[i * dim + col]);
        }
        if (!(hi > lo)) {
            hi = lo + 1;
        }
        double[] x = new double[bins];
        double[] y = new double[bins];
        for (int b = 0; b < bins; b++) {
            x[b] = lo + (b + 0.5) * (hi - lo) / bins;
        }
        for (int i = 0; i < count; i++) {
            int b = (int) Math.min(bins - 1, (samples[i * dim + col] - lo) / (hi - lo) * bins);
            y[b]++;
        }
        return new double[][] {x, y};
    }

    /** Heat map of Δ(−2 log L) over a 2D scan grid (capped at 12), for contours read Δ = 2.30 / 5.99. */
    public static void profile2d(Path png, String px, String py, double[] xs, double[] ys, double[][] delta)
            throws IOException {
        System.setProperty("java.awt.headless", "true");
        org.knowm.xchart.HeatMapChart chart = new org.knowm.xchart.HeatMapChartBuilder().width(800).height(640)
                .title("Δ(−2 log L): 1σ/2σ (2 dof) at 2.30 / 5.99, 95% CL at 5.99").xAxisTitle(px).yAxisTitle(py)
                .build();
        chart.getStyler().setChartBackgroundColor(Color.WHITE);
        java.util.List<Number[]> heat = new java.util.ArrayList<>();
        for (int i = 0; i < xs.length; i++) {
            for (int j = 0; j < ys.length; j++) {
                heat.add(new Number[] {i, j, Math.min(delta[i][j], 12)});
            }
        }
        java.util.List<Number> xl = new java.util.ArrayList<>();
        for (double x : xs) {
            xl.add(Math.round(x * 1000) / 1000.0);
        }
        java.util.List<Number> yl = new java.util.ArrayList<>();
        for (double y : ys) {
            yl.add(Double.valueOf(String.format(java.util.Locale.ROOT, "%.3g", y)));
        }
        chart.addSeries("Δ(−2 log L)", xl, yl, heat);
        Path abs = png.toAbsolutePath();
        Path tmp = Files.createTempFile(abs.getParent(), ".plot", ".png");
        try {
            Files.write(tmp, BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG));
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void save(XYChart chart, Path png) throws IOException {
        Path abs = png.toAbsolutePath();
        Path tmp = Files.createTempFile(abs.getParent(), ".plot", ".png");
        try {
            byte[] bytes = BitmapEncoder.getBitmapBytes(chart, BitmapEncoder.BitmapFormat.PNG);
            Files.write(tmp, bytes);
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
