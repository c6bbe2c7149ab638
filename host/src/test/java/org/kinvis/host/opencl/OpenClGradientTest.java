package org.kinvis.host.opencl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kinvis.host.TestData.doubles;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kinvis.host.TestData;
import org.kinvis.host.model.CompiledModel;
import org.kinvis.host.model.InterpolationSettings;
import org.kinvis.host.model.ModelCompiler;
import org.kinvis.host.model.ParameterTable;
import org.kinvis.host.workspace.WorkspaceReader;
import org.kinvis.kernels.Evaluator;
import org.kinvis.kernels.ModelLayout;
import org.kinvis.kernels.VerifyingBackend;
import org.kinvis.kernels.cpu.CpuBackend;
import org.kinvis.kernels.opencl.OpenClBackend;

/**
 * The OpenCL gradient kernel against the CPU gradient, point by point: value and every derivative to 1e-10
 * relative in float64 (relative to max(1, |g|): a derivative that is a sum of terms of either sign is compared on
 * the scale of 1), on the Belle II workspace and on every workspace of {@code pyhf-modifiers.json} (all seven
 * modifier types, zero-nominal and fixed bins) under every interpolation setting, at random points with |α| up to
 * 2.5, plus points with a normfactor at exactly 0 (the "product of the other factors" without division) and the
 * extra row factors of {@link ModelLayout#withRowFactors}. Skipped, visibly, only without an OpenCL platform.
 */
class OpenClGradientTest {
    static final String[] SETTINGS = {"normsys=code4,histosys=code4p", "normsys=code1,histosys=code0",
        "normsys=code1,histosys=code2", "normsys=code4,histosys=code0", "normsys=code4,histosys=code2",
        "normsys=code1,histosys=code4p"};
    static OpenClBackend cl;
    static CpuBackend cpu;

    @BeforeAll
    static void open() {
        Assumptions.assumeTrue(OpenClBackend.available(),
                "SKIPPED: no OpenCL platform on this machine (scripts/setup.sh installs PoCL)");
        // the work-group kernels only: logpdf and gradient share one program
        cl = SharedOpenCl.group();
        cpu = new CpuBackend(1);
        System.err.println("OpenCL device under test: " + cl.device());
    }

    @AfterAll
    static void close() {
        if (cpu != null) {
            cpu.close();
        }
    }

    /**
     * {@code count} points: α of Gaussian-constrained nuisances (bounds ±5) uniform in [−2.5, 2.5], other free
     * parameters uniform in [0.5, 2] ∩ bounds, fixed ones at their init; every fifth point has the first
     * unconstrained parameter of bound 0 (a normfactor such as μ) at exactly 0.
     */
    static double[] points(ParameterTable t, int count, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = t.size();
        double[] x = new double[count * n];
        int zeroable = -1;
        for (int i = 0; i < n && zeroable < 0; i++) {
            if (t.lowerBounds()[i] == 0 && !t.fixed()[i]) {
                zeroable = i;
            }
        }
        for (int p = 0; p < count; p++) {
            for (int i = 0; i < n; i++) {
                double lo = t.lowerBounds()[i];
                double hi = t.upperBounds()[i];
                double v;
                if (t.fixed()[i]) {
                    v = t.inits()[i];
                } else if (lo == -5 && hi == 5) {
                    v = rng.nextDouble(-2.5, 2.5);
                } else {
                    v = rng.nextDouble(Math.max(lo, 0.5), Math.min(hi, 2.0));
                }
                x[p * n + i] = v;
            }
            if (zeroable >= 0 && p % 5 == 4) {
                x[p * n + zeroable] = 0;
            }
        }
        return x;
    }

