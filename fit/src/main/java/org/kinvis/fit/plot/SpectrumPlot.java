package org.kinvis.fit.plot;

import java.awt.Color;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.function.DoubleUnaryOperator;

/**
 * dBR/dq² of a scenario over the full q² range from 0, with the SM for comparison and, for continuous spectra, a
 * ratio panel to it (a two-body state is not a modification of the SM continuum, so it gets none). The
 * curve is sampled adaptively (a fine grid, dense sampling around narrow peaks, bisection where the curve bends),
 * so a Breit–Wigner of any width is resolved; a narrow state (a δ in q²) is drawn as an arrow with its branching
 * ratio.
 */
public final class SpectrumPlot {
    private SpectrumPlot() {
    }

    /** A two-body state at q² = m² with half-width mΓ in q² (0: a δ carrying {@code br}). */
    public record Peak(double q2, double halfWidth, double br) {
    }

    /**
     * @param label   legend text of the scenario (markup)
     * @param dbr     the scenario's dBR/dq² (GeV⁻²)
     * @param smLabel legend text of the SM curve, naming its form factors
     * @param sm      the SM dBR/dq²
     * @param q2Max   upper end of the physical range (GeV²)
     * @param peak    a two-body peak to resolve, or null
     */
    public static Figure figure(String label, DoubleUnaryOperator dbr, String smLabel, DoubleUnaryOperator sm,
            double q2Max, Peak peak) {
        boolean delta = peak != null && peak.halfWidth() == 0;
        boolean single = peak != null;
        Figure f = new Figure("spectrum", 540, single ? 400 : 500);
        Axes main = f.axes("main", 90, 26, 426, single ? 316 : 300);
        double[] qs = sample(dbr, sm, q2Max, peak);
        double[] y = new double[qs.length];
        double[] ysm = new double[qs.length];
        double top = 0;
        for (int i = 0; i < qs.length; i++) {
            y[i] = dbr.applyAsDouble(qs[i]);
            ysm[i] = sm.applyAsDouble(qs[i]);
            top = Math.max(top, Math.max(y[i], ysm[i]));
        }
        main.xLim(0, q2Max).yLim(0, top * (delta ? 1.6 : 1.25)).yLabel("dBR/dq^{2} [GeV^{−2}]");
        main.add(new Artist.Line(qs, ysm, Color.BLACK, Style.LINE_WIDTH, Style.DASHED, Marker.NONE, 0), "sm");
        if (!delta) {
            main.add(new Artist.Line(qs, y, Style.BLUE, Style.LINE_WIDTH, null, Marker.NONE, 0), "scenario");
        }
        Legend lg = main.legend().at(Legend.Corner.UPPER_RIGHT);
        if (delta) {
            double h = top * 1.2;
            main.add(new Artist.Rule(peak.q2(), 0, peak.q2(), h, Style.BLUE, 2.2, null), "delta",
                    Map.of("q2", Svg.num(peak.q2()), "br", Svg.num(peak.br())));
            main.add(new Artist.Points(new double[] {peak.q2()}, new double[] {h}, Marker.TRIANGLE, 11, Style.BLUE,
                    null), "delta-head");
            boolean left = peak.q2() > 0.7 * q2Max;
            double dx = (left ? -0.012 : 0.012) * q2Max;
            main.add(new Artist.Note(peak.q2() + dx, h, false, "BR = " + Ticks.compact(peak.br(), 3),
                    Style.TEXT_SIZE, Style.BLUE, left ? 1 : 0, 0.5, 0), "delta-label");
            lg.add(label + ", δ in q^{2}", Legend.Handle.line(Style.BLUE, 2.2, null, Marker.NONE));
        } else {
            lg.add(label, Legend.Handle.line(Style.BLUE, Style.LINE_WIDTH, null, Marker.NONE));
        }
        lg.add(smLabel, Legend.Handle.line(Color.BLACK, Style.LINE_WIDTH, Style.DASHED, Marker.NONE));
        if (single) {
            main.xLabel("q^{2} [GeV^{2}]");
            return f;
        }
        main.tickLabels(false, false, true, false);
        Axes ratio = f.axes("ratio", 90, 336, 426, 110).xLabel("q^{2} [GeV^{2}]").yLabel("ratio to SM");
        double[] r = new double[qs.length];
        double rlo = 1;
        double rhi = 1;
        for (int i = 0; i < qs.length; i++) {
            r[i] = ysm[i] > 0 ? y[i] / ysm[i] : Double.NaN;
            if (Double.isFinite(r[i])) {
                rlo = Math.min(rlo, r[i]);
                rhi = Math.max(rhi, r[i]);
            }
        }
        double pad = 0.1 * Math.max(rhi - rlo, 0.1);
        ratio.xLim(0, q2Max).yLim(Math.max(rlo - pad, rlo >= 0 ? 0 : rlo - pad), Math.min(rhi + pad, 50))
                .tickTargets(6, 3);
        ratio.add(Artist.Rule.horizontal(1, Color.BLACK, 1.0, Style.DASHED), "unity");
        ratio.add(new Artist.Line(qs, r, Style.BLUE, Style.LINE_WIDTH, null, Marker.NONE, 0), "ratio");
        return f;
    }

    /** q² points: 800 equal steps, 161 around a peak, then bisection where the curves bend (at most 4000). */
    static double[] sample(DoubleUnaryOperator dbr, DoubleUnaryOperator sm, double q2Max, Peak peak) {
        TreeSet<Double> xs = new TreeSet<>();
        int n = 800;
        for (int i = 0; i <= n; i++) {
            xs.add(q2Max * i / n);
        }
        if (peak != null && peak.halfWidth() > 0) {
            for (int k = -80; k <= 80; k++) {
                double t = Math.signum(k) * Math.pow(10, -2 + 4 * Math.abs(k) / 80.0);
                double q = peak.q2() + t * peak.halfWidth();
                if (q > 0 && q < q2Max) {
                    xs.add(q);
                }
            }
            xs.add(peak.q2());
        }
        double max = 0;
        for (double x : xs) {
            max = Math.max(max, Math.abs(dbr.applyAsDouble(x)));
        }
        List<Double> pts = new ArrayList<>(xs);
        for (int pass = 0; pass < 6 && pts.size() < 4000; pass++) {
            List<Double> add = new ArrayList<>();
            for (int i = 0; i + 1 < pts.size(); i++) {
                double a = pts.get(i);
                double b = pts.get(i + 1);
                double m = 0.5 * (a + b);
                double lin = 0.5 * (dbr.applyAsDouble(a) + dbr.applyAsDouble(b));
                if (Math.abs(dbr.applyAsDouble(m) - lin) > 1e-3 * max) {
                    add.add(m);
                }
            }
            if (add.isEmpty()) {
                break;
            }
            xs.addAll(add);
            pts = new ArrayList<>(xs);
        }
        double[] out = pts.stream().mapToDouble(Double::doubleValue).toArray();
        Arrays.sort(out);
        return out;
    }
}
