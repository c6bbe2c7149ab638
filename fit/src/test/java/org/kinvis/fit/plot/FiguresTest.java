package org.kinvis.fit.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

/** Figures rendered to SVG from known numbers and read back: labels, legends, colours, bands and positions. */
class FiguresTest {

    static double[] centre(List<double[]> pts) {
        double x = 0;
        double y = 0;
        for (double[] p : pts) {
            x += p[0];
            y += p[1];
        }
        return new double[] {x / pts.size(), y / pts.size()};
    }

    /** The Brazil plot: pyhf's band order, filled bands, legend order and colours, the limit marker. */
    @Test
    void brazilPlot() {
        int n = 11;
        double[] mu = new double[n];
        double[][] exp = new double[5][n];
        double[] obs = new double[n];
        for (int i = 0; i < n; i++) {
            mu[i] = 0.5 * i;
            for (int k = 0; k < 5; k++) {
                // pyhf's order: k = 0 is the lowest CLs curve (n = +2 of the test statistic)
                exp[k][i] = Math.exp(-mu[i] * (1.6 - 0.3 * k));
            }
            obs[i] = Math.exp(-mu[i] * 0.8);
        }
        double alpha = 0.05;
        double obsLimit = Math.log(1 / alpha) / 0.8;
        double[] expLimits = new double[5];
        for (int k = 0; k < 5; k++) {
            expLimits[k] = Math.log(1 / alpha) / (1.6 - 0.3 * k);
        }
        SvgDoc svg = SvgDoc.parse(BrazilPlot.figure("μ", mu, obs, exp, 0.95, obsLimit, expLimits).svg());
        assertThat(SvgDoc.text(svg.one("xlabel"))).isEqualTo("μ");
        assertThat(SvgDoc.text(svg.one("ylabel"))).isEqualTo("CLs");
        assertThat(svg.legend()).containsExactly("observed CLs", "expected CLs (median)", "expected ±1σ",
                "expected ±2σ", "CLs = 0.05 (95% CL)");
        List<Element> entries = svg.groups("legend-entry");
        assertThat(SvgDoc.xml(entries.get(0))).contains("stroke:rgb(0,0,0)").doesNotContain("dasharray");
        assertThat(SvgDoc.xml(entries.get(1))).contains("stroke:rgb(0,0,0)").contains("stroke-dasharray");
        assertThat(SvgDoc.xml(entries.get(2))).contains("fill:rgb(0,200,0)");
        assertThat(SvgDoc.xml(entries.get(3))).contains("fill:rgb(255,230,0)");
        assertThat(SvgDoc.xml(entries.get(4))).contains("stroke:rgb(220,20,20)");
        // the bands are filled polygons between curves 1–3 (green) and 0–4 (yellow)
        Element green = svg.one("band-1sigma");
        Element yellow = svg.one("band-2sigma");
        assertThat(SvgDoc.xml(green)).contains("fill:rgb(0,200,0)");
        assertThat(SvgDoc.xml(yellow)).contains("fill:rgb(255,230,0)");
        SvgDoc.Panel p = SvgDoc.panelOf(green);
        List<double[]> g = SvgDoc.points(green);
        assertThat(g).hasSize(2 * n);
        for (int i = 0; i < n; i++) {
            assertThat(p.x(g.get(i)[0])).isCloseTo(mu[i], within(1e-6));
            assertThat(p.y(g.get(i)[1])).isCloseTo(exp[3][i], within(1e-6));
            assertThat(p.y(g.get(2 * n - 1 - i)[1])).isCloseTo(exp[1][i], within(1e-6));
        }
        List<double[]> y = SvgDoc.points(yellow);
        assertThat(p.y(y.get(n - 1)[1])).isCloseTo(exp[4][n - 1], within(1e-6));
        assertThat(p.y(y.get(n)[1])).isCloseTo(exp[0][n - 1], within(1e-6));
        // the observed limit is marked where the observed curve crosses CLs = 0.05
        double[] c = centre(SvgDoc.points(svg.one("observed-limit-marker")));
        assertThat(p.x(c[0])).isCloseTo(obsLimit, within(1e-6));
        assertThat(p.y(c[1])).isCloseTo(alpha, within(1e-6));
        List<double[]> exl = SvgDoc.points(svg.one("expected-limit"));
        assertThat(p.x(exl.get(0)[0])).isCloseTo(expLimits[2], within(1e-6));
        assertThat(SvgDoc.text(svg.groups("limit-text").get(1))).isEqualTo("observed: μ < " + Ticks.compact(obsLimit,
                3));
        svg.assertTickLabelsFormatted();
    }