    /** OpenCL value and gradient = CPU's at every point; returns the number of derivatives compared. */
    static int agree(OpenClBackend backend, ModelLayout layout, double[] x, int count, double tol) {
        int n = layout.nPars();
        try (Evaluator d = backend.prepare(layout); Evaluator c = cpu.prepare(layout)) {
            assertThat(d.hasGradient()).isTrue();
            double[] dv = new double[count];
            double[] cv = new double[count];
            double[] dg = new double[count * n];
            double[] cg = new double[count * n];
            d.gradient(x, count, dv, dg);
            c.gradient(x, count, cv, cg);
            int finite = 0;
            for (int p = 0; p < count; p++) {
                assertClose(dv[p], cv[p], tol, "logpdf of point " + p);
                if (Double.isInfinite(cv[p])) {
                    continue; // ν = 0 < n: outside the support, no derivatives to compare
                }
                finite++;
                for (int i = 0; i < n; i++) {
                    assertClose(dg[p * n + i], cg[p * n + i], tol, "∂logpdf/∂x[" + i + "] of point " + p);
                }
            }
            assertThat(finite).as("points with a finite logpdf").isGreaterThan(count * 3 / 4);
            // the value is the logpdf itself
            double[] lp = new double[count];
            d.logpdf(x, count, lp);
            for (int p = 0; p < count; p++) {
                assertClose(dv[p], lp[p], tol, "gradient value vs logpdf of point " + p);
            }
            return finite * n;
        }
    }

    static void assertClose(double dev, double ref, double tol, String what) {
        if (Double.isInfinite(ref) && dev == ref) {
            return;
        }
        assertThat(Double.isFinite(dev) && Double.isFinite(ref)).as("%s: opencl %s cpu %s", what, dev, ref).isTrue();
        double scale = Math.max(1, Math.max(Math.abs(dev), Math.abs(ref)));
        assertThat(Math.abs(dev - ref) / scale).as("%s: opencl %s cpu %s", what, dev, ref).isLessThanOrEqualTo(tol);
    }

    static Stream<String> settings() {
        return Stream.of(SETTINGS);
    }

    @ParameterizedTest(name = "Belle II, {0}")
    @MethodSource("settings")
    void belle2GradientMatchesCpu(String settings) {
        CompiledModel model = ModelCompiler.compile(WorkspaceReader.read(TestData.workspace()), null,
                InterpolationSettings.parse(settings));
        int count = 40;
        double tol = cl.fp64() ? 1e-10 : 1e-4;
        assertThat(agree(cl, model.layout(), points(model.parameters(), count, 31), count, tol))
                .isGreaterThanOrEqualTo(count * 3 / 4 * model.parameters().size());
    }

    static Stream<Arguments> modifierWorkspaces() {
        JsonNode ref = TestData.reference("pyhf-modifiers.json");
        List<Arguments> out = new ArrayList<>();
        ref.get("workspaces").fieldNames().forEachRemaining(name -> {
            for (String s : SETTINGS) {
                out.add(Arguments.of(name, s, ref.get("workspaces").get(name), ref));
            }
        });
        return out.stream();
    }

    @ParameterizedTest(name = "pyhf-modifiers {0}, {1}")
    @MethodSource("modifierWorkspaces")
    void everyModifierGradientMatchesCpu(String name, String settings, JsonNode ws, JsonNode ref) {
        CompiledModel model = ModelCompiler.compile(WorkspaceReader.fromJson(ws, "pyhf-modifiers.json"), null,
                InterpolationSettings.parse(settings));
        int n = model.parameters().size();
        List<double[]> pts = new ArrayList<>();
        for (JsonNode c : ref.get("cases")) {
            if (c.get("workspace").asText().equals(name)) {
                c.get("points").forEach(p -> pts.add(doubles(p.get("pars"))));
            }
        }
        int random = 60;
        double[] x = new double[(pts.size() + random) * n];
        for (int p = 0; p < pts.size(); p++) {
            System.arraycopy(pts.get(p), 0, x, p * n, n);
        }
        System.arraycopy(points(model.parameters(), random, 41), 0, x, pts.size() * n, random * n);
        double tol = cl.fp64() ? 1e-10 : 1e-4;
        assertThat(agree(cl, model.layout(), x, pts.size() + random, tol)).isGreaterThan(100);
    }

