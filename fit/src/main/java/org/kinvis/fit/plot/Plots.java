package org.kinvis.fit.plot;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.kinvis.fit.inference.Yields;
import org.kinvis.host.physics.NullScenario;
import org.kinvis.host.physics.Scenario;
import org.kinvis.host.physics.Spectrum;
import org.kinvis.host.physics.TwoBodyScenario;
import org.kinvis.host.physics.WetScenario;
import org.kinvis.host.reweight.SignalRegionFactors;

/**
 * The figures of the kinvis commands, each written to a path whose extension picks PNG, SVG or PDF. Commands
 * call {@link #check} on their {@code --plot} path before any computation, then one method here with their
 * result's numbers.
 */
public final class Plots {
    /** The option a figure's path comes from, named in errors. */
    static final String OPTION = "--plot";

    private Plots() {
    }

    /** Validates a {@code --plot} path (extension, existing writable folder); null passes. */
    public static void check(Path plot) {
        check(plot, OPTION);
    }

    /** Validates the path of a figure option named {@code option}; null passes. */
    public static void check(Path plot, String option) {
        PlotFormat.check(plot, option);
    }

    /**
     * A scenario's signal folded onto the analysis bins of the Belle II signal regions (ITA signal region and
     * HTA; the ITA control region, a channel named {@code …zoomCR…}, is left out) with the data and the SM
     * background: {@code background} the workspace's yields with the signal off (μ = 0) and their uncertainty,
     * {@code sm} those at μ = 1, {@code factors} the reinterpretation's folded factors (scenario signal = SM signal
     * × factor, bin by bin). Written to {@code plot}; errors name {@code option}.
     */
    public static void analysisBins(Path plot, String option, Scenario sc, double[] values, Yields background,
            Yields sm, List<SignalRegionFactors> factors, String stage) {
        List<AnalysisBinsPlot.Region> regions = new ArrayList<>();
        for (SignalRegionFactors f : factors) {
            if (f.channel().contains("zoomCR")) {
                continue;
            }
            Yields.Channel bkg = channel(background, f.channel());
            Yields.Channel withSm = channel(sm, f.channel());
            int k = sm.samples().indexOf(f.sample());
            int n = withSm.data().length;
            double[] smSignal = withSm.yields()[k].clone();
            double[] signal = new double[n];
            double[] b = new double[n];
            for (int i = 0; i < n; i++) {
                signal[i] = smSignal[i] * f.factors()[i];
                b[i] = bkg.total()[i] - bkg.yields()[k][i];
            }
            regions.add(new AnalysisBinsPlot.Region(f.channel(), b, bkg.totalError(), smSignal, signal, bkg.data()));
        }
        AnalysisBinsPlot.figure(scenarioLabel(sc, values), regions, stage).save(plot, option);
    }

    private static Yields.Channel channel(Yields y, String name) {
        return y.channels().stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no channel " + name + " in the yields"));
    }

    /** 1D profile scan of a workspace parameter; {@code best} the best-fit value. */
    public static void profile(Path plot, String parameter, double[] x, double[] delta, double best)
            throws IOException {
        ProfilePlot.figure(Labels.axis(parameter), x, delta, best).save(plot);
    }

    /** 1D profile scan of a scenario's parameter. */
    public static void profile(Path plot, Scenario sc, String parameter, double[] x, double[] delta, double best)
            throws IOException {
        ProfilePlot.figure(Labels.axis(sc, parameter), x, delta, best).save(plot);
    }

    /** 2D profile scan of two workspace parameters. */
    public static void profile2d(Path plot, String px, String py, double[] xs, double[] ys, double[][] delta,
            double bestX, double bestY) throws IOException {
        ProfileMapPlot.figure(Labels.axis(px), Labels.axis(py), xs, ys, delta, bestX, bestY).save(plot);
    }

    /** 2D profile scan of two scenario parameters. */
    public static void profile2d(Path plot, Scenario sc, String px, String py, double[] xs, double[] ys,
            double[][] delta, double bestX, double bestY) throws IOException {
        ProfileMapPlot.figure(Labels.axis(sc, px), Labels.axis(sc, py), xs, ys, delta, bestX, bestY).save(plot);
    }

    /**
     * Brazil plot of {@code kinvis limit}: CLs curves at the tested values ({@code expected} in pyhf's order, see
     * {@link BrazilPlot}) and the limits (expected −2σ … +2σ).
     */
    public static void cls(Path plot, String poi, double[] mu, double[] observed, List<double[]> expected,
            double cl, double observedLimit, double[] expectedLimits) throws IOException {
        cls(plot, poi, mu, observed, expected, cl, observedLimit, expectedLimits, BrazilPlot.ASYMPTOTIC_QTILDE);
    }

    /** As above, with {@code method} naming how CLs was computed (markup, e.g. "toy-based CL_{s}, q_{μ}"). */
    public static void cls(Path plot, String poi, double[] mu, double[] observed, List<double[]> expected,
            double cl, double observedLimit, double[] expectedLimits, String method) throws IOException {
        BrazilPlot.figure(Labels.axis(poi), mu, observed, expected.toArray(new double[0][]), cl, observedLimit,
                expectedLimits, method).save(plot);
    }

