package org.kinvis.host.reweight;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.kinvis.host.TestData;
import org.kinvis.host.model.CompiledModel;
import org.kinvis.host.model.InterpolationSettings;
import org.kinvis.host.physics.GaussLegendre;
import org.kinvis.host.physics.NullScenario;
import org.kinvis.host.physics.NumberDensity;
import org.kinvis.host.physics.TrueBinning;
import org.kinvis.host.physics.WetScenario;
import org.kinvis.host.workspace.WorkspaceReader;
import org.kinvis.kernels.Evaluator;
import org.kinvis.kernels.cpu.CpuBackend;

/** The fold onto analysis bins and the reinterpreted likelihood on the Belle II data. */
class ReinterpretationTest {

    /**
     * Row j of a map sums to the nominal signal yield of analysis bin j: ITA to the workspace's rounding (its yields
     * carry 6 decimals), HTA to one simulated event's weight (3.05e-5, belle2-knunu/README.md).
     */
    @Test
    void mapsEncodeTheNominalSignalAndTheNullFoldsToOne() {
        CompiledModel m = org.kinvis.host.model.ModelCompiler.compile(WorkspaceReader.read(TestData.workspace()));
        for (SignalMap map : SignalMap.belle2()) {
            NumberDensity nd = map.read(TestData.dataDir(), 101);
            String channel = map.channelIn(m.channels());
            double[] nominal = org.kinvis.host.workspace.WorkspaceReader.read(TestData.workspace()).channel(channel)
                    .samples().stream().filter(s -> s.name().equals(map.sample())).findFirst().orElseThrow().data();
            double[] sums = nd.rowSums();
            double tol = map.file().contains("hta") ? 3.1e-5 : 5e-7;
            for (int j = 0; j < sums.length; j++) {
                assertThat(sums[j]).as("%s row %d", map.file(), j).isCloseTo(nominal[j], within(tol));
            }
            double[] ones = new double[101];
            java.util.Arrays.fill(ones, 1);
            for (double f : nd.fold(ones)) {
                assertThat(f).isEqualTo(1.0);
            }
        }
    }

    /**
     * alt = null × g(q²), g = 1 + 0.05 q² − 0.001 q⁴ (no q⁴… a quadratic in q²): the DESIGN rule (GL16 bin integrals,
     * ratio, fold) against an independent composite-Simpson integration of the same fold.
     */
    @Test
    void polynomialReweightingMatchesIndependentIntegration() {
        java.util.function.DoubleUnaryOperator g = q -> 1 + 0.05 * q - 0.001 * q * q;
        TrueBinning bins = TrueBinning.belle2();
        org.kinvis.host.physics.Spectrum nul = new NullScenario().spectrum(new double[0]);
        org.kinvis.host.physics.Spectrum alt = new org.kinvis.host.physics.Spectrum() {
            public double dbrdq2(double q2) {
                return nul.dbrdq2(q2) * g.applyAsDouble(q2);
            }

            public double q2Min() {
                return 0;
            }

            public double q2Max() {
                return nul.q2Max();
            }
        };
        double[] w = bins.weights(bins.integrals(alt), bins.integrals(nul), false, Double.POSITIVE_INFINITY);
        NumberDensity nd = SignalMap.belle2().get(0).read(TestData.dataDir(), 101);
        double[] fold = nd.fold(w);
        for (int j = 0; j < fold.length; j++) {
            double num = nd.rows()[j][0];
            double den = nd.rows()[j][0];
            for (int i = 1; i <= 100; i++) {
                double a = bins.lo()[i];
                double b = Math.min(bins.hi()[i], nul.q2Max());
                double ia = simpson(q -> nul.dbrdq2(q) * g.applyAsDouble(q), a, b);
                double in = simpson(nul::dbrdq2, a, b);
                num += nd.rows()[j][i] * ia / in;
                den += nd.rows()[j][i];
            }
            assertThat(fold[j]).as("fold %d", j).isCloseTo(num / den, within(1e-9));
        }
    }

    static double simpson(java.util.function.DoubleUnaryOperator f, double a, double b) {
        int n = 2000;
        double h = (b - a) / n;
        double s = f.applyAsDouble(a) + f.applyAsDouble(b);
        for (int i = 1; i < n; i++) {
            s += (i % 2 == 1 ? 4 : 2) * f.applyAsDouble(a + i * h);
        }
        return s * h / 3;
    }

