package org.kinvis.fit.plot;

import java.awt.Color;
import java.awt.font.FontRenderContext;
import java.util.List;
import java.util.Map;
import org.kinvis.fit.inference.Pulls;

/**
 * Nuisance-parameter pulls as cabinetry draws them: one row per parameter, (θ̂ − θ₀)/Δθ as a point with the
 * post-fit error relative to the pre-fit width as a horizontal bar, on green ±1 and yellow ±2 bands.
 */
public final class PullsPlot {
    private PullsPlot() {
    }

    static final FontRenderContext FRC = new FontRenderContext(null, true, true);

    /** Width of the widest label at {@code size}, for the left margin. */
    static double labelWidth(List<String> labels, double size) {
        double w = 0;
        for (String l : labels) {
            w = Math.max(w, MathText.width(l, Style.font(size), FRC));
        }
        return w;
    }

    public static Figure figure(Pulls pulls) {
        List<Pulls.Pull> ps = pulls.pulls();
        int n = ps.size();
        String[] labels = new String[n];
        double[] pos = new double[n];
        double[] x = new double[n];
        double[] lo = new double[n];
        double[] hi = new double[n];
        double[] y = new double[n];
        double range = 3;
        for (int i = 0; i < n; i++) {
            Pulls.Pull p = ps.get(i);
            labels[i] = MathText.escape(p.name());
            pos[i] = n - 1 - i;
            y[i] = pos[i];
            x[i] = p.pull();
            lo[i] = p.pull() - p.pullError();
            hi[i] = p.pull() + p.pullError();
            range = Math.max(range, Math.ceil(Math.max(Math.abs(lo[i]), Math.abs(hi[i])) + 0.2));
        }
        double size = n > 60 ? 9 : 11;
        double row = n > 60 ? 11 : 15;
        double left = labelWidth(List.of(labels), size) + 24;
        double h = Math.max(row * n, 120);
        Figure f = new Figure("pulls", left + 420, h + 100);
        Axes ax = f.axes("main", left, 22, 400, h).xLabel("(θ̂ − θ_{0})/Δθ").tickTargets(6, 6);
        ax.yCategories(pos, labels, size).xLim(-range, range).yLim(-0.5, n - 0.5);
        ax.add(new Artist.Box(-2, 2, -0.5, n - 0.5, Style.YELLOW, null, 0, false), "band-2sigma");
        ax.add(new Artist.Box(-1, 1, -0.5, n - 0.5, Style.GREEN, null, 0, false), "band-1sigma");
        ax.add(Artist.Rule.vertical(0, Color.BLACK, 1.0, Style.DASHED), "zero");
        for (int i = 0; i < n; i++) {
            ax.add(new Artist.Errors(new double[] {x[i]}, new double[] {y[i]}, new double[] {lo[i]},
                    new double[] {hi[i]}, null, null, Color.BLACK, Marker.CIRCLE, 6, 1.4), "pull",
                    Map.of("name", ps.get(i).name(), "pull", Svg.num(x[i]), "error", Svg.num(ps.get(i).pullError())));
        }
        return f;
    }
}