    /**
     * Raster limits of {@code reinterpret --limit P --over Q}; for a two-body scenario's coupling also in
     * BR(B → K X)·BR(X → inv), converted at each point through the scenario's branching ratio.
     *
     * @param values   the scenario's values (Q is replaced by each {@code at})
     * @param bestFit  the best-fit value of P at each point
     */
    public static void limits(Path plot, Scenario sc, double[] values, String over, String poi, double[] at,
            double[] observed, double[][] expected, double[] bestFit, double cl, double bound) throws IOException {
        LimitBandPlot.Limits coupling = new LimitBandPlot.Limits(Labels.axis(sc, poi) + " (" + Ticks.compact(100 * cl, 4)
                + "% CL upper limit)", observed, expected, bestFit, bound);
        LimitBandPlot.Limits physical = null;
        double sm = Double.NaN;
        TwoBodyBranching br = TwoBodyBranching.of(sc, values, poi, over);
        if (br != null) {
            double[] obs = new double[at.length];
            double[][] exp = new double[at.length][5];
            double[] best = new double[at.length];
            for (int i = 0; i < at.length; i++) {
                // limits beyond the coupling's bound are drawn at the bound's branching ratio
                obs[i] = br.at(at[i], Math.min(observed[i], bound));
                best[i] = br.at(at[i], bestFit[i]);
                for (int k = 0; k < 5; k++) {
                    exp[i][k] = br.at(at[i], Math.min(expected[i][k], bound));
                }
            }
            physical = new LimitBandPlot.Limits("BR(B^{+} → K^{+}X)·BR(X → inv)", obs, exp, best,
                    Double.POSITIVE_INFINITY);
            sm = new NullScenario().spectrum(new double[0]).branchingRatio();
        }
        LimitBandPlot.figure(Labels.axis(sc, over), at, coupling, physical, sm, cl).save(plot);
    }

    /**
     * dBR/dq² of a scenario at {@code values} with the SM in the same form factors: the WET SM point (C_VL of
     * the SM) with the scenario's BSZ2015 form-factor parameters; for the null scenario itself, HPQCD 2022.
     */
    public static void spectrum(Path plot, Scenario sc, double[] values) throws IOException {
        Spectrum s = sc.spectrum(values);
        Spectrum sm;
        String smLabel;
        String label = scenarioLabel(sc, values);
        if (sc instanceof NullScenario) {
            sm = s;
            smLabel = "SM (HPQCD 2022 form factors)";
        } else {
            WetScenario wet = new WetScenario();
            double[] w = wet.defaults();
            int nff = 8;
            System.arraycopy(values, values.length - nff, w, w.length - nff, nff);
            sm = wet.spectrum(w);
            smLabel = "SM (same BSZ2015 form factors)";
        }
        SpectrumPlot.Peak peak = null;
        if (sc instanceof TwoBodyScenario) {
            double m = values[sc.indexOf("mass")];
            double width = values[sc.indexOf("width")];
            peak = new SpectrumPlot.Peak(m * m, m * width, s.branchingRatio(0, s.q2Max()));
        }
        SpectrumPlot.figure(label, s::dbrdq2, smLabel, sm::dbrdq2, s.q2Max(), peak).save(plot);
    }

    /** "name: p = v, …" with the physics parameters that differ from their defaults (form factors left out). */
    static String scenarioLabel(Scenario sc, double[] values) {
        StringBuilder sb = new StringBuilder(sc.name());
        int nPhys = sc instanceof NullScenario ? 0 : sc.parameters().size() - 8;
        String sep = ": ";
        int shown = 0;
        for (int i = 0; i < nPhys && shown < 3; i++) {
            var p = sc.parameters().get(i);
            if (values[i] != p.defaultValue() || (sc instanceof TwoBodyScenario && i < 2)) {
                String unit = p.unit().isEmpty() ? "" : " " + Labels.unit(p.unit()).replaceAll("^ \\[|\\]$", "");
                sb.append(sep).append(Labels.symbol(sc, p.name())).append(" = ").append(Ticks.compact(values[i], 4))
                        .append(unit);
                sep = ", ";
                shown++;
            }
        }
        return sb.toString();
    }

    /**
     * Corner plot of the chosen columns of {@code samples} ({@code count × dim}, row-major) with the reference
     * values (the MLE, one per chosen column) marked when given.
     */
    public static void corner(Path plot, List<String> names, int[] columns, double[] samples, int count, int dim,
            double[] mle) throws IOException {
        double[][] cols = new double[columns.length][count];
        List<String> labels = new ArrayList<>();
        for (int p = 0; p < columns.length; p++) {
            for (int s = 0; s < count; s++) {
                cols[p][s] = samples[s * dim + columns[p]];
            }
            labels.add(Labels.axis(names.get(p)));
        }
        CornerPlot.figure(labels, cols, mle, "maximum-likelihood estimate").save(plot);
    }
}
