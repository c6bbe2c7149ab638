package org.kinvis.fit.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.kinvis.fit.inference.FitRecord;
import org.kinvis.fit.inference.TestStatistic;
import org.kinvis.fit.inference.ToyCalculator;
import org.kinvis.host.input.JsonInput;

/**
 * {@code kinvis limit}'s result as JSON ({@code poi, cl, test_statistic, calctype, data, [asimov_mu,] fixed,
 * [asymptotic: setup_seconds, poi_freed,] best_fit, [observed, expected,] [hypotests[{mu, CLs, CLsb, CLb,
 * expected_band, converged, [toys: CLs_error, CLsb_error, CLb_error, toys{…}], fits}]]}; asymptotic limits come
 * before the hypotests, toy-based ones, interpolated between them, after) and text (the limits or what was tested,
 * then a table of the hypothesis tests). {@link CalculatorOptions#emit} adds {@code converged, fits, seconds}.
 */
final class LimitView {
    private LimitView() {
    }

    /** One hypothesis test at {@code mu}: asymptotic ({@code toy} null) or toy-based; {@code fits} its own fits. */
    record Test(double mu, double cls, double clsb, double clb, double[] expected, boolean valid, List<FitRecord> fits,
            ToyCalculator.Result toy) {
    }

    /** Upper limits: the observed one and the expected band (−2σ, −1σ, median, +1σ, +2σ). */
    record Limits(double observed, double[] expected) {
    }

    /**
     * What {@code kinvis limit} found.
     *
     * @param toys         pseudo-experiments per hypothesis, 0 for the asymptotic calculator
     * @param setupSeconds the asymptotic calculator's set-up time (NaN for toys)
     * @param limits       null where none were computed (two-sided statistics; toys at fewer than two values)
     * @param tests        the hypothesis tests at --mu, null where none were asked for
     */
    record Result(String poi, double cl, TestStatistic statistic, boolean oneSided, int toys, long seed,
            double setupSeconds, boolean poiFreed, double bestFit, Limits limits, List<Test> tests) {
        boolean toyBased() {
            return toys > 0;
        }
    }

    /** The JSON and text; {@code calc} says which data were tested. */
    static Rendered of(Result r, CalculatorOptions calc, Map<String, Double> fixed) {
        String p = r.poi();
        ObjectNode json = JsonInput.mapper().createObjectNode();
        json.put("poi", p);
        json.put("cl", r.cl());
        json.put("test_statistic", r.statistic().name());
        json.put("calctype", r.toyBased() ? "toybased" : "asymptotics");
        calc.dataJson(json);
        ScanCommand.putFixed(json, fixed);
        StringBuilder text = new StringBuilder();
        if (!r.toyBased()) {
            json.put("setup_seconds", r.setupSeconds());
            json.put("poi_freed", r.poiFreed());
        }
        FitJson.putFinite(json, "best_fit", r.bestFit());
        if (r.limits() != null && !r.toyBased()) {
            limitsJson(json, r.limits());
        }
        if (r.tests() != null) {
            hypotestsJson(json.putArray("hypotests"), r);
        }
        if (r.limits() != null && r.toyBased()) {
            limitsJson(json, r.limits());
        }
        String sym = r.statistic().symbol();
        if (r.limits() != null) {
            String what = r.toyBased() ? String.format(Locale.ROOT, "toy-based CLs (%s, %d toys per hypothesis,"
                    + " seed %d, interpolated between the tested values)", sym, r.toys(), r.seed())
                    : "asymptotic CLs (" + sym + ")";
            double[] e = r.limits().expected();
            text.append(String.format(Locale.ROOT, "%s, %.0f%% CL upper limits on %s (best fit %s = %.4g)%n"
                    + "  observed: %s%n  expected: -2σ %s  -1σ %s  median %s  +1σ %s  +2σ %s%n", what,
                    100 * r.cl(), p, p, r.bestFit(), limit(r.limits().observed(), r.cl()), limit(e[0], r.cl()),
                    limit(e[1], r.cl()), limit(e[2], r.cl()), limit(e[3], r.cl()), limit(e[4], r.cl())));
        } else if (r.toyBased()) {
            text.append(String.format(Locale.ROOT, "toy-based hypothesis tests (%s, %d toys per hypothesis, seed %d)"
                    + " of %s (best fit %s = %.4g)%s%n", sym, r.toys(), r.seed(), p, p, r.bestFit(),
                    r.oneSided() ? "; limits need two or more --mu values" : ""));
        } else {
            text.append(String.format(Locale.ROOT, "asymptotic hypothesis tests (%s) of %s (best fit %s = %.4g)%n",
                    sym, p, p, r.bestFit()));
        }
        if (r.tests() != null) {
            text.append(String.format(Locale.ROOT, "%10s %12s %12s %12s%s%n", p, "CLs", "CLs+b", "CLb",
                    r.toyBased() ? String.format(Locale.ROOT, " %10s %6s", "±CLs", "toys/s") : ""));
            for (Test t : r.tests()) {
                String extra = t.toy() == null ? "" : String.format(Locale.ROOT, " %10.2g %6.0f", t.toy().clsError(),
                        t.toy().toysPerSecond());
                text.append(String.format(Locale.ROOT, "%10.4g %12.6g %12.6g %12.6g%s%s%n", t.mu(), t.cls(), t.clsb(),
                        t.clb(), extra, t.valid() ? "" : "  (a fit did not converge)"));
            }
        }
        return new Rendered(json, text.toString());
    }

    private static void hypotestsJson(ArrayNode a, Result r) {
        for (Test t : r.tests()) {
            ObjectNode o = a.addObject();
            o.put("mu", t.mu());
            FitJson.putFinite(o, "CLs", t.cls());
            FitJson.putFinite(o, "CLsb", t.clsb());
            FitJson.putFinite(o, "CLb", t.clb());
            ArrayNode band = o.putArray("expected_band");
            for (double e : t.expected()) {
                FitJson.addFinite(band, e);
            }
            o.put("converged", t.valid());
            if (t.toy() != null) {
                FitJson.putFinite(o, "CLs_error", t.toy().clsError());
                FitJson.putFinite(o, "CLsb_error", t.toy().clsbError());
                FitJson.putFinite(o, "CLb_error", t.toy().clbError());
                CalculatorOptions.toysJson(o.putObject("toys"), t.toy(), r.toys(), r.seed());
            }
            FitJson.records(o.putArray("fits"), t.fits());
        }
    }

    private static void limitsJson(ObjectNode result, Limits l) {
        FitJson.putFinite(result, "observed", l.observed());
        ArrayNode exp = result.putArray("expected");
        for (double e : l.expected()) {
            FitJson.addFinite(exp, e);
        }
    }

    /** A limit for the text: the number, or why there is none (JSON has null there). */
    private static String limit(double v, double cl) {
        if (Double.isFinite(v)) {
            return String.format(Locale.ROOT, "%.5g", v);
        }
        return "none (CLs stays above " + Table.num(1 - cl, 3) + " up to the POI's upper bound; widen it with"
                + " --poi-bounds)";
    }
}
