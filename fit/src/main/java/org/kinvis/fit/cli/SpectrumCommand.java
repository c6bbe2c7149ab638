package org.kinvis.fit.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.kinvis.fit.plot.Plots;
import org.kinvis.host.input.InputException;
import org.kinvis.host.input.JsonInput;
import org.kinvis.host.physics.NullScenario;
import org.kinvis.host.physics.Scenario;
import org.kinvis.host.physics.ScenarioParameter;
import org.kinvis.host.physics.Spectrum;
import org.kinvis.host.physics.TrueBinning;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kinvis spectrum}: q² spectrum, branching ratios and true-bin weights of a scenario. */
@Command(name = "spectrum", mixinStandardHelpOptions = true,
        description = {"q² spectrum, branching ratio and true-bin weights of a B -> K + invisible scenario.",
            "--plot draws dBR/dq² with the SM prediction and their ratio."})
final class SpectrumCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    ScenarioOptions scenario;

    @Option(names = "--list", description = "List every scenario with its parameters, defaults, bounds and units.")
    boolean list;

    @Option(names = "--points", paramLabel = "N", defaultValue = "200", description = "q² grid points (default 200).")
    int points;

    @Mixin
    PlotOption plotOption;

    @Spec
    CommandSpec spec;

    /** Scenario values: defaults overridden by --set NAME=VALUE, validated. */
    static double[] values(Scenario sc, List<String> set) {
        double[] v = sc.defaults();
        if (set != null) {
            for (String s : set) {
                String[] kv = s.split("=", 2);
                if (kv.length != 2) {
                    throw InputException.at("--set", s, "expected NAME=VALUE");
                }
                String name = kv[0].trim();
                int k = sc.indexOf(name);
                if (k < 0) {
                    List<String> known = sc.parameters().stream().map(ScenarioParameter::name).toList();
                    throw InputException.at("--set", s, "unknown parameter of scenario " + sc.name()
                            + org.kinvis.host.input.DidYouMean.hint(name, known) + ", expected one of "
                            + String.join(", ", known));
                }
                try {
                    v[k] = Double.parseDouble(kv[1].trim());
                } catch (NumberFormatException e) {
                    throw InputException.at("--set", s, "expected a number after '='");
                }
            }
        }
        sc.validate(v);
        return v;
    }

    @Override
    public Integer call() throws IOException {
        boolean json = common.json();
        if (list) {
            return list(json);
        }
        if (scenario.scenario == null) {
            throw InputException.at("--scenario", "(missing)", "name a scenario, or use --list");
        }
        if (points < 2) {
            throw InputException.at("--points", String.valueOf(points), "expected at least 2");
        }
        Scenario sc = scenario.scenario();
        double[] v = scenario.values(sc);
        Path plot = plotOption.checked();
        Spectrum s = sc.spectrum(v);
        Spectrum nul = new NullScenario().spectrum(new double[0]);
        TrueBinning bins = TrueBinning.belle2();
        double[] alt = bins.integrals(s);
        double[] ref = bins.integrals(nul);
        double[] w = bins.weights(alt, ref, false, Double.POSITIVE_INFINITY);
        ObjectNode result = JsonInput.mapper().createObjectNode();
        result.put("scenario", sc.name());
        ObjectNode pars = result.putObject("parameters");
        for (int i = 0; i < v.length; i++) {
            pars.put(sc.parameters().get(i).name(), v[i]);
        }
        double br = s.branchingRatio();
        double brw = s.branchingRatio(0, TrueBinning.CUTOFF);
        if (!Double.isFinite(br) || !Double.isFinite(brw)) {
            throw sc.notFinite(v, "the branching ratio");
        }
        for (int i = 0; i < alt.length; i++) {
            if (!Double.isFinite(alt[i])) {
                throw sc.notFinite(v, "the integral of true bin " + i);
            }
        }
        result.put("branching_ratio", br);
        result.put("branching_ratio_window", brw);
        ArrayNode q2 = result.putArray("q2");
        ArrayNode d = result.putArray("dbr_dq2");
        double[] xs = new double[points];
        double[] ys = new double[points];
        double[] sm = new double[points];
        double top = s.q2Max();
        for (int i = 0; i < points; i++) {
            xs[i] = top * (i + 0.5) / points;
            ys[i] = s.dbrdq2(xs[i]);
            if (!Double.isFinite(ys[i])) {
                throw sc.notFinite(v, "dBR/dq² at q² = " + xs[i]);
            }
            sm[i] = nul.dbrdq2(xs[i]);
            q2.add(xs[i]);
            d.add(ys[i]);
        }
        ArrayNode tb = result.putArray("true_bins");
        for (int i = 0; i < bins.size(); i++) {
            ObjectNode o = tb.addObject();
            o.put("lo", bins.lo()[i]);
            o.put("hi", bins.hi()[i]);
            o.put("integral", alt[i]);
            o.put("weight", w[i]);
        }
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "scenario %s: %s%nsource: %s%n",
                sc.name(), sc.description(), sc.source()));
        for (int i = 0; i < v.length; i++) {
            text.append(String.format(Locale.ROOT, "  %-14s = %.10g%n", sc.parameters().get(i).name(), v[i]));
        }
        text.append(String.format(Locale.ROOT, "BR (full range)          = %.10e%nBR (0 < q² < %.3f GeV²) = %.10e%n"
                + "BR / BR(null)            = %.6f%n", br, TrueBinning.CUTOFF, brw, brw / nul.branchingRatio()));
        text.append(String.format(Locale.ROOT, "true q² bins of the Belle II reinterpretation (every 10th of %d):%n",
                bins.size() - 1));
        Table t = Table.numeric("q² from [GeV²]", "to [GeV²]", "∫ dBR/dq² dq²", "weight to the SM");
        for (int i = 1; i < bins.size(); i += 10) { // bin 0 is the sentinel [−1, 0] of events without a q²
            t.row(Table.fixed(bins.lo()[i], 3), Table.fixed(bins.hi()[i], 3),
                    String.format(Locale.ROOT, "%.6e", alt[i]), Table.fixed(w[i], 6));
        }
        text.append(t);
        if (plot != null) {
            Plots.spectrum(plot, sc, v);
        }
        Output.emit(common, result, text.toString(), spec.commandLine().getOut());
        return 0;
    }

    private int list(boolean json) {
        ObjectNode result = JsonInput.mapper().createObjectNode();
        ArrayNode arr = result.putArray("scenarios");
        StringBuilder text = new StringBuilder();
        for (Scenario sc : Scenario.all()) {
            ObjectNode o = arr.addObject();
            o.put("name", sc.name());
            o.put("description", sc.description());
            o.put("source", sc.source());
            ArrayNode ps = o.putArray("parameters");
            text.append(sc.name()).append(": ").append(sc.description()).append('\n');
            for (ScenarioParameter p : sc.parameters()) {
                ObjectNode po = ps.addObject();
                po.put("name", p.name());
                po.put("default", p.defaultValue());
                po.put("lower", p.lower());
                po.put("upper", p.upper());
                po.put("unit", p.unit());
                po.put("description", p.description());
                text.append(String.format(Locale.ROOT, "    %-16s default %-14.8g [%g, %g] %s  %s%n", p.name(),
                        p.defaultValue(), p.lower(), p.upper(), p.unit(), p.description()));
            }
        }
        Output.emit(common, result, text.toString(), spec.commandLine().getOut());
        return 0;
    }
}
