package org.kinvis.fit.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.kinvis.fit.inference.FitRecord;
import org.kinvis.fit.inference.ProfileScan;
import org.kinvis.fit.minimize.FitResult;
import org.kinvis.fit.plot.Plots;
import org.kinvis.host.input.InputException;
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
            Rendered shown = ScanView.scan2d(r, fixed, (System.nanoTime() - t0) / 1e9);
            if (plot != null) {
                Plots.profile2d(plot, par, poi2, grid, grid2, ScanView.deltas(r, grid2.length), r.bestfit().value(par),
                        r.bestfit().value(poi2));
            }
            shown.emit(common, spec.commandLine().getOut());
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

    /** {@code "fixed": {NAME: value}} (scan, limit, significance). */
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
        if (poi == null) {
            model.requirePoi("kinvis scan", true);
        }
        String par = poi != null ? poi : model.parameters().poiName();
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
            Rendered shown = ScanView.scan(r, fixed, seconds, backend.name());
            if (plot != null) {
                double[] d = r.points().stream().mapToDouble(ProfileScan.Point::deltaTwiceNll).toArray();
                Plots.profile(plot, par, grid, d, r.bestfit().value(par));
            }
            shown.emit(common, spec.commandLine().getOut());
            return FitJson.reportInvalid(records(r.bestfit(), r.points().stream().map(ProfileScan.Point::fit)
                    .toList()), "the scan", spec.commandLine().getErr());
        }
    }
}
