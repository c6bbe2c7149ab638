package org.kinvis.fit.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.kinvis.fit.inference.AsymptoticCls;
import org.kinvis.fit.inference.LaplaceMarginal;
import org.kinvis.fit.inference.MaximumLikelihood;
import org.kinvis.fit.inference.ProfileScan;
import org.kinvis.fit.minimize.FitResult;
import org.kinvis.host.input.InputException;
import org.kinvis.host.input.JsonInput;
import org.kinvis.host.model.InterpolationSettings;
import org.kinvis.host.physics.Scenario;
import org.kinvis.host.physics.ScenarioParameter;
import org.kinvis.host.reweight.Reinterpretation;
import org.kinvis.host.workspace.WorkspaceReader;
import org.kinvis.kernels.Backend;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kinvis reinterpret}: the Belle II likelihood for a physics scenario — evaluate it, fit it (physics
 * parameters first in the result), or profile one physics parameter.
 */
@Command(name = "reinterpret", mixinStandardHelpOptions = true,
        description = "Evaluate, fit or scan the Belle II likelihood reinterpreted for a physics scenario.")
final class ReinterpretCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    FitOptions fitOptions;

    @Option(names = "--workspace", paramLabel = "W", description = "Workspace (default: the Belle II one).")
    Path workspace;

    @Option(names = "--interp", paramLabel = "SPEC",
            description = "Interpolation codes of the workspace, e.g. normsys=code1,histosys=code0.")
    String interp;

    @Option(names = "--scenario", paramLabel = "S", required = true, description = "Scenario (kinvis spectrum --list).")
    String scenario;

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "Scenario parameter value (start, or fixed).")
    List<String> set;

    @Option(names = "--free", paramLabel = "NAME", split = ",",
            description = "Physics parameters to fit (default: the scenario's usual ones, e.g. cvl,csl,ctl for wet).")
    List<String> free;

    static final class Mode {
        @Option(names = "--eval",
                description = "Evaluate the likelihood at the --set point, nuisances at their inits (default).")
        boolean eval;

        @Option(names = "--fit", description = "Maximum-likelihood fit (form factors as constrained nuisances).")
        boolean fit;

        @Option(names = "--scan", paramLabel = "NAME", description = "Profile scan of this physics parameter.")
        String scan;

        @Option(names = "--limit", paramLabel = "NAME",
                description = "Asymptotic CLs (q̃) upper limits on this physics parameter, observed and expected;"
                        + " with --over for each value of another one (e.g. --limit gs --over mass).")
        String limit;
    }

    @ArgGroup(exclusive = true)
    Mode mode;

    @Option(names = "--estimator", paramLabel = "E", defaultValue = "joint",
            description = "With --fit: " + FitOptions.ESTIMATOR_HELP + " Here the parameters of interest are the free"
                    + " physics parameters.")
    String estimator;

    @Option(names = "--over", paramLabel = "NAME",
            description = "With --limit: the physics parameter whose --values the limit is computed at (raster scan).")
    String over;

    @Option(names = "--cl", paramLabel = "CL", defaultValue = "0.95", description = "With --limit: confidence level.")
    double cl;

    @Option(names = "--values", paramLabel = "A:B:N", description = "Scan values with --scan (or --limit --over).")
    String values;

    @Option(names = "--scan2", paramLabel = "NAME", description = "Second parameter: a 2D scan with --scan.")
    String scan2;

    @Option(names = "--values2", paramLabel = "A:B:N", description = "Values of --scan2.")
    String values2;

    @Option(names = "--plot", paramLabel = "FILE",
            description = "Plot of the scan (curve, or heat map for 2D) or of --limit --over; .png, .svg or .pdf.")
    Path plot;

    @Mixin
    ValueGrid.Force force;

    @Spec
    CommandSpec spec;

    /** The physics parameters a fit frees by default. */
    static Set<String> defaultFree(Scenario s) {
        return switch (s.name()) {
            case "wet" -> Set.of("cvl", "csl", "ctl");
            case "sterile" -> Set.of("cvl", "csl", "ctl");
            case "scalar" -> Set.of("mass", "gs");
            case "alp" -> Set.of("mass", "cv_over_fa");
            case "vector" -> Set.of("mass", "gv");
            case "dm-scalar" -> Set.of("gs");
            case "dm-fermion" -> Set.of("cv");
            default -> Set.of();
        };
    }

    @Override
    public Integer call() throws java.io.IOException {
        common.json();
        var options = fitOptions.options();
        InterpolationSettings settings = InterpolationSettings.parse(interp);
        Scenario sc = Scenario.byName(scenario);
        double[] v = SpectrumCommand.values(sc, set);
        Set<String> freeSet = free != null ? new LinkedHashSet<>(free) : defaultFree(sc);
        Reinterpretation.checkFree(sc, freeSet);
        org.kinvis.fit.plot.Plots.check(plot);
        boolean limitMode = mode != null && mode.limit != null;
        if (over != null && !limitMode) {
            throw InputException.at("--over", over, "only with --limit");
        }
        if (values != null && (mode == null || (mode.scan == null && !(limitMode && over != null)))) {
            throw InputException.at("--values", values, "only with --scan or --limit --over");
        }
        double[] grid = null;
        if (mode != null && (mode.scan != null || over != null)) {
            ValueGrid g = ValueGrid.parse("--values", requireValues());
            ValueGrid.requireAffordable(force.force, mode.scan != null && scan2 != null && values2 != null
                    ? new ValueGrid[] {g, ValueGrid.parse("--values2", values2)} : new ValueGrid[] {g});
            String gp = mode.scan != null ? mode.scan : over;
            int gk = sc.indexOf(gp);
            if (gk >= 0) {
                g.requireWithin(sc.parameters().get(gk).lower(), sc.parameters().get(gk).upper(), gp);
            }
            grid = g.values();
        }
        int k2 = scan2 == null ? -1 : sc.indexOf(scan2);
        if (k2 >= 0 && values2 != null) {
            ValueGrid.parse("--values2", values2).requireWithin(sc.parameters().get(k2).lower(),
                    sc.parameters().get(k2).upper(), scan2);
        }
        if (limitMode) {
            return limits(sc, v, grid, settings, options);
        }
        Path ws = workspace != null ? workspace : common.dataFolder().require("combined_likelihood.json",
                "the default workspace", "--workspace");
        try (Backend backend = common.createBackend();
                Reinterpretation lik = new Reinterpretation(WorkspaceReader.read(ws), common.dataDir(), sc, v, freeSet,
                        settings, backend)) {
            ObjectNode result = JsonInput.mapper().createObjectNode();
            result.put("scenario", sc.name());
            result.put("backend", backend.name());
            long t0 = System.nanoTime();
            StringBuilder text = new StringBuilder();
            int code = 0;
            int scanCode = 0;
            Map<String, Double> fixedValues = fitOptions.fixed(lik.parameters());
            if (!fixedValues.isEmpty() && (mode == null || !mode.fit)) {
                throw InputException.at("--fix", String.join(",", fixedValues.keySet()),
                        "only with --fit (scans fix their own parameters; use --set for physics values)");
            }
            boolean marginal = FitOptions.marginal(estimator);
            if (marginal && (mode == null || !mode.fit)) {
                throw InputException.at("--estimator", estimator, "only with --fit");
            }
            if (mode != null && mode.fit && marginal) {
                List<String> physics = lik.parameters().names().stream()
                        .filter(n -> freeSet.contains(n) && !fixedValues.containsKey(n)).toList();
                LaplaceMarginal.Result m = LaplaceMarginal.mode(lik, physics, fixedValues, options);
                result.put("estimator", "marginal");
                fitJson(result, m.mode(), sc, lik);
                result.put("minus_two_log_marginal", m.marginal().fval());
                result.put("conditional_fits", m.conditionalFits());
                ObjectNode j = result.putObject("joint");
                for (String n : physics) {
                    j.put(n, m.joint().value(n));
                }
                j.put("twice_nll", m.joint().fval());
                text.append(m.marginal().format(physics.size()));
                text.append("marginal posterior mode (nuisances integrated out, Laplace approximation):\n");
                text.append(physicsText(m.mode(), sc, lik));
                text.append("joint mode (constrained MLE):");
                for (String n : physics) {
                    text.append(String.format(Locale.ROOT, " %s = %.6g", n, m.joint().value(n)));
                }
                text.append('\n');
                if (m.invalidFits() > 0) {
                    text.append(m.invalidFits() + " conditional fits did not converge or had no positive-definite"
                            + " Hessian\n");
                }
                code = m.valid() ? 0 : Kinvis.EXIT_INTERNAL;
            } else if (mode != null && mode.fit) {
                FitResult r = MaximumLikelihood.fit(lik, fixedValues, options);
                result.put("estimator", "joint");
                fitJson(result, r, sc, lik);
                text.append(r.format(0));
                text.append(physicsText(r, sc, lik));
                code = r.valid() ? 0 : Kinvis.EXIT_INTERNAL;
            } else if (mode != null && mode.scan != null && scan2 != null) {
                for (String p : new String[] {mode.scan, scan2}) {
                    if (lik.parameters().indexOf(p) < 0 || sc.indexOf(p) >= sc.parameters().size() - 8) {
                        throw InputException.at("--scan/--scan2", p, "not a physics parameter of scenario " + sc.name());
                    }
                }
                if (values2 == null) {
                    throw InputException.at("--scan2", scan2, "needs --values2 A:B:N");
                }
                double[] grid2 = ValueGrid.parse("--values2", values2).values();
                ProfileScan.Result2 r = ProfileScan.scan2d(lik, mode.scan, grid, scan2, grid2, options);
                result.put("poi", mode.scan);
                result.put("poi2", scan2);
                ArrayNode pts = result.putArray("points");
                double[][] d = new double[grid.length][grid2.length];
                int idx = 0;
                text.append(String.format(Locale.ROOT, "2D profile scan of %s × %s (scenario %s)%n", mode.scan, scan2,
                        sc.name()));
                for (ProfileScan.Point2 p : r.points()) {
                    ObjectNode o = pts.addObject();
                    o.put("value", p.x());
                    o.put("value2", p.y());
                    o.put("twice_nll", p.twiceNll());
                    o.put("delta_twice_nll", p.deltaTwiceNll());
                    o.put("converged", p.valid());
                    d[idx / grid2.length][idx % grid2.length] = p.deltaTwiceNll();
                    idx++;
                    text.append(String.format(Locale.ROOT, "%12.6g %12.6g %12.6f%s%n", p.x(), p.y(),
                            p.deltaTwiceNll(), p.deltaTwiceNll() > 5.99 ? "  outside the 95% CL region (2 dof)" : ""));
                }
                fitJson(result.putObject("bestfit"), r.bestfit(), sc, lik);
                result.put("converged", r.valid());
                scanCode = r.valid() ? 0 : Kinvis.EXIT_INTERNAL;
                if (plot != null) {
                    org.kinvis.fit.plot.Plots.profile2d(plot, sc, mode.scan, scan2, grid, grid2, d,
                            r.bestfit().value(mode.scan), r.bestfit().value(scan2));
                }
            } else if (mode != null && mode.scan != null) {
                if (lik.parameters().indexOf(mode.scan) < 0 || sc.indexOf(mode.scan) >= sc.parameters().size() - 8) {
                    throw InputException.at("--scan", mode.scan, "not a physics parameter of scenario " + sc.name());
                }
                ProfileScan.Result r = ProfileScan.scan(lik, mode.scan, grid, options);
                result.put("poi", mode.scan);
                ArrayNode pts = result.putArray("points");
                text.append(String.format(Locale.ROOT, "profile scan of %s (scenario %s)%n", mode.scan, sc.name()));
                for (ProfileScan.Point p : r.points()) {
                    ObjectNode o = pts.addObject();
                    o.put("value", p.value());
                    o.put("twice_nll", p.twiceNll());
                    o.put("delta_twice_nll", p.deltaTwiceNll());
                    o.put("converged", p.valid());
                    text.append(String.format(Locale.ROOT, "%12.6g %16.8f %12.6f%s%n", p.value(), p.twiceNll(),
                            p.deltaTwiceNll(), p.valid() ? "" : "  (not converged)"));
                }
                fitJson(result.putObject("bestfit"), r.bestfit(), sc, lik);
                result.put("converged", r.valid());
                scanCode = r.valid() ? 0 : Kinvis.EXIT_INTERNAL;
                if (plot != null) {
                    double[] d = r.points().stream().mapToDouble(ProfileScan.Point::deltaTwiceNll).toArray();
                    org.kinvis.fit.plot.Plots.profile(plot, sc, mode.scan, grid, d, r.bestfit().value(mode.scan));
                }
            } else {
                double[] x = lik.setPoint();
                double lp = lik.logpdf(x, 1)[0];
                result.put("logpdf", lp);
                result.put("twice_nll", -2 * lp);
                ArrayNode f = result.putArray("signal_factors");
                for (double d : lik.factors(x, 0)) {
                    f.add(d);
                }
                text.append(String.format(Locale.ROOT, "scenario %s at the --set point: logpdf = %.10g, twice_nll ="
                        + " %.10g%n", sc.name(), lp, -2 * lp));
            }
            result.put("seconds", (System.nanoTime() - t0) / 1e9);
            Output.emit(common, result, text.toString(), spec.commandLine().getOut());
            if (code != 0) {
                spec.commandLine().getErr().println("kinvis: the fit did not converge");
            }
            if (scanCode != 0) {
                spec.commandLine().getErr().println("kinvis: some fits of the scan did not converge, even after"
                        + " recovery (see \"converged\" in the JSON)");
            }
            return Math.max(code, scanCode);
        }
    }

    private String requireValues() {
        if (values == null) {
            throw InputException.at(mode.scan != null ? "--scan" : "--over", mode.scan != null ? mode.scan : over,
                    "needs --values A:B:N");
        }
        return values;
    }

    /**
     * {@code --limit P [--over Q --values A:B:N]}: for each value of Q (or once at the --set point), a
     * reinterpretation with P as the only free physics parameter and asymptotic CLs upper limits on it.
     */
    private Integer limits(Scenario sc, double[] v, double[] grid, InterpolationSettings settings,
            org.kinvis.fit.minimize.Migrad.Options options) throws java.io.IOException {
        String p = mode.limit;
        int nPhys = sc.parameters().size() - 8;
        int kp = sc.indexOf(p);
        if (kp < 0 || kp >= nPhys) {
            throw InputException.at("--limit", p, "not a physics parameter of scenario " + sc.name());
        }
        int ko = over == null ? -1 : sc.indexOf(over);
        if (over != null && (ko < 0 || ko >= nPhys || ko == kp)) {
            throw InputException.at("--over", over, "not another physics parameter of scenario " + sc.name());
        }
        LimitCommand.checkConfidenceLevel(cl);
        if (fitOptions.fix != null && !fitOptions.fix.isEmpty()) {
            throw InputException.at("--fix", String.join(",", fitOptions.fix), "only with --fit");
        }
        double[] at = grid != null ? grid : new double[] {v[Math.max(ko, 0)]};
        if (plot != null && (over == null || at.length < 2)) {
            throw InputException.at("--plot", plot.toString(), "needs --over with at least two --values");
        }
        ScenarioParameter sp = sc.parameters().get(kp);
        double[] bounds = {sp.lower(), sp.upper()};
        Path ws = workspace != null ? workspace : common.dataFolder().require("combined_likelihood.json",
                "the default workspace", "--workspace");
        var spec0 = WorkspaceReader.read(ws);
        ObjectNode result = JsonInput.mapper().createObjectNode();
        result.put("scenario", sc.name());
        result.put("poi", p);
        result.put("cl", cl);
        if (over != null) {
            result.put("over", over);
        }
        ArrayNode pts = result.putArray("points");
        double[] obs = new double[at.length];
        double[] best = new double[at.length];
        var physical = org.kinvis.fit.plot.TwoBodyBranching.of(sc, v, p, over);
        double[][] exp = new double[at.length][];
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                "asymptotic CLs (q̃), %.0f%% CL upper limits on %s (scenario %s)%n%12s %12s %12s %12s %12s %12s %12s%n",
                100 * cl, p, sc.name(), over == null ? "" : over, "observed", "exp -2σ", "-1σ", "median", "+1σ",
                "+2σ"));
        long t0 = System.nanoTime();
        List<org.kinvis.fit.inference.FitRecord> fits = new java.util.ArrayList<>();
        try (Backend backend = common.createBackend()) {
            result.put("backend", backend.name());
            for (int i = 0; i < at.length; i++) {
                double[] vi = v.clone();
                if (ko >= 0) {
                    vi[ko] = at[i];
                }
                vi[kp] = Math.max(vi[kp], bounds[0]);
                try (Reinterpretation lik = new Reinterpretation(spec0, common.dataDir(), sc, vi, Set.of(p), settings,
                        backend); AsymptoticCls calc = new AsymptoticCls(lik, p, bounds, options)) {
                    AsymptoticCls.Limits l = calc.limits(cl, 1e-3);
                    obs[i] = l.observed();
                    exp[i] = l.expected();
                    fits.addAll(l.fits());
                    ObjectNode o = pts.addObject();
                    o.put("converged", l.valid());
                    if (over != null) {
                        o.put("value", at[i]);
                    }
                    best[i] = calc.freeFit().value(p);
                    o.put("best_fit", best[i]);
                    putFinite(o, "observed", obs[i]);
                    ArrayNode e = o.putArray("expected");
                    for (double x : exp[i]) {
                        if (Double.isFinite(x)) {
                            e.add(x);
                        } else {
                            e.addNull();
                        }
                    }
                    if (physical != null) {
                        // BR(B → K X)·BR(X → inv) of each limit, through the scenario's branching ratio
                        o.put("best_fit_branching_ratio", physical.at(at[i], best[i]));
                        putFinite(o, "observed_branching_ratio", physical.at(at[i], obs[i]));
                        ArrayNode eb = o.putArray("expected_branching_ratio");
                        for (double x : exp[i]) {
                            double b = physical.at(at[i], x);
                            if (Double.isFinite(b)) {
                                eb.add(b);
                            } else {
                                eb.addNull();
                            }
                        }
                    }
                    text.append(String.format(Locale.ROOT, "%12s %12.5g %12.5g %12.5g %12.5g %12.5g %12.5g%n",
                            over == null ? "" : String.format(Locale.ROOT, "%.5g", at[i]), obs[i], exp[i][0],
                            exp[i][1], exp[i][2], exp[i][3], exp[i][4]));
                }
            }
        }
        text.append("(inf: not excluded within the parameter's bounds; the expected band is −2σ … +2σ)\n");
        result.put("seconds", (System.nanoTime() - t0) / 1e9);
        if (plot != null) {
            org.kinvis.fit.plot.Plots.limits(plot, sc, v, over, p, at, obs, exp, best, cl, bounds[1]);
        }
        result.put("converged", org.kinvis.fit.inference.FitRecord.allValid(fits));
        Output.emit(common, result, text.toString(), spec.commandLine().getOut());
        return FitJson.reportInvalid(fits, "the limits", spec.commandLine().getErr());
    }

    private static void putFinite(ObjectNode o, String key, double x) {
        if (Double.isFinite(x)) {
            o.put(key, x);
        } else {
            o.putNull(key);
        }
    }

    private static void fitJson(ObjectNode result, FitResult r, Scenario sc, Reinterpretation lik) {
        result.put("converged", r.valid());
        result.put("status", r.status());
        result.put("twice_nll", r.fval());
        result.put("edm", r.edm());
        result.put("nfcn", r.nfcn());
        ObjectNode pars = result.putObject("parameters");
        // physics parameters first, then the form-factor nuisances, then the workspace's
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

    private static String physicsText(FitResult r, Scenario sc, Reinterpretation lik) {
        StringBuilder sb = new StringBuilder();
        int nPhys = sc.parameters().size() - 8;
        for (int i = 0; i < nPhys; i++) {
            String n = sc.parameters().get(i).name();
            int k = r.indexOf(n);
            sb.append(String.format(Locale.ROOT, "  %-16s %14.6g %12.4g%s%n", n, r.values()[k], r.errors()[k],
                    r.fixed()[k] ? "  fixed" : ""));
        }
        double[] sv = lik.scenarioValues(r.values(), 0);
        sb.append(String.format(Locale.ROOT, "  BR(B+ -> K+ inv) at the best fit = %.4g%n",
                sc.spectrum(sv).branchingRatio()));
        return sb.toString();
    }
}