    /** Extra per-row factors (the reinterpretation's reweighting inputs) are parameters with derivatives too. */
    @Test
    void rowFactorParametersMatchCpu() {
        CompiledModel model = ModelCompiler.compile(WorkspaceReader.read(TestData.workspace()));
        ModelLayout base = model.layout();
        int[] rows = new int[base.nRows() / 3];
        for (int k = 0; k < rows.length; k++) {
            rows[k] = 3 * k;
        }
        ModelLayout m = base.withRowFactors(rows);
        int count = 20;
        int n0 = base.nPars();
        int n = m.nPars();
        double[] x0 = points(model.parameters(), count, 51);
        double[] x = new double[count * n];
        SplittableRandom rng = new SplittableRandom(52);
        for (int p = 0; p < count; p++) {
            System.arraycopy(x0, p * n0, x, p * n, n0);
            for (int k = n0; k < n; k++) {
                x[p * n + k] = rng.nextDouble(0.3, 3);
            }
        }
        agree(cl, m, x, count, cl.fp64() ? 1e-10 : 1e-4);
    }

    /** A work-group of one work-item and one larger than the model's rows give the same numbers. */
    @Test
    void localSizes() {
        CompiledModel model = ModelCompiler.compile(WorkspaceReader.read(TestData.workspace()));
        int count = 20;
        double[] x = points(model.parameters(), count, 61);
        for (int ls : new int[] {1, 256}) {
            OpenClBackend b = SharedOpenCl.get(OpenClBackend.Kernel.GROUP, OpenClBackend.Precision.AUTO, ls);
            agree(b, model.layout(), x, count, b.fp64() ? 1e-10 : 1e-4);
        }
    }

    /** float32: value and derivatives to float rounding on the scale of the terms they sum. */
    @Test
    void float32Gradient() {
        CompiledModel model = ModelCompiler.compile(WorkspaceReader.read(TestData.workspace()));
        int count = 30;
        OpenClBackend f32 = SharedOpenCl.get(OpenClBackend.Kernel.GROUP, OpenClBackend.Precision.FLOAT, 0);
        agree(f32, model.layout(), points(model.parameters(), count, 71), count, 1e-4);
    }

    /** --backend verify checks gradients point by point like every other device result. */
    @Test
    void verifyingBackendChecksGradients() {
        CompiledModel model = ModelCompiler.compile(WorkspaceReader.read(TestData.workspace()));
        int count = 10;
        int n = model.parameters().size();
        double[] x = points(model.parameters(), count, 81);
        try (VerifyingBackend v = new VerifyingBackend(SharedOpenCl.unclosable(cl), 1e-10, 1.0, 1);
                Evaluator e = v.prepare(model.layout())) {
            assertThat(e.hasGradient()).isTrue();
            double[] out = new double[count];
            double[] grad = new double[count * n];
            e.gradient(x, count, out, grad);
            assertThat(v.verifiedValues()).isEqualTo((long) count * (n + 1));
            assertThat(v.maxRelativeError()).isLessThan(1e-10);
        }
        // float32: the verify backend's float tolerance 1e-5 holds for gradients too (components on the scale of
        // the gradient: float rounding of the terms they sum)
        try (VerifyingBackend v = new VerifyingBackend(SharedOpenCl.unclosable(SharedOpenCl.get(
                OpenClBackend.Kernel.GROUP, OpenClBackend.Precision.FLOAT, 0)), 1e-5, 1.0, 1);
                Evaluator e = v.prepare(model.layout())) {
            e.gradient(x, count, new double[count], new double[count * n]);
            assertThat(v.verifiedValues()).isEqualTo((long) count * (n + 1));
        }
    }
}
