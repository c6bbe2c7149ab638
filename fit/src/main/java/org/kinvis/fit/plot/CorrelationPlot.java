package org.kinvis.fit.plot;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The correlation matrix of a fit's parameters as cabinetry's {@code visualize.correlation_matrix}: cells
 * coloured from −1 (blue) through 0 (white) to +1 (red), the values written in the cells when there are few
 * parameters, and a colour bar.
 */
public final class CorrelationPlot {
    private CorrelationPlot() {
    }

    /** @param corr {@code corr[i][j]} of the parameters {@code names} */
    public static Figure figure(List<String> names, double[][] corr) {
        int n = names.size();
        List<String> labels = new ArrayList<>();
        for (String s : names) {
            labels.add(Labels.symbol(s));
        }
        double size = n > 40 ? 7 : n > 20 ? 9 : 11;
        double cell = n > 40 ? 11 : n > 20 ? 15 : 34;
        double lw = PullsPlot.labelWidth(labels, size) + 16;
        double side = Math.max(cell * n, 160);
        Figure f = new Figure("correlation", lw + side + 110, 24 + side + lw + 8);
        Axes ax = f.axes("main", lw, 24, side, side).ticks(false, false, false, false);
        double[] pos = new double[n];
        String[] yl = new String[n];
        String[] xl = labels.toArray(new String[0]);
        double[] edges = new double[n + 1];
        for (int i = 0; i <= n; i++) {
            edges[i] = i - 0.5;
        }
        Color[][] colors = new Color[n][n];
        for (int i = 0; i < n; i++) {
            pos[i] = i;
            yl[i] = labels.get(n - 1 - i);
            for (int j = 0; j < n; j++) {
                // row i of the matrix is drawn at height n − 1 − i: the first parameter at the top
                colors[j][n - 1 - i] = Colormap.BLUE_RED.at(0.5 * (corr[i][j] + 1));
            }
        }
        double[] ypos = pos.clone();
        ax.xCategories(pos, xl, size).yCategories(ypos, yl, size).xLim(-0.5, n - 0.5).yLim(-0.5, n - 0.5);
        ax.add(new Artist.Cells(edges, edges, colors), "matrix");
        if (n <= 25) {
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double c = corr[i][j];
                    ax.add(new Artist.Note(j, n - 1 - i, false, Ticks.format(c, 2), 9,
                            Math.abs(c) > 0.6 ? Color.WHITE : Color.BLACK, 0.5, 0.5, 0), "value",
                            Map.of("row", names.get(i), "column", names.get(j), "value", Svg.num(c)));
                }
            }
        }
        ProfileMapPlot.colorBar(f, lw + side + 16, 24, 14, side, -1, 1, "correlation", Colormap.BLUE_RED);
        return f;
    }
}
