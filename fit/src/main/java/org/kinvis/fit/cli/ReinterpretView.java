package org.kinvis.fit.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import org.kinvis.fit.inference.LaplaceMarginal;
import org.kinvis.fit.inference.ProfileScan;
import org.kinvis.fit.inference.RasterLimits;
import org.kinvis.fit.minimize.FitResult;
import org.kinvis.fit.plot.TwoBodyBranching;
import org.kinvis.host.input.JsonInput;
import org.kinvis.host.physics.Scenario;
import org.kinvis.host.reweight.Reinterpretation;

/**
 * How {@code kinvis reinterpret} shows its results: one JSON object and one text (tables with column headers)
 * built from the library's result records. Keys: {@code scenario}, {@code backend}, {@code seconds}, and per
 * mode — eval: {@code logpdf, twice_nll, signal_factors}; fit: {@code estimator}, the fit ({@code converged,
 * status, twice_nll, edm, nfcn, parameters} with the physics parameters first, {@code form_factors,
 * branching_ratio}), for the marginal estimator also {@code minus_two_log_marginal, conditional_fits, joint};
 * scan: {@code poi, [poi2,] points, bestfit, converged}; limits: {@code poi, cl, [over,] points, converged}.
 */
final class ReinterpretView {
    /** Whether the result is valid, and the stderr line saying why not. */
    record Shown(boolean valid, String failure) {
        static final Shown OK = new Shown(true, "");
    }

    private final Scenario sc;
    private final ObjectNode json = JsonInput.mapper().createObjectNode();
    private final StringBuilder text = new StringBuilder();

    ReinterpretView(Scenario sc) {
        this.sc = sc;
        json.put("scenario", sc.name());
    }

    ObjectNode json() {
        return json;
    }

    String text() {
        return text.toString();
    }

    /** The likelihood at the --set point, nuisances at their inits. */
    Shown eval(Reinterpretation lik) {
        double[] x = lik.setPoint();
        double lp = lik.logpdf(x, 1)[0];
        json.put("logpdf", lp);
        json.put("twice_nll", -2 * lp);
        ArrayNode f = json.putArray("signal_factors");
        for (double d : lik.factors(x, 0)) {
            f.add(d);
        }
        text.append(String.format(Locale.ROOT, "scenario %s at the --set point: logpdf = %.10g, twice_nll = %.10g%n",
                sc.name(), lp, -2 * lp));
        return Shown.OK;
    }

    /** The joint mode (constrained MLE). */
    Shown fit(FitResult r, Reinterpretation lik) {
        json.put("estimator", "joint");
        fitJson(json, r, lik);
        text.append(r.format(0)).append(physicsTable(r, lik));
        return r.valid() ? Shown.OK : new Shown(false, "kinvis: the fit did not converge");
    }

    /** The marginal mode of {@code physics}, nuisances integrated out. */
    Shown marginal(LaplaceMarginal.Result m, List<String> physics, Reinterpretation lik) {
        json.put("estimator", "marginal");
        fitJson(json, m.mode(), lik);
        json.put("minus_two_log_marginal", m.marginal().fval());
        json.put("conditional_fits", m.conditionalFits());
        ObjectNode j = json.putObject("joint");
        Table joint = Table.named("parameter", "joint mode (MLE)", "marginal mode");
        for (String n : physics) {
            j.put(n, m.joint().value(n));
            joint.row(n, Table.num(m.joint().value(n)), Table.num(m.mode().value(n)));
        }
        j.put("twice_nll", m.joint().fval());
        text.append(m.marginal().format(physics.size()));
        text.append("marginal posterior mode (nuisances integrated out, Laplace approximation):\n");
        text.append(physicsTable(m.mode(), lik));
        text.append(joint);
        if (m.invalidFits() > 0) {
            text.append(m.invalidFits()).append(" conditional fits did not converge or had no positive-definite"
                    + " Hessian\n");
        }
        return m.valid() ? Shown.OK : new Shown(false, "kinvis: the fit did not converge");
    }

    /** A 1D profile scan of a physics parameter. */
    Shown scan(ProfileScan.Result r, Reinterpretation lik) {
        json.put("poi", r.parameter());
        text.append(String.format(Locale.ROOT, "profile scan of %s (scenario %s)%n", r.parameter(), sc.name()));
        text.append(ScanView.points(json.putArray("points"), r));
        fitJson(json.putObject("bestfit"), r.bestfit(), lik);
        text.append(String.format(Locale.ROOT, "best fit %s = %s%s%n", r.parameter(),
                Table.num(r.bestfit().value(r.parameter())), r.bestfit().valid() ? "" : "  (not converged)"));
        return scanValidity(r.valid());
    }

    /** A 2D profile scan of two physics parameters. */
    Shown scan2d(ProfileScan.Result2 r, double[] xs, double[] ys, Reinterpretation lik) {
        json.put("poi", r.parameterX());
        json.put("poi2", r.parameterY());
        text.append(String.format(Locale.ROOT, "2D profile scan of %s × %s (scenario %s)%n", r.parameterX(),
                r.parameterY(), sc.name()));
        text.append(ScanView.points2d(json.putArray("points"), r, 5.99, "outside the 95% CL region (2 dof)"));
        fitJson(json.putObject("bestfit"), r.bestfit(), lik);
        text.append(String.format(Locale.ROOT, "best fit %s = %s, %s = %s%s%n", r.parameterX(),
                Table.num(r.bestfit().value(r.parameterX())), r.parameterY(),
                Table.num(r.bestfit().value(r.parameterY())), r.bestfit().valid() ? "" : "  (not converged)"));
        return scanValidity(r.valid());
    }

