package org.kinvis.fit.plot;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.kinvis.fit.inference.Ranking;

/**
 * The nuisance-parameter ranking as cabinetry's {@code visualize.ranking}: the top N parameters by post-fit
 * impact, largest at the top; bars of the POI shift Δμ on the top axis (post-fit impacts θ = θ̂ ± σ̂ filled,
 * pre-fit impacts θ = θ̂ ± Δθ open, blue for up and teal for down), and the pulls (θ̂ − θ₀)/Δθ with their
 * errors as points on the bottom axis.
 */
public final class RankingPlot {
    private RankingPlot() {
    }

    static final Color UP = new Color(31, 119, 180);
    static final Color DOWN = new Color(23, 190, 207);

    public static Figure figure(Ranking ranking, int top, String poiLabel) {
        List<Ranking.Impact> shown = ranking.impacts().subList(0, Math.min(top, ranking.impacts().size()));
        int n = shown.size();
        String[] labels = new String[n];
        double[] pos = new double[n];
        List<String> ls = new ArrayList<>();
        double imax = 0;
        double pmax = 2;
        for (int i = 0; i < n; i++) {
            Ranking.Impact im = shown.get(i);
            labels[i] = MathText.escape(im.name());
            ls.add(labels[i]);
            pos[i] = n - 1 - i;
            for (double d : new double[] {im.prefitUp(), im.prefitDown(), im.postfitUp(), im.postfitDown()}) {
                imax = Math.max(imax, Math.abs(d));
            }
            if (im.prefitWidth() > 0) {
                double pull = (im.bestfit() - im.centre()) / im.prefitWidth();
                double err = im.error() / im.prefitWidth();
                pmax = Math.max(pmax, Math.abs(pull) + err + 0.2);
            }
        }
        double size = 11;
        double row = 20;
        double left = PullsPlot.labelWidth(ls, size) + 24;
        double h = Math.max(row * n, 140);
        double top0 = 70;
        Figure f = new Figure("ranking", left + 440, top0 + h + 150);
        double span = imax > 0 ? imax * 1.15 : 1;
        Axes impacts = f.axes("impacts", left, top0, 420, h).ticks(false, true, false, false)
                .tickLabels(false, true, false, false).xLabel("Δ" + poiLabel).tickTargets(5, 5);
        impacts.xLim(-span, span).yLim(-0.5, n - 0.5);
        Axes pulls = f.axes("pulls", left, top0, 420, h).ticks(true, false, true, true)
                .tickLabels(true, false, true, false).xLabel("(θ̂ − θ_{0})/Δθ").tickTargets(5, 5);
        pulls.yCategories(pos, labels, size).xLim(-Math.ceil(pmax), Math.ceil(pmax)).yLim(-0.5, n - 0.5);
        for (int i = 0; i < n; i++) {
            Ranking.Impact im = shown.get(i);
            double y = pos[i];
            Map<String, String> d = Map.of("name", im.name(), "postfit-up", Svg.num(im.postfitUp()),
                    "postfit-down", Svg.num(im.postfitDown()), "prefit-up", Svg.num(im.prefitUp()), "prefit-down",
                    Svg.num(im.prefitDown()));
            impacts.add(new Artist.Box(0, im.postfitUp(), y - 0.35, y + 0.35, UP, null, 0, false),
                    "postfit-up", d);
            impacts.add(new Artist.Box(0, im.postfitDown(), y - 0.35, y + 0.35, DOWN, null, 0, false),
                    "postfit-down", d);
            if (im.prefitWidth() > 0) {
                impacts.add(new Artist.Box(0, im.prefitUp(), y - 0.35, y + 0.35, null, UP, 1.3, false),
                        "prefit-up", d);
                impacts.add(new Artist.Box(0, im.prefitDown(), y - 0.35, y + 0.35, null, DOWN, 1.3, false),
                        "prefit-down", d);
                double pull = (im.bestfit() - im.centre()) / im.prefitWidth();
                double err = im.error() / im.prefitWidth();
                pulls.add(new Artist.Errors(new double[] {pull}, new double[] {y}, new double[] {pull - err},
                        new double[] {pull + err}, null, null, Color.BLACK, Marker.CIRCLE, 6, 1.4), "pull",
                        Map.of("name", im.name(), "pull", Svg.num(pull)));
            }
        }
        pulls.add(Artist.Rule.vertical(0, Style.GREY, 1.0, Style.DASHED), "zero");
        Axes legend = f.axes("legend", left - 40, top0 + h + 58, 480, 80).hidden();
        legend.xLim(0, 1).yLim(0, 1);
        legend.legend().at(Legend.Corner.UPPER_LEFT)
                .add("post-fit impact, θ = θ̂ + σ_{θ̂}", Legend.Handle.patch(UP, null))
                .add("post-fit impact, θ = θ̂ − σ_{θ̂}", Legend.Handle.patch(DOWN, null))
                .add("pull (θ̂ − θ_{0})/Δθ", Legend.Handle.errorBar(Color.BLACK, Marker.CIRCLE));
        Axes legend2 = f.axes("legend", left + 220, top0 + h + 58, 260, 80).hidden();
        legend2.xLim(0, 1).yLim(0, 1);
        legend2.legend().at(Legend.Corner.UPPER_LEFT)
                .add("pre-fit impact, θ = θ̂ + Δθ", Legend.Handle.patch(null, UP))
                .add("pre-fit impact, θ = θ̂ − Δθ", Legend.Handle.patch(null, DOWN));
        return f;
    }
}
