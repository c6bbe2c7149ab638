package org.kinvis.host.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.kinvis.host.TestData;
import org.kinvis.host.workspace.WorkspaceReader;
import org.kinvis.kernels.DataSets;
import org.kinvis.kernels.Evaluator;
import org.kinvis.kernels.ModelLayout;
import org.kinvis.kernels.cpu.CpuBackend;

/**
 * Pseudo-experiments and their evaluation: each point evaluated against its own data set (value and gradient on
 * the CPU backend, the backend-independent default through {@code expected}) equals the model compiled with that
 * set as its data; the draws have the moments of their pdfs and a seed reproduces them.
 */
class PseudoDataTest {

    /** The pyhf-modifiers workspace: every modifier type, Gaussian and Poisson constraints. */
    private static CompiledModel modifiers() {
        JsonNode ref = TestData.reference("pyhf-modifiers.json");
        JsonNode c = ref.get("cases").get(0);
        return ModelCompiler.compile(WorkspaceReader.fromJson(ref.get("workspaces").get(c.get("workspace").asText()),
                "pyhf-modifiers.json"));
    }

    @Test
    void dataSetEvaluationEqualsTheModelWithThatData() {
        compareWithData(modifiers(), 5);
        compareWithData(ModelCompiler.compile(WorkspaceReader.read(TestData.workspace())), 3);
    }

    private static void compareWithData(CompiledModel model, int sets) {
        ModelLayout m = model.layout();
        int n = m.nPars();
        double[] x0 = model.parameters().inits();
        try (CpuBackend cpu = new CpuBackend(2); Evaluator ev = cpu.prepare(m)) {
            double[] nu = new double[m.nBins()];
            ev.expected(x0, 1, nu);
            DataSets data = PseudoData.sample(m, x0, nu, sets, new SplittableRandom(11));
            // two points per set, interleaved, off the inits (kinks of the interpolation codes avoided)
            SplittableRandom rng = new SplittableRandom(3);
            int count = 2 * sets;
            double[] pts = new double[count * n];
            int[] set = new int[count];
            for (int p = 0; p < count; p++) {
                set[p] = (p * 3) % sets;
                for (int i = 0; i < n; i++) {
                    pts[p * n + i] = x0[i] + (model.parameters().fixed()[i] ? 0 : 0.02 + 0.05 * rng.nextDouble());
                }
            }
            double[] value = new double[count];
            ev.logpdf(pts, count, data, set, value);
            double[] viaExpected = new double[count];
            defaultsOnly(ev).logpdf(pts, count, data, set, viaExpected);
            double[] gv = new double[count];
            double[] grad = new double[count * n];
            assertThat(ev.hasDataSetGradient()).isTrue();
            ev.gradient(pts, count, data, set, gv, grad);
            for (int p = 0; p < count; p++) {
                int s = set[p];
                try (Evaluator own = cpu.prepare(m.withData(data.main(s), data.aux(s)))) {
                    double[] pt = java.util.Arrays.copyOfRange(pts, p * n, (p + 1) * n);
                    double[] lp = new double[1];
                    own.logpdf(pt, 1, lp);
                    double tol = 1e-11 * (1 + Math.abs(lp[0]));
                    assertThat(value[p]).as("logpdf of point %d on set %d", p, s).isCloseTo(lp[0], within(tol));
                    assertThat(viaExpected[p]).as("host terms").isCloseTo(lp[0], within(tol));
                    assertThat(gv[p]).as("gradient's value").isCloseTo(lp[0], within(tol));
                    double[] g = new double[n];
                    own.gradient(pt, 1, lp, g);
                    for (int i = 0; i < n; i++) {
                        assertThat(grad[p * n + i]).as("∂/∂x[%d] of point %d", i, p)
                                .isCloseTo(g[i], within(1e-10 * (1 + Math.abs(g[i]))));
                    }
                }
            }
        }
    }

    /** An evaluator with only the basic methods: the data-set methods are the interface's defaults. */
    private static Evaluator defaultsOnly(Evaluator e) {
        return new Evaluator() {
            public ModelLayout layout() {
                return e.layout();
            }

            public void logpdf(double[] points, int count, double[] out) {
                e.logpdf(points, count, out);
            }

            public void logpdfParts(double[] points, int count, double[] main, double[] constraint) {
                e.logpdfParts(points, count, main, constraint);
            }

            public void expected(double[] points, int count, double[] out) {
                e.expected(points, count, out);
            }

            public void rowYields(double[] points, int count, double[] out) {
                e.rowYields(points, count, out);
            }
        };
    }

