package org.kinvis.fit.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import org.kinvis.fit.inference.LaplaceMarginal;
import org.kinvis.fit.inference.MaximumLikelihood;
import org.kinvis.fit.inference.ProfileScan;
import org.kinvis.fit.inference.RasterLimits;
import org.kinvis.fit.minimize.Migrad;
import org.kinvis.fit.plot.Plots;
import org.kinvis.host.input.InputException;
import org.kinvis.host.model.InterpolationSettings;
import org.kinvis.host.physics.Scenario;
import org.kinvis.host.physics.ScenarioParameter;
import org.kinvis.host.reweight.Reinterpretation;
import org.kinvis.host.workspace.PatchRequest;
import org.kinvis.host.workspace.Workspace;
import org.kinvis.host.workspace.WorkspaceReader;
import org.kinvis.kernels.Backend;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kinvis reinterpret}: the Belle II likelihood for a physics scenario — evaluate it, fit it, profile one
 * or two physics parameters, or set CLs limits on one (over the values of another). Parses and checks the
 * options, calls the library ({@link Reinterpretation}, {@link MaximumLikelihood}, {@link LaplaceMarginal},
 * {@link ProfileScan}, {@link RasterLimits}) and hands the result to {@link ReinterpretView}.
 */
@Command(name = "reinterpret", mixinStandardHelpOptions = true,
        description = {"Evaluate, fit, scan or limit the Belle II likelihood reinterpreted for a physics scenario.",
            "--plot draws the scan (a curve; a heat map with 1σ/2σ contours in 2D) or the limits of --limit --over"
                    + " (against the --over parameter; for two-body scenarios also as BR(B⁺→K⁺X)·BR(X→inv))."})