    /** Corner plot of a 2D standard normal: quantile titles, step histograms, 1σ/2σ contours at radius 1 and 2. */
    @Test
    void cornerPlotOfAGaussian() {
        SplittableRandom rng = new SplittableRandom(7);
        int n = 40000;
        double[][] cols = new double[2][n];
        for (int s = 0; s < n; s++) {
            double u = Math.sqrt(-2 * Math.log(1 - rng.nextDouble()));
            double a = 2 * Math.PI * rng.nextDouble();
            cols[0][s] = 5 + 2 * u * Math.cos(a);
            cols[1][s] = u * Math.sin(a);
        }
        SvgDoc svg = SvgDoc.parse(CornerPlot.figure(List.of("μ", "C_{VL}"), cols, new double[] {5, 0}, "truth").svg());
        // lower triangle and diagonal only: 3 panels for 2 parameters
        assertThat(svg.groups("axes")).hasSize(3);
        assertThat(svg.groups("diagonal")).hasSize(2);
        String title = SvgDoc.text(svg.groups("title").get(0));
        assertThat(title).matches("μ = \\d\\.\\d\\d−\\d\\.\\d\\d\\+\\d\\.\\d\\d");
        double median = Double.parseDouble(title.substring(4, 8));
        double lo = Double.parseDouble(title.substring(9, 13));
        double hi = Double.parseDouble(title.substring(14, 18));
        assertThat(median).isCloseTo(5, within(0.05));
        assertThat(lo).isCloseTo(2, within(0.06));
        assertThat(hi).isCloseTo(2, within(0.06));
        assertThat(SvgDoc.text(svg.groups("title").get(1))).startsWith("CVL = ");
        assertThat(svg.groups("histogram")).hasSize(2);
        // credible contours of a 2D normal: 39.3% inside radius 1, 86.5% inside radius 2 (in σ units), of the
        // histogram smoothed by one bin: σ_eff² = 1 + w² + w²/12 for bins of w σ (kernel and binning)
        double w = 0;
        for (double[] c : cols) {
            double[] s = c.clone();
            java.util.Arrays.sort(s);
            w = Math.max(w, (s[n - 1] - s[0]) / (c == cols[0] ? 2 : 1) / CornerPlot.BINS_2D);
        }
        double broad = Math.sqrt(1 + w * w * (CornerPlot.SMOOTH * CornerPlot.SMOOTH + 1.0 / 12));
        for (String[] lv : new String[][] {{"contour-1sigma", "1"}, {"contour-2sigma", "2"}}) {
            List<Element> lines = svg.groups(lv[0]);
            assertThat(lines).isNotEmpty();
            SvgDoc.Panel p = SvgDoc.panelOf(lines.get(0));
            double sum = 0;
            int count = 0;
            for (Element e : lines) {
                for (double[] q : SvgDoc.points(e)) {
                    double x = (p.x(q[0]) - 5) / 2;
                    double y = p.y(q[1]);
                    sum += Math.hypot(x, y);
                    count++;
                }
            }
            assertThat(sum / count / Double.parseDouble(lv[1]) / broad).as(lv[0]).isCloseTo(1, within(0.05));
        }
        assertThat(svg.groups("reference")).isNotEmpty();
        svg.assertTickLabelsFormatted();
    }