    @Test
    void drawsHaveThePdfsMomentsAndSeedsReproduceThem() {
        CompiledModel model = modifiers();
        ModelLayout m = model.layout();
        double[] x = model.parameters().inits();
        double[] nu = new double[m.nBins()];
        try (CpuBackend cpu = new CpuBackend(1); Evaluator ev = cpu.prepare(m)) {
            ev.expected(x, 1, nu);
        }
        int toys = 20_000;
        DataSets d = PseudoData.sample(m, x, nu, toys, new SplittableRandom(5));
        assertThat(PseudoData.sample(m, x, nu, 3, new SplittableRandom(5)).main())
                .containsExactly(java.util.Arrays.copyOf(d.main(), 3 * m.nBins()));
        for (int j = 0; j < m.nBins(); j++) {
            double[] v = column(d.main(), m.nBins(), j, toys);
            // Poisson: mean = variance = ν; integer counts
            assertThat(mean(v)).as("bin %d mean", j).isCloseTo(nu[j], within(5 * Math.sqrt(nu[j] / toys) + 1e-12));
            assertThat(variance(v)).as("bin %d variance", j).isCloseTo(nu[j], within(6 * nu[j] * Math.sqrt(2.0 / toys)
                    + 1e-12));
            for (double c : v) {
                assertThat(c).isEqualTo(Math.rint(c));
            }
        }
        int na = m.auxdata().length;
        for (int k = 0; k < m.gaussPar().length; k++) {
            double[] v = column(d.aux(), na, m.gaussAux()[k], toys);
            double s = m.gaussSigma()[k];
            assertThat(mean(v)).isCloseTo(x[m.gaussPar()[k]], within(5 * s / Math.sqrt(toys)));
            assertThat(Math.sqrt(variance(v))).isCloseTo(s, within(5 * s / Math.sqrt(2.0 * toys)));
        }
        assertThat(m.poisPar().length).isPositive();
        for (int k = 0; k < m.poisPar().length; k++) {
            double[] v = column(d.aux(), na, m.poisAux()[k], toys);
            double lambda = x[m.poisPar()[k]] * m.poisFactor()[k];
            assertThat(mean(v)).isCloseTo(lambda, within(5 * Math.sqrt(lambda / toys)));
        }
    }

    /** The Poisson sampler's pmf against the exact one, by χ², below and above the switch of algorithm at 10. */
    @Test
    void poissonVariatesFollowThePmf() {
        for (double lambda : new double[] {0.7, 4.5, 12.0, 150.0}) {
            SplittableRandom rng = new SplittableRandom(42);
            int n = 100_000;
            int max = (int) (lambda + 12 * Math.sqrt(lambda) + 10);
            long[] counts = new long[max + 1];
            for (int i = 0; i < n; i++) {
                counts[(int) Math.min(max, PseudoData.poisson(lambda, rng))]++;
            }
            var pois = new org.apache.commons.math3.distribution.PoissonDistribution(lambda);
            double chi2 = 0;
            int dof = 0;
            for (int k = 0; k <= max; k++) {
                double e = n * pois.probability(k);
                if (e > 20) {
                    chi2 += (counts[k] - e) * (counts[k] - e) / e;
                    dof++;
                }
            }
            // far beyond the 1e-6 quantile of χ²(dof) only if the sampler is wrong
            assertThat(chi2).as("χ² for λ = %s with %d bins", lambda, dof).isLessThan(dof + 8 * Math.sqrt(2.0 * dof) + 10);
        }
        assertThat(PseudoData.poisson(0, new SplittableRandom(1))).isZero();
    }

    private static double[] column(double[] rows, int width, int j, int count) {
        double[] v = new double[count];
        for (int t = 0; t < count; t++) {
            v[t] = rows[t * width + j];
        }
        return v;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d;
        }
        return s / v.length;
    }

    private static double variance(double[] v) {
        double m = mean(v);
        double s = 0;
        for (double d : v) {
            s += (d - m) * (d - m);
        }
        return s / (v.length - 1);
    }
}