    /** Expected rates: background unchanged, each signal yield times its folded factor. */
    @Test
    void reinterpretedRatesScaleTheSignalOnly() {
        try (CpuBackend cpu = new CpuBackend(1)) {
            double[] v = new WetScenario().defaults();
            v[0] = 9;
            v[4] = 5;
            Reinterpretation r = new Reinterpretation(WorkspaceReader.read(TestData.workspace()), TestData.dataDir(),
                    new WetScenario(), v, Set.of("cvl", "ctl"), InterpolationSettings.DEFAULT, cpu);
            assertThat(r.parameters().names()).contains("cvl", "ctl", "ffk_eta[7]").doesNotContain("mu", "corr_ff_c1");
            double[] x = r.parameters().inits();
            double[] reint = r.expected(x);
            double[] factors = r.factors(x, 0);
            CompiledModel base = r.base();
            double[] rows = new double[base.layout().nRows()];
            try (Evaluator e = cpu.prepare(base.layout())) {
                e.rowYields(java.util.Arrays.copyOf(x, base.parameters().size()), 1, rows);
                double[] want = new double[base.layout().nBins()];
                for (int rr = 0; rr < rows.length; rr++) {
                    want[base.layout().rowBin()[rr]] += rows[rr];
                }
                int k = 0;
                for (SignalMap map : SignalMap.belle2()) {
                    int c = base.channels().indexOf(map.channelIn(base.channels()));
                    int s = base.samples().indexOf(map.sample());
                    for (int rr = 0; rr < rows.length; rr++) {
                        int bin = base.layout().rowBin()[rr];
                        if (base.rowSample()[rr] == s && bin >= base.channelOffset(c)
                                && bin < base.channelOffset(c) + base.channelBins()[c]) {
                            want[bin] += rows[rr] * (factors[k++] - 1);
                        }
                    }
                }
                assertThat(k).isEqualTo(18);
                for (int j = 0; j < want.length; j++) {
                    assertThat(reint[j]).as("bin %d", j).isCloseTo(want[j], within(1e-10 * want[j]));
                }
            }
            assertThat(List.of(r.parameters().fixed()[r.parameters().indexOf("cvr")])).containsExactly(true);
            r.close();
        }
    }

    /**
     * The reinterpretation's gradient (workspace parameters analytic, physics and form-factor parameters through
     * the folded factors) against Richardson-extrapolated central differences of its logpdf, for WET and for the
     * two-body scalar (a coupling of 1e-8 and a mass). The logpdf (≈ −1800, bins of 10⁴ events) rounds at ~1e-11,
     * which sets the absolute floor of the comparison.
     */
    @Test
    void gradientMatchesFiniteDifferences() {
        try (CpuBackend cpu = new CpuBackend(1)) {
            double[] wet = new WetScenario().defaults();
            wet[0] = 10;
            wet[2] = 2;
            wet[4] = 7;
            check(new Reinterpretation(WorkspaceReader.read(TestData.workspace()), TestData.dataDir(),
                    new WetScenario(), wet, Set.of("cvl", "csl", "ctl"), InterpolationSettings.DEFAULT, cpu));
            org.kinvis.host.physics.Scenario scalar = org.kinvis.host.physics.Scenario.byName("scalar");
            double[] sv = scalar.defaults();
            sv[scalar.indexOf("mass")] = 2.0;
            sv[scalar.indexOf("gs")] = 1e-8;
            sv[scalar.indexOf("width")] = 0.1;
            check(new Reinterpretation(WorkspaceReader.read(TestData.workspace()), TestData.dataDir(), scalar, sv,
                    Set.of("mass", "gs"), InterpolationSettings.DEFAULT, cpu));
        }
    }

    private static void check(Reinterpretation r) {
        try (r) {
            assertThat(r.hasGradient()).isTrue();
            int n = r.dimension();
            double[] x = r.parameters().inits();
            java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
            for (int i = 0; i < n; i++) {
                if (!r.parameters().fixed()[i] && r.parameters().names().get(i).startsWith("ffk_eta")) {
                    x[i] = rng.nextDouble() - 0.5;
                } else if (!r.parameters().fixed()[i] && r.parameters().lowerBounds()[i] == -5) {
                    x[i] += 0.2 * (rng.nextDouble() - 0.5);
                }
            }
            double[] g = new double[n];
            double v = r.gradient(x, 1, g)[0];
            assertThat(v).isCloseTo(r.logpdf(x, 1)[0], within(1e-9 * Math.abs(v)));
            for (int i = 0; i < n; i++) {
                if (r.parameters().fixed()[i]) {
                    continue;
                }
                boolean workspace = i < r.base().parameters().size();
                double h = 1e-3 * (workspace ? Math.max(1, Math.abs(x[i])) : (x[i] != 0 ? Math.abs(x[i]) : 1e-3));
                double[] pts = new double[4 * n];
                double[] sg = {1, -1, 0.5, -0.5};
                for (int k = 0; k < 4; k++) {
                    System.arraycopy(x, 0, pts, k * n, n);
                    pts[k * n + i] += sg[k] * h;
                }
                double[] f = r.logpdf(pts, 4);
                double numeric = (4 * (f[2] - f[3]) / h - (f[0] - f[1]) / (2 * h)) / 3;
                assertThat(g[i]).as("∂/∂%s", r.parameters().names().get(i))
                        .isCloseTo(numeric, within(1e-5 * Math.abs(numeric) + 1e-10 / h));
            }
        }
    }
}