    /** Heat map contours of Δ = x² + y²: the 1σ and 2σ (2 dof) contours are circles of radius √2.30, √6.18. */
    @Test
    void profileMapContours() {
        int n = 41;
        double[] xs = new double[n];
        double[][] d = new double[n][n];
        for (int i = 0; i < n; i++) {
            xs[i] = -4 + 8.0 * i / (n - 1);
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                d[i][j] = xs[i] * xs[i] + xs[j] * xs[j];
            }
        }
        SvgDoc svg = SvgDoc.parse(ProfileMapPlot.figure("C_{VL}", "C_{TL}", xs, xs, d, 0, 0).svg());
        assertThat(SvgDoc.text(svg.one("xlabel"))).isEqualTo("CVL");
        assertThat(SvgDoc.text(svg.groups("ylabel").get(1))).isEqualTo("Δ(−2 ln L)");
        assertThat(svg.legend()).containsExactly("68.3% CL (Δ = 2.30)", "95.4% CL (Δ = 6.18)", "best fit");
        for (int l = 0; l < 2; l++) {
            List<Element> lines = svg.groups(l == 0 ? "contour-1sigma" : "contour-2sigma");
            assertThat(lines).hasSize(1);
            SvgDoc.Panel p = SvgDoc.panelOf(lines.get(0));
            for (double[] q : SvgDoc.points(lines.get(0))) {
                assertThat(Math.hypot(p.x(q[0]), p.y(q[1]))).isCloseTo(Math.sqrt(ProfileMapPlot.LEVELS[l]),
                        within(0.02));
            }
        }
        double[] star = centre(SvgDoc.points(svg.one("best-fit")));
        SvgDoc.Panel p = SvgDoc.panelOf(svg.one("best-fit"));
        assertThat(p.x(star[0])).isCloseTo(0, within(0.05));
        svg.assertTickLabelsFormatted();
    }

    @Test
    void tickLabelsAreShortAndWithoutJavaNotation() {
        assertThat(Ticks.linear(0.057, 22.9, 6).ticks().stream().filter(Ticks.Tick::major).map(Ticks.Tick::label))
                .containsExactly("5", "10", "15", "20");
        Ticks.Set small = Ticks.linear(0, 2.8e-6, 6);
        assertThat(small.exponent()).isEqualTo(-6);
        assertThat(small.ticks().stream().filter(Ticks.Tick::major).map(Ticks.Tick::label))
                .containsExactly("0.0", "0.5", "1.0", "1.5", "2.0", "2.5");
        assertThat(Axes.withFactor("dBR/dq^{2} [GeV^{−2}]", -6)).isEqualTo("dBR/dq^{2} [10^{−6} GeV^{−2}]");
        assertThat(Ticks.linear(-1, 1, 4).ticks().stream().filter(Ticks.Tick::major).map(Ticks.Tick::label))
                .containsExactly("−1.0", "−0.5", "0.0", "0.5", "1.0");
        assertThat(Ticks.log(1e-9, 1e-5).ticks().stream().filter(Ticks.Tick::major).map(Ticks.Tick::label))
                .containsExactly("10^{−9}", "10^{−8}", "10^{−7}", "10^{−6}", "10^{−5}");
        assertThat(Ticks.compact(0.05, 4)).isEqualTo("0.05");
        assertThat(Ticks.compact(1.2e-5, 3)).isEqualTo("1.2×10^{−5}");
        assertThat(Ticks.withErrors(4.6234, 1.3212, 1.3111)).isEqualTo("4.62_{−1.32}^{+1.31}");
    }

    /** A narrow Breit–Wigner is resolved: the drawn maximum is the peak value. */
    @Test
    void narrowPeakIsSampled() {
        double m2 = 4;
        double g = 0.002;
        java.util.function.DoubleUnaryOperator bw = q -> g / Math.PI / ((q - m2) * (q - m2) + g * g);
        SvgDoc svg = SvgDoc.parse(SpectrumPlot.figure("scalar", bw, "SM", q -> 0.01, 22.9,
                new SpectrumPlot.Peak(m2, g, 1)).svg());
        Element curve = svg.one("scenario");
        SvgDoc.Panel p = SvgDoc.panelOf(curve);
        double max = 0;
        for (double[] q : SvgDoc.points(curve)) {
            max = Math.max(max, p.y(q[1]));
        }
        assertThat(max / bw.applyAsDouble(m2)).isCloseTo(1, within(1e-3));
        assertThat(Double.parseDouble(p.g().getAttribute("data-x-min"))).isZero();
        // a two-body state gets no ratio to the SM
        assertThat(svg.groups("ratio")).isEmpty();
    }
}
