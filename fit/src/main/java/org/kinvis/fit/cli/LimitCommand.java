package org.kinvis.fit.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.kinvis.fit.inference.AsymptoticCls;
import org.kinvis.fit.inference.FitRecord;
import org.kinvis.fit.inference.UndefinedTestException;
import org.kinvis.fit.minimize.Migrad;
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

/** {@code kinvis limit}: asymptotic CLs upper limit on the POI (q̃μ), observed and expected band. */
@Command(name = "limit", mixinStandardHelpOptions = true,
        description = "Asymptotic CLs (qtilde) upper limit on the parameter of interest.")
final class LimitCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    FitOptions fitOptions;

    @Option(names = "--poi", paramLabel = "P", description = "Parameter of interest (default and only: the model's).")
    String poi;

    @Option(names = "--cl", paramLabel = "CL", defaultValue = "0.95", description = "Confidence level (default 0.95).")
    double cl;

    @Option(names = "--poi-bounds", paramLabel = "LO:HI", description = "POI range of the fits and the limit search.")
    String poiBounds;

    @Option(names = "--mu", paramLabel = "MU", split = ",", description = "Also report hypothesis tests at these values.")
    List<Double> mus;

    @Option(names = "--plot", paramLabel = "FILE",
            description = "Brazil plot of CLs against the POI (needs --mu); .png, .svg or .pdf.")
    Path plot;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        common.json();
        var options = fitOptions.options();
        checkConfidenceLevel(cl);
        Plots.check(plot);
        CompiledModel model = modelOptions.compile(common);
        String p = model.parameters().poiName();
        if (p == null) {
            throw InputException.at(modelOptions.path(common).toString(), "measurements[].config.poi",
                    "CLs limits need a parameter of interest");
        }
        if (poi != null && !poi.equals(p)) {
            throw InputException.at("--poi", poi, "CLs limits are on the measurement's POI '" + p + "'");
        }
        Map<String, Double> fixed = fitOptions.fixed(model.parameters());
        if (fixed.containsKey(p)) {
            throw InputException.at("--fix", p, "the parameter of interest is what the tests vary; it cannot be fixed");
        }
        int k = model.parameters().poiIndex();
        double[] bounds = {model.parameters().lowerBounds()[k], model.parameters().upperBounds()[k]};
        if (poiBounds != null) {
            String[] s = poiBounds.split(":");
            try {
                bounds = new double[] {Double.parseDouble(s[0]), Double.parseDouble(s[1])};
                if (s.length != 2 || !(bounds[0] < bounds[1]) || bounds[0] < 0) {
                    throw new NumberFormatException();
                }
            } catch (RuntimeException e) {
                throw InputException.at("--poi-bounds", poiBounds, "expected LO:HI with 0 ≤ LO < HI");
            }
        }
        if (mus != null) {
            for (double m : mus) {
                if (!(m >= bounds[0] && m <= bounds[1])) {
                    throw InputException.at("--mu", String.valueOf(m), "outside the POI bounds [" + bounds[0] + ", "
                            + bounds[1] + "] of " + p + " (--poi-bounds sets them)");
                }
            }
        }
        if (plot != null && (mus == null || mus.size() < 2)) {
            throw InputException.at("--plot", plot.toString(), "needs at least two --mu values to draw CLs curves");
        }
        long t0 = System.nanoTime(); // the set-up fits count too
        try (Backend backend = common.createBackend(); HistFactoryLikelihood lik = new HistFactoryLikelihood(model,
                backend); AsymptoticCls calc = create(lik, p, bounds, fixed, options)) {
            if (calc.poiFreed()) {
                spec.commandLine().getErr().println("kinvis: note: the workspace fixes the POI '" + p + "'; the CLs"
                        + " tests free it (it is the parameter they vary)");
            }
            double setupSeconds = (System.nanoTime() - t0) / 1e9;
            AsymptoticCls.Limits limits = calc.limits(cl, 1e-4);
            List<FitRecord> all = new ArrayList<>(limits.fits());
            ObjectNode result = JsonInput.mapper().createObjectNode();
            result.put("poi", p);
            result.put("cl", cl);
            result.put("poi_freed", calc.poiFreed());
            ScanCommand.putFixed(result, fixed);
            FitJson.putFinite(result, "best_fit", calc.freeFit().value(p));
            FitJson.putFinite(result, "observed", limits.observed());
            ArrayNode exp = result.putArray("expected");
            for (double e : limits.expected()) {
                FitJson.addFinite(exp, e);
            }
            double[] l1 = limits.expected();
            StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                    "asymptotic CLs (q̃μ), %.0f%% CL upper limits on %s (best fit %s = %.4g)%n  observed: %.5g%n"
                            + "  expected: -2σ %.5g  -1σ %.5g  median %.5g  +1σ %.5g  +2σ %.5g%n",
                    100 * cl, p, p, calc.freeFit().value(p), limits.observed(), l1[0], l1[1], l1[2], l1[3], l1[4]));
            if (mus != null) {
                ArrayNode hs = result.putArray("hypotests");
                List<double[]> expCurves = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    expCurves.add(new double[mus.size()]);
                }
                double[] muArr = new double[mus.size()];
                double[] obs = new double[mus.size()];
                text.append(String.format(Locale.ROOT, "%10s %12s %12s %12s%n", p, "CLs", "CLs+b", "CLb"));
                for (int i = 0; i < mus.size(); i++) {
                    AsymptoticCls.Result r = calc.test(mus.get(i));
                    ObjectNode o = hs.addObject();
                    o.put("mu", r.mu());
                    FitJson.putFinite(o, "CLs", r.cls());
                    FitJson.putFinite(o, "CLsb", r.clsb());
                    FitJson.putFinite(o, "CLb", r.clb());
                    ArrayNode band = o.putArray("expected_band");
                    for (int j = 0; j < 5; j++) {
                        FitJson.addFinite(band, r.expected()[j]);
                        expCurves.get(j)[i] = r.expected()[j];
                    }
                    o.put("converged", r.valid());
                    List<FitRecord> own = r.fits().subList(calc.setupFits().size(), r.fits().size());
                    FitJson.records(o.putArray("fits"), own);
                    all.addAll(own);
                    muArr[i] = r.mu();
                    obs[i] = r.cls();
                    text.append(String.format(Locale.ROOT, "%10.4g %12.6g %12.6g %12.6g%s%n", r.mu(), r.cls(),
                            r.clsb(), r.clb(), r.valid() ? "" : "  (a fit did not converge)"));
                }
                if (plot != null) {
                    Plots.cls(plot, p, muArr, obs, expCurves, cl, limits.observed(), limits.expected());
                }
            }
            boolean valid = FitRecord.allValid(all);
            result.put("converged", valid);
            FitJson.records(result.putArray("fits"), limits.fits());
            if (!valid) {
                text.append("NOT VALID: some fits behind these numbers did not converge (see the JSON's \"fits\")\n");
            }
            result.put("setup_seconds", setupSeconds);
            result.put("seconds", (System.nanoTime() - t0) / 1e9);
            Output.emit(common, result, text.toString(), spec.commandLine().getOut());
            return FitJson.reportInvalid(all, "the limit", spec.commandLine().getErr());
        }
    }

    /** The calculator, a model without a background-only hypothesis refused as bad input. */
    private AsymptoticCls create(HistFactoryLikelihood lik, String p, double[] bounds, Map<String, Double> fixed,
            Migrad.Options options) {
        try {
            return new AsymptoticCls(lik, p, bounds, fixed, options);
        } catch (UndefinedTestException e) {
            throw InputException.at(modelOptions.path(common).toString(), "measurements[].config.poi = " + p,
                    e.getMessage());
        }
    }

    /** The --cl option of limit and reinterpret --limit: a level in (0, 1). */
    static void checkConfidenceLevel(double cl) {
        if (!(cl > 0 && cl < 1)) {
            throw InputException.at("--cl", String.valueOf(cl), "expected a confidence level in (0, 1)");
        }
    }
}