    private Shown scanValidity(boolean valid) {
        json.put("converged", valid);
        return valid ? Shown.OK : new Shown(false, "kinvis: some fits of the scan did not converge, even after"
                + " recovery (see \"converged\" in the JSON)");
    }

    /**
     * Upper limits, one row per raster value; for two-body scenarios each limit also as BR(B⁺→K⁺X)·BR(X→inv).
     *
     * @param over     the raster parameter, or null for one limit at the --set point
     * @param upper    the POI's upper bound (where "inf" means not excluded)
     */
    Shown limits(RasterLimits r, String over, double[] point, double upper) {
        json.put("poi", r.poi());
        json.put("cl", r.cl());
        if (over != null) {
            json.put("over", over);
        }
        TwoBodyBranching physical = TwoBodyBranching.of(sc, point, r.poi(), over);
        ArrayNode pts = json.putArray("points");
        Table t = over != null ? Table.numeric(over, "observed", "exp −2σ", "−1σ", "median", "+1σ", "+2σ")
                : Table.numeric("observed", "exp −2σ", "−1σ", "median", "+1σ", "+2σ");
        for (RasterLimits.Point p : r.points()) {
            ObjectNode o = pts.addObject();
            o.put("converged", p.valid());
            if (over != null) {
                o.put("value", p.value());
            }
            o.put("best_fit", p.bestFit());
            FitJson.putFinite(o, "observed", p.observed());
            ArrayNode e = o.putArray("expected");
            for (double x : p.expected()) {
                FitJson.addFinite(e, x);
            }
            if (physical != null) {
                // BR(B → K X)·BR(X → inv) of each limit, through the scenario's branching ratio
                o.put("best_fit_branching_ratio", physical.at(p.value(), p.bestFit()));
                FitJson.putFinite(o, "observed_branching_ratio", physical.at(p.value(), p.observed()));
                ArrayNode eb = o.putArray("expected_branching_ratio");
                for (double x : p.expected()) {
                    FitJson.addFinite(eb, physical.at(p.value(), x));
                }
            }
            String[] cells = new String[over != null ? 7 : 6];
            int c = 0;
            if (over != null) {
                cells[c++] = Table.num(p.value(), 5);
            }
            cells[c++] = Table.num(p.observed(), 5);
            for (double x : p.expected()) {
                cells[c++] = Table.num(x, 5);
            }
            t.noted(p.valid() ? "" : "(a fit did not converge)", cells);
        }
        json.put("converged", r.valid());
        text.append(String.format(Locale.ROOT, "asymptotic CLs (q̃), %.0f%% CL upper limits on %s (scenario %s)%n",
                100 * r.cl(), r.poi(), sc.name()));
        text.append(t);
        text.append(String.format(Locale.ROOT, "(inf: not excluded up to %s = %s, the parameter's bound; the expected"
                + " band is −2σ … +2σ)%n", r.poi(), Table.num(upper)));
        return r.valid() ? Shown.OK : new Shown(false, "");
    }

    /** One column of the raster limits. */
    double[] column(RasterLimits r, ToDoubleFunction<RasterLimits.Point> f) {
        return r.points().stream().mapToDouble(f).toArray();
    }

    /** A fit: state, parameters (physics first, then the form-factor nuisances, then the workspace's), BR. */
    private void fitJson(ObjectNode result, FitResult r, Reinterpretation lik) {
        result.put("converged", r.valid());
        result.put("status", r.status());
        result.put("twice_nll", r.fval());
        result.put("edm", r.edm());
        result.put("nfcn", r.nfcn());
        ObjectNode pars = result.putObject("parameters");
        List<String> names = r.names();
        int nPhys = sc.parameters().size() - 8;
        int physStart = names.indexOf(sc.parameters().get(0).name());
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < names.size(); i++) {
                boolean phys = i >= physStart && i < physStart + nPhys + 8;
                if ((pass == 0) == phys) {
                    ObjectNode p = pars.putObject(names.get(i));
                    p.put("value", r.values()[i]);
                    p.put("error", r.errors()[i]);
                    p.put("fixed", r.fixed()[i]);
                }
            }
        }
        double[] sv = lik.scenarioValues(r.values(), 0);
        ObjectNode ff = result.putObject("form_factors");
        for (int k = 0; k < 8; k++) {
            ff.put(sc.parameters().get(sc.parameters().size() - 8 + k).name(), sv[sv.length - 8 + k]);
        }
        result.put("branching_ratio", sc.spectrum(sv).branchingRatio());
    }

    /** The physics parameters of a fit as a table, then BR(B⁺ → K⁺ inv) there. */
    private String physicsTable(FitResult r, Reinterpretation lik) {
        Table t = Table.named("parameter", "value", "error");
        for (String n : Names.physics(sc)) {
            int k = r.indexOf(n);
            t.noted(r.fixed()[k] ? "fixed" : "", n, Table.num(r.values()[k]), Table.num(r.errors()[k], 4));
        }
        double[] sv = lik.scenarioValues(r.values(), 0);
        return t + String.format(Locale.ROOT, "BR(B+ -> K+ inv) at the best fit = %.4g%n",
                sc.spectrum(sv).branchingRatio());
    }
}
