package org.kinvis.fit.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.kinvis.fit.inference.Correlations;
import org.kinvis.fit.inference.MaximumLikelihood;
import org.kinvis.fit.inference.Pulls;
import org.kinvis.fit.inference.Ranking;
import org.kinvis.fit.inference.Yields;
import org.kinvis.fit.minimize.FitResult;
import org.kinvis.fit.minimize.Migrad;
import org.kinvis.host.input.JsonInput;
import org.kinvis.host.model.HistFactoryLikelihood;

/**
 * The results behind the fit figures (yields, pulls, ranking, correlations) as JSON and text, shared by their
 * commands and {@code kinvis report}.
 */
final class FitFigures {
    private FitFigures() {
    }

    static void fitJson(ObjectNode o, FitResult r) {
        o.put("converged", r.valid());
        o.put("twice_nll", r.fval());
        o.put("status", r.status());
    }

    static ObjectNode yieldsJson(Yields y) {
        ObjectNode o = JsonInput.mapper().createObjectNode();
        ArrayNode chs = o.putArray("channels");
        for (Yields.Channel c : y.channels()) {
            ObjectNode co = chs.addObject();
            co.put("name", c.name());
            ObjectNode ss = co.putObject("samples");
            for (int s = 0; s < y.samples().size(); s++) {
                array(ss.putArray(y.samples().get(s)), c.yields()[s]);
            }
            array(co.putArray("total"), c.total());
            array(co.putArray("total_error"), c.totalError());
            array(co.putArray("data"), c.data());
        }
        return o;
    }

    static String yieldsText(Yields pre, Yields post) {
        StringBuilder sb = new StringBuilder();
        for (int c = 0; c < pre.channels().size(); c++) {
            Yields.Channel a = pre.channels().get(c);
            Yields.Channel b = post.channels().get(c);
            sb.append(a.name()).append('\n');
            sb.append(String.format(Locale.ROOT, "%5s %10s %24s %24s%n", "bin", "data", "pre-fit model",
                    "post-fit model"));
            for (int i = 0; i < a.total().length; i++) {
                sb.append(String.format(Locale.ROOT, "%5d %10.6g %12.6g ± %-9.4g %12.6g ± %-9.4g%n", i, a.data()[i],
                        a.total()[i], a.totalError()[i], b.total()[i], b.totalError()[i]));
            }
        }
        return sb.toString();
    }

    static ArrayNode pullsJson(ArrayNode arr, Pulls p) {
        for (Pulls.Pull q : p.pulls()) {
            ObjectNode o = arr.addObject();
            o.put("name", q.name());
            o.put("modifier", q.modifier());
            o.put("bestfit", q.bestfit());
            o.put("error", q.error());
            o.put("prefit_centre", q.centre());
            o.put("prefit_width", q.width());
            o.put("pull", q.pull());
            o.put("pull_error", q.pullError());
        }
        return arr;
    }

    static String pullsText(Pulls p) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%-44s %10s %10s %10s%n", "parameter",
                "modifier", "pull", "error"));
        for (Pulls.Pull q : p.pulls()) {
            sb.append(String.format(Locale.ROOT, "%-44.44s %10s %10.4f %10.4f%n", q.name(), q.modifier(), q.pull(),
                    q.pullError()));
        }
        return sb.toString();
    }

    static ObjectNode rankingJson(ObjectNode o, Ranking r) {
        o.put("poi", r.poi());
        o.put("poi_bestfit", r.poiBestfit());
        o.put("poi_error", r.poiError());
        o.put("fits", r.fits());
        o.put("failed_fits", r.failedFits());
        ArrayNode arr = o.putArray("impacts");
        for (Ranking.Impact i : r.impacts()) {
            ObjectNode x = arr.addObject();
            x.put("name", i.name());
            x.put("bestfit", i.bestfit());
            x.put("error", i.error());
            x.put("prefit_centre", i.centre());
            x.put("prefit_width", i.prefitWidth());
            x.put("prefit_up", i.prefitUp());
            x.put("prefit_down", i.prefitDown());
            x.put("postfit_up", i.postfitUp());
            x.put("postfit_down", i.postfitDown());
            x.put("converged", i.valid());
        }
        return o;
    }

    static String rankingText(Ranking r, int top) {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "impact on %s = %.4g ± %.4g (%d fits%s)%n"
                + "%-44s %11s %11s %11s %11s%n", r.poi(), r.poiBestfit(), r.poiError(), r.fits(),
                r.failedFits() > 0 ? ", " + r.failedFits() + " did not converge" : "", "parameter", "post-fit +",
                "post-fit −", "pre-fit +", "pre-fit −"));
        for (Ranking.Impact i : r.impacts().subList(0, Math.min(top, r.impacts().size()))) {
            sb.append(String.format(Locale.ROOT, "%-44.44s %+11.4f %+11.4f %+11.4f %+11.4f%s%n", i.name(),
                    i.postfitUp(), i.postfitDown(), i.prefitUp(), i.prefitDown(), i.valid() ? "" : "  (fit failed)"));
        }
        return sb.toString();
    }

    static ObjectNode correlationJson(ObjectNode o, Correlations c, double threshold) {
        o.put("threshold", threshold);
        ArrayNode names = o.putArray("parameters");
        c.names().forEach(names::add);
        ArrayNode m = o.putArray("matrix");
        for (double[] row : c.matrix()) {
            array(m.addArray(), row);
        }
        return o;
    }

    static void array(ArrayNode a, double[] v) {
        for (double d : v) {
            a.add(d);
        }
    }

    /** Exit code after a best fit: 0, or 1 with a line on stderr when it did not converge. */
    static int converged(FitResult r, picocli.CommandLine.Model.CommandSpec spec) {
        if (r.valid()) {
            return 0;
        }
        spec.commandLine().getErr().println("kinvis: the fit did not converge: " + r.status());
        return Kinvis.EXIT_INTERNAL;
    }

    /** These commands fit the measurement as it is: --fix belongs to kinvis fit. */
    static void noFix(FitOptions f) {
        if (f.fix != null && !f.fix.isEmpty()) {
            throw org.kinvis.host.input.InputException.at("--fix", String.join(",", f.fix), "only with"
                    + " kinvis fit, gof, pulls and correlation; set values in the workspace's measurement to fix parameters here");
        }
    }

    /** --params of ranking: known parameters other than the POI. */
    static void checkNuisances(org.kinvis.host.model.ParameterTable t, List<String> params, String poi) {
        if (params == null) {
            return;
        }
        for (String p : params) {
            Names.parameter(t, "--params", p, p);
            if (p.equals(poi)) {
                throw org.kinvis.host.input.InputException.at("--params", p, "expected a nuisance parameter of the"
                        + " model (not the POI)");
            }
        }
    }

    static List<String> params(List<String> p) {
        return p == null || p.isEmpty() ? null : p;
    }
}