final class ReinterpretCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    FitOptions fitOptions;

    @Mixin
    ScenarioOptions scenario;

    @Mixin
    WorkspaceSource source;

    @Option(names = "--interp", paramLabel = "SPEC",
            description = "Interpolation codes of the workspace, e.g. normsys=code1,histosys=code0.")
    String interp;

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

    @Mixin
    InferenceOptions.Estimator estimator;

    @Option(names = "--over", paramLabel = "NAME",
            description = "With --limit: the physics parameter whose --values the limit is computed at (raster scan).")
    String over;

    @Mixin
    InferenceOptions.ConfidenceLevel cl;

    @Option(names = "--values", paramLabel = "A:B:N", description = "Scan values with --scan (or --limit --over).")
    String values;

    @Option(names = "--scan2", paramLabel = "NAME", description = "Second parameter: a 2D scan with --scan.")
    String scan2;

    @Option(names = "--values2", paramLabel = "A:B:N", description = "Values of --scan2.")
    String values2;

    @Mixin
    PlotOption plotOption;

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

    /** What was asked for, checked: the scenario at its --set point, the free parameters, the grids. */
    private record Request(Scenario sc, double[] point, Set<String> free, InterpolationSettings settings,
            Migrad.Options options, Path plot, double[] grid, double[] grid2) {
    }

    @Override
    public Integer call() throws IOException {
        boolean json = common.json();
        Request q = request();
        boolean fit = mode != null && mode.fit;
        boolean marginal = estimator.marginal();
        if (marginal && !fit) {
            throw InputException.at("--estimator", estimator.estimator, "only with --fit");
        }
        if (mode != null && mode.limit != null) {
            return limits(q, json);
        }
        if (fitOptions.fix != null && !fitOptions.fix.isEmpty() && !fit) {
            throw InputException.at("--fix", String.join(",", fitOptions.fix),
                    "only with --fit (scans fix their own parameters; use --set for physics values)");
        }
        Workspace ws = workspace();
        ReinterpretView view = new ReinterpretView(q.sc);
        try (TerminalProgress bar = TerminalProgress.open(spec.commandLine().getErr(), json, "reinterpret", "fits");
                Backend backend = common.createBackend(); Reinterpretation lik = new Reinterpretation(ws,
                common.dataDir(), q.sc, q.point, q.free, q.settings, backend)) {
            view.json().put("backend", backend.name());
            long t0 = System.nanoTime();
            ReinterpretView.Shown shown;
            if (fit) {
                Map<String, Double> fixed = fitOptions.fixed(lik.parameters());
                if (marginal) {
                    List<String> physics = lik.parameters().names().stream()
                            .filter(n -> q.free.contains(n) && !fixed.containsKey(n)).toList();
                    LaplaceMarginal.Result m = LaplaceMarginal.mode(lik, physics, fixed, q.options, bar);
                    shown = view.marginal(m, physics, lik);
                } else {
                    shown = view.fit(MaximumLikelihood.fit(lik, fixed, q.options), lik);
                }
            } else if (mode != null && mode.scan != null && scan2 != null) {
                ProfileScan.Result2 r = ProfileScan.scan2d(lik, mode.scan, q.grid, scan2, q.grid2, Map.of(),
                        q.options, bar);
                shown = view.scan2d(r, q.grid, q.grid2, lik);
                bar.close();
                if (q.plot != null) {
                    Plots.profile2d(q.plot, q.sc, mode.scan, scan2, q.grid, q.grid2, ScanView.deltas(r, q.grid2.length),
                            r.bestfit().value(mode.scan), r.bestfit().value(scan2));
                }
            } else if (mode != null && mode.scan != null) {
                ProfileScan.Result r = ProfileScan.scan(lik, mode.scan, q.grid, Map.of(), q.options, bar);
                shown = view.scan(r, lik);
                bar.close();
                if (q.plot != null) {
                    Plots.profile(q.plot, q.sc, mode.scan, q.grid, r.points().stream()
                            .mapToDouble(ProfileScan.Point::deltaTwiceNll).toArray(), r.bestfit().value(mode.scan));
                }
            } else {
                shown = view.eval(lik);
            }
            bar.close();
            view.json().put("seconds", (System.nanoTime() - t0) / 1e9);
            Output.emit(common, view.json(), view.text(), spec.commandLine().getOut());
            if (!shown.valid()) {
                spec.commandLine().getErr().println(shown.failure());
                return Kinvis.EXIT_INTERNAL;
            }
            return 0;
        }
    }

    /** The options checked against each other and the scenario, before anything is read or computed. */
    private Request request() {
        Migrad.Options options = fitOptions.options();
        InterpolationSettings settings = InterpolationSettings.parse(interp);
        Scenario sc = scenario.scenario();
        double[] v = scenario.values(sc);
        Set<String> freeSet = free != null ? new LinkedHashSet<>(free) : defaultFree(sc);
        for (String f : freeSet) {
            Names.physics(sc, "--free", f);
        }
        Path plot = plotOption.checked();
        boolean limitMode = mode != null && mode.limit != null;
        if (over != null && !limitMode) {
            throw InputException.at("--over", over, "only with --limit");
        }
        boolean scanMode = mode != null && mode.scan != null;
        if (values != null && !scanMode && !(limitMode && over != null)) {
            throw InputException.at("--values", values, "only with --scan or --limit --over");
        }
        if (scan2 != null && !scanMode) {
            throw InputException.at("--scan2", scan2, "only with --scan");
        }
        if (plot != null && !scanMode && !(limitMode && over != null)) {
            throw InputException.at("--plot", plot.toString(), "draws a scan or the limits of --limit --over");
        }
        double[] grid = null;
        double[] grid2 = null;
        if (scanMode || over != null) {
            String gp = scanMode ? mode.scan : over;
            if (values == null) {
                throw InputException.at(scanMode ? "--scan" : "--over", gp, "needs --values A:B:N");
            }
            ValueGrid g = ValueGrid.parse("--values", values);
            ValueGrid g2 = scanMode && scan2 != null && values2 != null ? ValueGrid.parse("--values2", values2)
                    : null;
            ValueGrid.requireAffordable(force.force, g2 != null ? new ValueGrid[] {g, g2} : new ValueGrid[] {g});
            within(sc, g, gp);
            grid = g.values();
            if (scan2 != null) {
                if (g2 == null) {
                    throw InputException.at("--scan2", scan2, "needs --values2 A:B:N");
                }
                within(sc, g2, scan2);
                grid2 = g2.values();
            }
        }
        if (scanMode) {
            Names.physics(sc, "--scan", mode.scan);
            if (scan2 != null && Names.physics(sc, "--scan2", scan2) == sc.indexOf(mode.scan)) {
                throw InputException.at("--scan2", scan2, "expected another physics parameter than --scan");
            }
        }
        return new Request(sc, v, freeSet, settings, options, plot, grid, grid2);
    }

    /** A grid of a scenario parameter must lie within its bounds (checked for known names only). */
    private static void within(Scenario sc, ValueGrid g, String parameter) {
        int k = sc.indexOf(parameter);
        if (k >= 0) {
            ScenarioParameter p = sc.parameters().get(k);
            g.requireWithin(p.lower(), p.upper(), parameter);
        }
    }

    /** The workspace (--workspace, else the data folder's), with the --patch patches applied. */
    private Workspace workspace() {
        PatchRequest.Patched d = source.document(common.dataFolder());
        return WorkspaceReader.fromJson(d.spec(), d.source());
    }

    /**
     * {@code --limit P [--over Q --values A:B:N]}: for each value of Q (or once at the --set point), a
     * reinterpretation with P as the only free physics parameter and asymptotic CLs upper limits on it.
     */
    private Integer limits(Request q, boolean json) throws IOException {
        String p = mode.limit;
        int kp = Names.physics(q.sc, "--limit", p);
        int ko = -1;
        if (over != null) {
            ko = Names.physics(q.sc, "--over", over);
            if (ko == kp) {
                throw InputException.at("--over", over, "expected another physics parameter than --limit");
            }
        }
        double level = cl.value();
        if (fitOptions.fix != null && !fitOptions.fix.isEmpty()) {
            throw InputException.at("--fix", String.join(",", fitOptions.fix), "only with --fit");
        }
        double[] at = q.grid != null ? q.grid : new double[] {Double.NaN};
        if (q.plot != null && at.length < 2) {
            throw InputException.at("--plot", q.plot.toString(), "needs --over with at least two --values");
        }
        ScenarioParameter sp = q.sc.parameters().get(kp);
        double[] bounds = {sp.lower(), sp.upper()};
        Workspace ws = workspace();
        Path data = common.dataDir();
        final int kOver = ko;
        long t0 = System.nanoTime();
        RasterLimits r;
        String backendName;
        try (TerminalProgress bar = TerminalProgress.open(spec.commandLine().getErr(), json, "reinterpret", "fits");
                Backend backend = common.createBackend()) {
            backendName = backend.name();
            r = RasterLimits.compute(value -> {
                double[] vi = q.point.clone();
                if (kOver >= 0) {
                    vi[kOver] = value;
                }
                vi[kp] = Math.max(vi[kp], bounds[0]);
                return new Reinterpretation(ws, data, q.sc, vi, Set.of(p), q.settings, backend);
            }, p, bounds, at, level, 1e-3, q.options, bar);
        }
        ReinterpretView view = new ReinterpretView(q.sc);
        view.json().put("backend", backendName);
        ReinterpretView.Shown shown = view.limits(r, over, q.point, bounds[1]);
        view.json().put("seconds", (System.nanoTime() - t0) / 1e9);
        if (q.plot != null) {
            Plots.limits(q.plot, q.sc, q.point, over, p, at, view.column(r, RasterLimits.Point::observed),
                    r.points().stream().map(RasterLimits.Point::expected).toArray(double[][]::new),
                    view.column(r, RasterLimits.Point::bestFit), level, bounds[1]);
        }
        Output.emit(common, view.json(), view.text(), spec.commandLine().getOut());
        return FitJson.reportInvalid(r.fits(), "the limits", spec.commandLine().getErr());
    }
}
