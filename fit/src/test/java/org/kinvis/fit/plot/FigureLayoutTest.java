package org.kinvis.fit.plot;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import javax.imageio.ImageIO;
import org.kinvis.fit.inference.Yields;
import org.junit.jupiter.api.Test;

/** Layout read back from the rendered raster: text that must not touch other text. */
class FigureLayoutTest {
    private static final double LEFT = 90;
    private static final double TOP = 26;
    private static final double HEIGHT = 300;

    private static BufferedImage png(String yLabel, double yMax) throws IOException {
        Figure f = new Figure("layout", 540, 400);
        f.axes("main", LEFT, TOP, 426, HEIGHT).xLabel("q^{2} [GeV^{2}]").yLabel(yLabel).xLim(0, 20).yLim(0, yMax)
                .add(Artist.Line.solid(new double[] {0, 20}, new double[] {0, yMax}, Color.BLUE), "line");
        return ImageIO.read(new ByteArrayInputStream(f.png()));
    }

    private static boolean ink(BufferedImage img, int x, int y) {
        int rgb = img.getRGB(x, y);
        int lum = ((rgb >> 16 & 255) + (rgb >> 8 & 255) + (rgb & 255)) / 3;
        return lum < 200;
    }

    /**
     * The gap in points between the y label and the tick labels, left of the frame: the label's ink is what the
     * figure with the label has and the one without has not; the tick labels' ink is the latter's.
     */
    private static double gap(String yLabel, double yMax) throws IOException {
        BufferedImage with = png(yLabel, yMax);
        BufferedImage without = png("", yMax);
        double s = Figure.PNG_SCALE;
        int labelRight = -1;
        int ticksLeft = Integer.MAX_VALUE;
        for (int y = (int) ((TOP - 12) * s); y < (int) ((TOP + HEIGHT) * s); y++) {
            for (int x = 0; x < (int) ((LEFT - 2) * s); x++) {
                boolean tick = ink(without, x, y);
                if (tick) {
                    ticksLeft = Math.min(ticksLeft, x);
                } else if (ink(with, x, y)) {
                    labelRight = Math.max(labelRight, x);
                }
            }
        }
        assertThat(labelRight).as("the label is drawn left of the frame").isPositive();
        assertThat(ticksLeft).isLessThan(Integer.MAX_VALUE);
        return (ticksLeft - labelRight - 1) / s;
    }

    /**
     * The y label (at the top end, mplhep style) clears the top tick label: the spectrum's label with its
     * bracketed factor, where "]" touched "2.0" (issue: scalar two-body spectrum), and a label with a subscript.
     */
    @Test
    void yLabelClearsTheTickLabels() throws IOException {
        assertThat(gap("dBR/dq^{2} [GeV^{−2}]", 2e-5)).isGreaterThanOrEqualTo(3);
        assertThat(gap("g_{S} (95% CL upper limit)", 150)).isGreaterThanOrEqualTo(3);
        assertThat(gap("Δ(−2 ln L)", 15)).isGreaterThanOrEqualTo(3);
    }

    /** The statistics kinvis's text output writes (TestStatistic.symbol) are drawn with their subscript. */
    @Test
    void statisticSymbolsGetSubscripts() {
        assertThat(Labels.statistics("asymptotic CL_{s}, q̃μ")).isEqualTo("asymptotic CL_{s}, q̃_{μ}");
        assertThat(Labels.statistics("toy-based CL_{s}, qμ")).isEqualTo("toy-based CL_{s}, q_{μ}");
        assertThat(Labels.statistics("tμ, t̃μ, q₀")).isEqualTo("t_{μ}, t̃_{μ}, q_{0}");
        assertThat(Labels.statistics(BrazilPlot.ASYMPTOTIC_QTILDE)).isEqualTo(BrazilPlot.ASYMPTOTIC_QTILDE);
        assertThat(Labels.statistics("at μ = 1, outμ")).isEqualTo("at μ = 1, outμ");
    }

