package org.kinvis.fit.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.kinvis.fit.inference.FitRecord;
import org.kinvis.fit.inference.ProfileScan;
import org.kinvis.fit.minimize.FitResult;
import org.kinvis.fit.plot.Plots;
import org.kinvis.host.input.InputException;
import org.kinvis.host.input.JsonInput;
import org.kinvis.host.model.CompiledModel;
import org.kinvis.host.model.HistFactoryLikelihood;
import org.kinvis.kernels.Backend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kinvis scan}: 1D profile-likelihood scan with JSON and an optional PNG. */
@Command(name = "scan", mixinStandardHelpOptions = true,
        description = {"Profile-likelihood scan of one parameter (or two, with --poi2).",
            "--plot draws Δ(−2 ln L) against the parameter (2D: a heat map with the 1σ/2σ contours)."})
final class ScanCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    FitOptions fitOptions;

    @Option(names = "--poi", paramLabel = "P", description = "Parameter to scan (default: the model's POI).")
    String poi;

    @Option(names = "--values", paramLabel = "A:B:N", required = true,
            description = "N equally spaced values from A to B (inclusive).")
    String values;

    @Mixin
    PlotOption plotOption;

    @Option(names = "--poi2", paramLabel = "P2", description = "Second parameter: a 2D scan.")
    String poi2;

    @Option(names = "--values2", paramLabel = "A:B:N", description = "Values of --poi2.")
    String values2;

    @Mixin
    ValueGrid.Force force;

    @Spec
    CommandSpec spec;

    private Integer scan2d(CompiledModel model, String par, double[] grid, Map<String, Double> fixed,
            org.kinvis.fit.minimize.Migrad.Options o, Path plot) throws IOException {
        if (Names.parameter(model.parameters(), "--poi2", poi2, poi2) >= 0 && poi2.equals(par)) {
            throw InputException.at("--poi2", poi2, "expected another parameter of the model than --poi");
        }
        if (fixed.containsKey(poi2)) {
            throw InputException.at("--fix", poi2, "the scanned parameter --poi2 cannot also be fixed");
        }
        if (values2 == null) {
            throw InputException.at("--poi2", poi2, "needs --values2 A:B:N");
        }
        double[] grid2 = ValueGrid.parse("--values2", values2).values();
        try (TerminalProgress bar = TerminalProgress.open(spec.commandLine().getErr(), common.json(), "scan", "fits");
                Backend backend = common.createBackend(); HistFactoryLikelihood lik = new HistFactoryLikelihood(model,
                backend)) {
            long t0 = System.nanoTime();
            ProfileScan.Result2 r = ProfileScan.scan2d(lik, par, grid, poi2, grid2, fixed, o, bar);
            bar.close();
            noteFreed(r.freed(), par + "/" + poi2);
            ObjectNode result = JsonInput.mapper().createObjectNode();
            result.put("poi", par);
            result.put("poi2", poi2);
            putFixed(result, fixed);
            result.put("converged", r.valid());
            StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "2D profile scan of %s × %s%n", par,
                    poi2));
            text.append(ScanView.points2d(result.putArray("points"), r, 5.99, "outside the 95% CL region (2 dof)"));
            ObjectNode best = result.putObject("bestfit");
            best.put("value", r.bestfit().value(par));
            best.put("value2", r.bestfit().value(poi2));
            FitJson.state(best, r.bestfit());
            best.put("freed", r.freed());
            result.put("seconds", (System.nanoTime() - t0) / 1e9);
            if (plot != null) {
                double[][] d = new double[grid.length][grid2.length];
                for (int i = 0; i < r.points().size(); i++) {
                    d[i / grid2.length][i % grid2.length] = r.points().get(i).deltaTwiceNll();
                }
                Plots.profile2d(plot, par, poi2, grid, grid2, d, r.bestfit().value(par), r.bestfit().value(poi2));
            }
            Output.emit(common, result, text.toString(), spec.commandLine().getOut());
            return FitJson.reportInvalid(records(r.bestfit(), r.points().stream().map(ProfileScan.Point2::fit)
                    .toList()), "the scan", spec.commandLine().getErr());
        }
    }

    /** The global fit's record followed by the points'. */
    private static List<FitRecord> records(FitResult best, List<FitRecord> points) {
        List<FitRecord> all = new ArrayList<>();
        all.add(FitRecord.of("observed", Map.of(), best));
        all.addAll(points);
        return all;
    }

    static void putFixed(ObjectNode result, Map<String, Double> fixed) {
        ObjectNode f = result.putObject("fixed");
        fixed.forEach(f::put);
    }

    private void noteFreed(boolean freed, String par) {
        if (freed) {
            spec.commandLine().getErr().println("kinvis: note: the workspace fixes " + par + "; the scan's global fit"
                    + " frees it");
        }
    }

    @Override
    public Integer call() throws IOException {
        boolean json = common.json();
        var options = fitOptions.options();
        ValueGrid g = ValueGrid.parse("--values", values);
        ValueGrid.requireAffordable(force.force, poi2 != null && values2 != null
                ? new ValueGrid[] {g, ValueGrid.parse("--values2", values2)} : new ValueGrid[] {g});
        double[] grid = g.values();
        Path plot = plotOption.checked();
        CompiledModel model = modelOptions.compile(common);
        String par = poi != null ? poi : model.parameters().poiName();
        if (par == null) {
            throw InputException.at("--poi", "(none)", "the measurement has no POI: name the parameter to scan");
        }
        int k = Names.parameter(model.parameters(), "--poi", par, par);
        Map<String, Double> fixed = fitOptions.fixed(model.parameters());
        if (fixed.containsKey(par)) {
            throw InputException.at("--fix", par, "the scanned parameter cannot also be fixed");
        }
        double lo = model.parameters().lowerBounds()[k];
        double hi = model.parameters().upperBounds()[k];
        for (double v : grid) {
            if (v < lo || v > hi) {
                throw InputException.at("--values", values, "value " + v + " outside the bounds [" + lo + ", " + hi
                        + "] of " + par);
            }
        }
        if (poi2 != null) {
            return scan2d(model, par, grid, fixed, options, plot);
        }
        try (TerminalProgress bar = TerminalProgress.open(spec.commandLine().getErr(), json, "scan", "fits");
                Backend backend = common.createBackend(); HistFactoryLikelihood lik = new HistFactoryLikelihood(model,
                backend)) {
            long t0 = System.nanoTime();
            ProfileScan.Result r = ProfileScan.scan(lik, par, grid, fixed, options, bar);
            bar.close();
            double seconds = (System.nanoTime() - t0) / 1e9;
            noteFreed(r.freed(), par);
            ObjectNode result = JsonInput.mapper().createObjectNode();
            result.put("poi", par);
            putFixed(result, fixed);
            result.put("converged", r.valid());
            StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "profile scan of %s (%d points, %.3f s,"
                    + " backend %s)%n", par, grid.length, seconds, backend.name()));
            text.append(ScanView.points(result.putArray("points"), r));
            ObjectNode best = result.putObject("bestfit");
            FitJson.putFinite(best, "value", r.bestfit().value(par));
            FitJson.putFinite(best, "error", r.bestfit().error(par));
            FitJson.state(best, r.bestfit());
            best.put("at_lower_limit", r.bestfit().atLimit()[k] < 0);
            best.put("at_upper_limit", r.bestfit().atLimit()[k] > 0);
            best.put("freed", r.freed());
            result.put("seconds", seconds);
            text.append(String.format(Locale.ROOT, "best fit %s = %.5g ± %.5g, twice_nll = %.8f%s%n", par,
                    r.bestfit().value(par), r.bestfit().error(par), r.bestfit().fval(),
                    r.bestfit().valid() ? "" : "  (not converged)"));
            if (!fixed.isEmpty()) {
                text.append("fixed: ").append(fixed).append('\n');
            }
            if (plot != null) {
                double[] d = r.points().stream().mapToDouble(ProfileScan.Point::deltaTwiceNll).toArray();
                Plots.profile(plot, par, grid, d, r.bestfit().value(par));
            }
            Output.emit(common, result, text.toString(), spec.commandLine().getOut());
            return FitJson.reportInvalid(records(r.bestfit(), r.points().stream().map(ProfileScan.Point::fit)
                    .toList()), "the scan", spec.commandLine().getErr());
        }
    }
}
