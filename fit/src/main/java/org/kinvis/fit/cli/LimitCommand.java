package org.kinvis.fit.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.kinvis.fit.inference.AsymptoticCls;
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
        if (fitOptions.fix != null && !fitOptions.fix.isEmpty()) {
            throw InputException.at("--fix", String.join(",", fitOptions.fix), "only with kinvis fit (and reinterpret"
                    + " --fit); set values in the workspace's measurement to fix parameters here");
        }
        checkConfidenceLevel(cl);
        Plots.check(plot);
        CompiledModel model = modelOptions.compile(common);
        String p = model.parameters().poiName();
        if (poi != null && !poi.equals(p)) {
            throw InputException.at("--poi", poi, "CLs limits are on the measurement's POI '" + p + "'");
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
        if (plot != null && (mus == null || mus.size() < 2)) {
            throw InputException.at("--plot", plot.toString(), "needs at least two --mu values to draw CLs curves");
        }
        try (Backend backend = common.createBackend(); HistFactoryLikelihood lik = new HistFactoryLikelihood(model,
                backend); AsymptoticCls calc = new AsymptoticCls(lik, bounds, options)) {
            long t0 = System.nanoTime();
            double[][] limits = calc.upperLimits(cl, 1e-4);
            ObjectNode result = JsonInput.mapper().createObjectNode();
            result.put("poi", p);
            result.put("cl", cl);
            result.put("observed", limits[0][0]);
            ArrayNode exp = result.putArray("expected");
            for (double e : limits[1]) {
                exp.add(e);
            }
            StringBuilder text = new StringBuilder(String.format(Locale.ROOT,
                    "asymptotic CLs (q̃μ), %.0f%% CL upper limits on %s (best fit %s = %.4g)%n  observed: %.5g%n"
                            + "  expected: -2σ %.5g  -1σ %.5g  median %.5g  +1σ %.5g  +2σ %.5g%n",
                    100 * cl, p, p, calc.freeFit().value(p), limits[0][0], limits[1][0], limits[1][1], limits[1][2],
                    limits[1][3], limits[1][4]));
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
                    o.put("CLs", r.cls());
                    o.put("CLsb", r.clsb());
                    o.put("CLb", r.clb());
                    ArrayNode band = o.putArray("expected_band");
                    for (int j = 0; j < 5; j++) {
                        band.add(r.expected()[j]);
                        expCurves.get(j)[i] = r.expected()[j];
                    }
                    muArr[i] = r.mu();
                    obs[i] = r.cls();
                    text.append(String.format(Locale.ROOT, "%10.4g %12.6g %12.6g %12.6g%n", r.mu(), r.cls(), r.clsb(),
                            r.clb()));
                }
                if (plot != null) {
                    Plots.cls(plot, p, muArr, obs, expCurves, cl, limits[0][0], limits[1]);
                }
            }
            result.put("seconds", (System.nanoTime() - t0) / 1e9);
            Output.emit(common, result, text.toString(), spec.commandLine().getOut());
            return 0;
        }
    }

    /** The --cl option of limit and reinterpret --limit: a level in (0, 1). */
    static void checkConfidenceLevel(double cl) {
        if (!(cl > 0 && cl < 1)) {
            throw InputException.at("--cl", String.valueOf(cl), "expected a confidence level in (0, 1)");
        }
    }
}
