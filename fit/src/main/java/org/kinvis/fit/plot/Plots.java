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
