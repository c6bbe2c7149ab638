package org.kinvis.fit.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.kinvis.fit.inference.AsymptoticCls;
import org.kinvis.fit.inference.FitRecord;
import org.kinvis.fit.inference.Progress;
import org.kinvis.fit.inference.TestStatistic;
import org.kinvis.fit.inference.ToyCalculator;
import org.kinvis.fit.inference.UndefinedTestException;
import org.kinvis.fit.minimize.Migrad;
import org.kinvis.host.input.InputException;
import org.kinvis.host.input.JsonInput;
import org.kinvis.host.model.CompiledModel;
import org.kinvis.host.model.HistFactoryLikelihood;
import org.kinvis.kernels.Backend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code kinvis significance}: the discovery test of the POI with q₀ (pyhf's {@code hypotest(0, ...,
 * test_stat="q0")}): the p-value p₀ of the background-only hypothesis and Z₀ = Φ⁻¹(1 − p₀), observed and expected
 * (Asimov data set at μ′ = 1: the median; the ±1σ, ±2σ band in pyhf's order), asymptotic or from toys.
 */
@Command(name = "significance", mixinStandardHelpOptions = true,
        description = "Discovery significance (q0): p0 and Z0, observed and expected, asymptotic or toy-based.")
final class SignificanceCommand implements Callable<Integer> {
    private static final NormalDistribution NORMAL = new NormalDistribution(0, 1);

    @Mixin
    CommonOptions common;

    @Mixin
    ModelOptions modelOptions;

    @Mixin
    FitOptions fitOptions;

    @Mixin
    CalculatorOptions calc;

    @Spec
    CommandSpec spec;

    /** Z = Φ⁻¹(1 − p), computed as −Φ⁻¹(p) so that small p keep their digits; +∞ for p = 0, 0 (not −0) at ½. */
    static double z(double p) {
        return p <= 0 ? Double.POSITIVE_INFINITY : p >= 1 ? Double.NEGATIVE_INFINITY
                : 0.0 - NORMAL.inverseCumulativeProbability(p);
    }

    @Override
    public Integer call() {
        common.json();
        Migrad.Options options = fitOptions.options();
        boolean toys = calc.toybased();
        CompiledModel model = modelOptions.compile(common);
        model.requirePoi("kinvis significance");
        String p = model.parameters().poiName();
        Map<String, Double> fixed = fitOptions.fixed(model.parameters());
        if (fixed.containsKey(p)) {
            throw InputException.at("--fix", p, "the parameter of interest is what the test varies; it cannot be"
                    + " fixed");
        }
        TestStatistic q0 = TestStatistic.Q_ZERO;
        double[] bounds = calc.poiBounds(model, q0, spec.commandLine().getErr());
        if (!(bounds[0] <= 0 && bounds[1] >= q0.alternativeMu())) {
            throw InputException.at("--poi-bounds", bounds[0] + ":" + bounds[1], "the discovery test needs " + p
                    + " = 0 and the Asimov " + p + " = 1 within the POI bounds");
        }
        long t0 = System.nanoTime();
        List<FitRecord> all = new ArrayList<>();
        try (TerminalProgress bar = TerminalProgress.open(spec.commandLine().getErr(), common.json(), "significance",
                toys ? "toys" : "fits"); Backend backend = common.createBackend();
                HistFactoryLikelihood obs = new HistFactoryLikelihood(model, backend)) {
            HistFactoryLikelihood lik = calc.data(obs, p, bounds, fixed, options, all);
            try {
                return run(lik, p, bounds, fixed, options, toys, all, t0, bar);
            } finally {
                if (lik != obs) {
                    lik.close();
                }
            }
        }
    }

    private int run(HistFactoryLikelihood lik, String p, double[] bounds, Map<String, Double> fixed,
            Migrad.Options options, boolean toys, List<FitRecord> all, long t0, TerminalProgress bar) {
        ObjectNode result = JsonInput.mapper().createObjectNode();
        result.put("poi", p);
        result.put("test_statistic", TestStatistic.Q_ZERO.name());
        result.put("calctype", toys ? "toybased" : "asymptotics");
        calc.dataJson(result);
        ArrayNode b = result.putArray("poi_bounds");
        b.add(bounds[0]);
        b.add(bounds[1]);
        ScanCommand.putFixed(result, fixed);
        String text = toys ? toyBased(lik, p, bounds, fixed, options, result, all, bar)
                : asymptotic(lik, p, bounds, fixed, options, result, all);
        bar.close(); // before the result is printed
        return CalculatorOptions.emit(common, result, text, all, "the significance", t0, spec);
    }

    private String asymptotic(HistFactoryLikelihood lik, String p, double[] bounds, Map<String, Double> fixed,
            Migrad.Options options, ObjectNode result, List<FitRecord> all) {
        try (AsymptoticCls a = new AsymptoticCls(lik, p, bounds, fixed, options, TestStatistic.Q_ZERO)) {
            AsymptoticCls.Result r = a.test(0);
            all.addAll(r.fits());
            double muHat = a.freeFit().value(p);
            double expP0 = r.expectedClsb()[2];
            FitJson.putFinite(result, "mu_hat", muHat);
            FitJson.putFinite(result, "q0", r.qmu());
            FitJson.putFinite(result, "p0", r.clsb());
            FitJson.putFinite(result, "Z0", z(r.clsb()));
            FitJson.putFinite(result, "q0_asimov", r.qmuAsimov());
            FitJson.putFinite(result, "expected_p0", expP0);
            FitJson.putFinite(result, "expected_Z0", z(expP0));
            CalculatorOptions.pValueBand(result, "expected_p0_band", "expected_Z0_band", r.expectedClsb());
            return String.format(Locale.ROOT, "discovery test (q0, asymptotic) of %s = 0%s: best fit %s = %.4g%n"
                    + "  observed: q0 = %.5g, p0 = %.4g, Z0 = %.4g sigma%n"
                    + "  expected (Asimov %s = 1): q0,A = %.5g, p0 = %.4g, Z0 = %.4g sigma"
                    + " (band +2σ … −2σ: Z0 = %.3g, %.3g, %.3g, %.3g, %.3g)%n", p, dataNote(), p, muHat, r.qmu(),
                    r.clsb(), z(r.clsb()), p, r.qmuAsimov(), expP0, z(expP0), z(r.expectedClsb()[0]),
                    z(r.expectedClsb()[1]), z(r.expectedClsb()[2]), z(r.expectedClsb()[3]), z(r.expectedClsb()[4]));
        } catch (UndefinedTestException e) {
            throw InputException.at(modelOptions.path(common).toString(), "measurements[].config.poi = " + p,
                    e.getMessage());
        }
    }

    private String toyBased(HistFactoryLikelihood lik, String p, double[] bounds, Map<String, Double> fixed,
            Migrad.Options options, ObjectNode result, List<FitRecord> all, Progress bar) {
        ToyCalculator tc = new ToyCalculator(lik, TestStatistic.Q_ZERO, bounds, fixed, options);
        bar.expect(ToyCalculator.units(calc.toys));
        ToyCalculator.Result r = tc.test(0, calc.toys, common.seed, bar);
        all.addAll(r.observedFits());
        double p0 = r.clsb();
        double z0 = z(p0);
        double expP0 = r.expectedClsb()[2];
        FitJson.putFinite(result, "mu_hat", tc.freeFit().value(p));
        FitJson.putFinite(result, "q0", r.q());
        FitJson.putFinite(result, "p0", p0);
        FitJson.putFinite(result, "p0_error", r.clsbError());
        FitJson.putFinite(result, "Z0", z0);
        // σ_Z = σ_p / φ(Z), the linear propagation of the binomial error
        FitJson.putFinite(result, "Z0_error", r.clsbError() / NORMAL.density(z0));
        FitJson.putFinite(result, "expected_p0", expP0);
        FitJson.putFinite(result, "expected_Z0", z(expP0));
        CalculatorOptions.pValueBand(result, "expected_p0_band", "expected_Z0_band", r.expectedClsb());
        CalculatorOptions.toysJson(result.putObject("toys"), r, calc.toys, common.seed);
        CalculatorOptions.warnFailedToys(r, spec.commandLine().getErr());
        String zText = Double.isFinite(z0) ? String.format(Locale.ROOT, "%.4g ± %.2g sigma", z0,
                r.clsbError() / NORMAL.density(z0)) : "above " + String.format(Locale.ROOT, "%.3g", z(1.0
                / (r.signal().size() + 1))) + " sigma (no toy at least as extreme)";
        return String.format(Locale.ROOT, "discovery test (q0, %d toys per hypothesis, seed %d) of %s = 0%s%n"
                + "  observed: q0 = %.5g, p0 = %.4g ± %.2g, Z0 = %s%n"
                + "  expected (toys at %s = 1, median): p0 = %.4g, Z0 = %.4g sigma%n"
                + "  %.1f toys/s (%d backend batches of %.0f points on average)%n", calc.toys, common.seed, p,
                dataNote(), r.q(), p0, r.clsbError(), zText, p, expP0, z(expP0), r.toysPerSecond(), r.batches(),
                (double) r.points() / Math.max(r.batches(), 1));
    }

    private String dataNote() {
        return calc.asimovMu == null ? "" : String.format(Locale.ROOT, " on the Asimov data set at %s",
                calc.asimovMu);
    }
}
