package org.kinvis.fit.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.kinvis.fit.plot.Plots;
import org.kinvis.host.input.InputException;
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

    @Option(names = AnalysisBinsFigure.OPTION, paramLabel = "FILE", description = "Also draw the scenario folded onto"
            + " the Belle II analysis bins (ITA signal region, HTA) with the pre-fit SM background and the data.")
    Path binsPlot;

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
        Plots.check(binsPlot, AnalysisBinsFigure.OPTION);
        Spectrum s = sc.spectrum(v);
        Spectrum nul = new NullScenario().spectrum(new double[0]);
        TrueBinning bins = TrueBinning.belle2();
        double[] alt = bins.integrals(s);
        double[] ref = bins.integrals(nul);
        double[] w = bins.weights(alt, ref, false, Double.POSITIVE_INFINITY);
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
        double[] xs = new double[points];
        double[] ys = new double[points];
        for (int i = 0; i < points; i++) {
            xs[i] = s.q2Max() * (i + 0.5) / points;
            ys[i] = s.dbrdq2(xs[i]);
            if (!Double.isFinite(ys[i])) {
                throw sc.notFinite(v, "dBR/dq² at q² = " + xs[i]);
            }
        }
        if (plot != null) {
            Plots.spectrum(plot, sc, v);
        }
        if (binsPlot != null) {
            AnalysisBinsFigure.draw(common, sc, v, binsPlot);
        }
        SpectrumView.of(sc, v, br, brw, nul.branchingRatio(), xs, ys, bins, alt, w).emit(common,
                spec.commandLine().getOut());
        return 0;
    }

    private int list(boolean json) {
        SpectrumView.list(Scenario.all()).emit(common, spec.commandLine().getOut());
        return 0;
    }
}