    /**
     * The data/model panel spans the points and the model band; the error bar of a bin with 2 events on 0.5
     * expected (Garwood upper end 5.32, ratio 10.6) extends it by at most half that span instead of flattening
     * the other bins.
     */
    @Test
    void ratioPanelIsNotSetByOneLargeErrorBar() {
        double[] total = {100, 100, 100, 0.5};
        double[] data = {95, 104, 100, 2};
        double[][] yields = {{60, 60, 60, 0.3}, {40, 40, 40, 0.2}};
        Yields y = new Yields(java.util.List.of("bkg", "signal"), java.util.List.of(new Yields.Channel("ch", yields,
                total, new double[] {2, 2, 2, 0.1}, data)));
        SvgDoc svg = SvgDoc.parse(YieldsPlot.figure(y, "post-fit").svg());
        SvgDoc.Panel ratio = SvgDoc.panelOf(svg.one("data-ratio"));
        double lo = Double.parseDouble(ratio.g().getAttribute("data-y-min"));
        double hi = Double.parseDouble(ratio.g().getAttribute("data-y-max"));
        // points and band span 0.8 (the last bin's band 1 ± 0.2) .. 4: all shown, with at most half that span
        // (1.6) above, plus the 8 % pad of the shown range (< 5.6): below 6.05, where the bar alone would give 10.6
        assertThat(hi).isGreaterThan(4).isLessThan(4 + 1.6 + 0.08 * 5.6);
        assertThat(lo).isLessThan(0.95);
        // a model band wider than every error bar (pre-fit) stays in the range: the bars never narrow it
        Yields wide = new Yields(java.util.List.of("bkg", "signal"), java.util.List.of(new Yields.Channel("ch",
                yields, total, new double[] {25, 25, 25, 0.125}, new double[] {95, 104, 100, 0.5})));
        SvgDoc.Panel r2 = SvgDoc.panelOf(SvgDoc.parse(YieldsPlot.figure(wide, "pre-fit").svg()).one("data-ratio"));
        assertThat(Double.parseDouble(r2.g().getAttribute("data-y-min"))).isLessThanOrEqualTo(0.75);
        assertThat(Double.parseDouble(r2.g().getAttribute("data-y-max"))).isGreaterThanOrEqualTo(1.25);
    }

    /** Two small panels side by side, as a corner plot's bottom row, with long x labels; ink of the labels only. */
    private static BufferedImage row(String left, String right, boolean fit) throws IOException {
        Figure f = new Figure("row", 520, 260);
        Axes a = f.axes("a", 40, 20, 200, 180).xLabel(left).xLim(0, 1).yLim(0, 1);
        Axes b = f.axes("b", 260, 20, 200, 180).xLabel(right).xLim(0, 1).yLim(0, 1);
        if (fit) {
            a.fitLabels();
            b.fitLabels();
        }
        return ImageIO.read(new ByteArrayInputStream(f.png()));
    }

    /**
     * A corner plot's long parameter names (Belle II's "uncorr_bkguncrt_ccbar_zoomCR_offres[2]") ran into the
     * neighbouring panel's label; with {@link Axes#fitLabels} each label's ink stays within its own panel's width.
     */
    @Test
    void longLabelsStayUnderTheirPanel() throws IOException {
        String name = "uncorr\\_bkguncrt\\_ccbar\\_zoomCR\\_offres[2]";
        double s = Figure.PNG_SCALE;
        for (boolean fit : new boolean[] {false, true}) {
            BufferedImage with = row(name, name, fit);
            BufferedImage without = row("", "", fit);
            int leftmost = Integer.MAX_VALUE; // of the right panel's label: ink beyond the left panel's right end
            for (int y = (int) (200 * s); y < with.getHeight(); y++) {
                for (int x = 0; x < with.getWidth(); x++) {
                    if (ink(with, x, y) && !ink(without, x, y) && x > 240 * s) {
                        leftmost = Math.min(leftmost, x);
                    }
                }
            }
            if (fit) {
                assertThat(leftmost / s).as("right label starts inside its panel").isGreaterThanOrEqualTo(259);
            } else {
                assertThat(leftmost / s).as("unfitted, the label spills left (the test can fail)").isLessThan(259);
            }
        }
    }
}
