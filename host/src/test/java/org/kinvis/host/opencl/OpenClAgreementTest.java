package org.kinvis.host.opencl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kinvis.host.TestData.doubles;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kinvis.host.TestData;
import org.kinvis.host.model.CompiledModel;
import org.kinvis.host.model.InterpolationSettings;
import org.kinvis.host.model.ModelCompiler;
import org.kinvis.host.model.ParameterTable;
import org.kinvis.host.workspace.WorkspaceReader;
import org.kinvis.kernels.Evaluator;
import org.kinvis.kernels.cpu.CpuBackend;
import org.kinvis.kernels.opencl.OpenClBackend;

/**
 * The OpenCL path (PoCL here, a GPU where lent) against the CPU backend and pyhf on the Belle II workspace: the
 * pyhf reference points and 1 000 random points within bounds, float64 to 1e-10 relative, every interpolation
 * code; float32 to 1e-5. Skipped, visibly, only when no OpenCL platform exists.
 */
class OpenClAgreementTest {
    static OpenClBackend cl;
    static CpuBackend cpu;

    @BeforeAll
    static void open() {
        if (!OpenClBackend.available()) {
            Assumptions.abort("SKIPPED: no OpenCL platform on this machine (scripts/setup.sh installs PoCL)");
        }
        cl = SharedOpenCl.get(OpenClBackend.Kernel.AUTO, OpenClBackend.Precision.AUTO, 0);
        cpu = new CpuBackend();
        System.err.println("OpenCL device under test: " + cl.device());
    }

    @AfterAll
    static void close() {
        if (cpu != null) {
            cpu.close();
        }
    }

    static double[] randomWithinBounds(ParameterTable t, int count, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = t.size();
        double[] lo = t.lowerBounds();
        double[] hi = t.upperBounds();
        double[] x = new double[count * n];
        for (int p = 0; p < count; p++) {
            for (int i = 0; i < n; i++) {
                // staterror γ over their whole range [1e-10, 10] would make ν ≤ 0 rare but possible; keep α in
                // [-5, 5] and γ, μ within [0.5, 2] ∩ bounds so every logpdf is finite
                double l = Math.max(lo[i], hi[i] > 5.5 ? 0.5 : lo[i]);
                double h = Math.min(hi[i], hi[i] > 5.5 ? 2.0 : hi[i]);
                x[p * n + i] = l + (h - l) * rng.nextDouble();
            }
        }
        return x;
    }

    /** Equal to {@code tol} relative; a point where ν ≤ 0 makes both NaN, which counts as agreement. */
    static void assertAgree(double[] a, double[] b, double tol, String what) {
        int finite = 0;
        for (int i = 0; i < a.length; i++) {
            if (Double.isNaN(a[i]) || Double.isNaN(b[i])) {
                assertThat(Double.isNaN(a[i]) && Double.isNaN(b[i])).as("%s[%d]: opencl %s cpu %s", what, i, a[i],
                        b[i]).isTrue();
                continue;
            }
            finite++;
            double scale = Math.max(1, Math.max(Math.abs(a[i]), Math.abs(b[i])));
            assertThat(Math.abs(a[i] - b[i]) / scale).as("%s[%d]: opencl %s cpu %s", what, i, a[i], b[i])
                    .isLessThanOrEqualTo(tol);
        }
        assertThat(finite).as("%s: finite values", what).isGreaterThan(a.length * 9 / 10);
    }

    void agreeOn(CompiledModel model, double[] x, int count, OpenClBackend backend, double tol) {
        try (Evaluator d = backend.prepare(model.layout()); Evaluator c = cpu.prepare(model.layout())) {
            double[] dm = new double[count];
            double[] dc = new double[count];
            double[] cm = new double[count];
            double[] cc = new double[count];
            d.logpdfParts(x, count, dm, dc);
            c.logpdfParts(x, count, cm, cc);
            assertAgree(dm, cm, tol, "main");
            assertAgree(dc, cc, tol, "constraint");
            double[] dt = new double[count];
            double[] ct = new double[count];
            d.logpdf(x, count, dt);
            c.logpdf(x, count, ct);
            assertAgree(dt, ct, tol, "logpdf");
            int nb = model.layout().nBins();
            double[] de = new double[count * nb];
            double[] ce = new double[count * nb];
            d.expected(x, count, de);
            c.expected(x, count, ce);
            // float32: a rate that is a small difference of yields of O(100) carries their absolute rounding
            assertAgree(de, ce, backend.fp64() ? tol : 1e-3, "expected");
        }
    }

    @Test
    void matchesPyhfReferencePoints() {
        JsonNode ref = TestData.reference("pyhf-eval.json");
        CompiledModel model = ModelCompiler.compile(WorkspaceReader.read(TestData.workspace()));
        List<JsonNode> pts = new ArrayList<>();
        ref.get("points").forEach(pts::add);
        ref.get("random_points").forEach(pts::add);
        int n = model.parameters().size();
        double[] x = new double[pts.size() * n];
        for (int p = 0; p < pts.size(); p++) {
            System.arraycopy(doubles(pts.get(p).get("pars")), 0, x, p * n, n);
        }
        try (Evaluator d = cl.prepare(model.layout())) {
            double[] out = new double[pts.size()];
            d.logpdf(x, pts.size(), out);
            double tol = cl.fp64() ? 1e-10 : 1e-5;
            for (int p = 0; p < pts.size(); p++) {
                double want = pts.get(p).get("logpdf").asDouble();
                assertThat(Math.abs(out[p] - want) / Math.abs(want)).as("point %d", p).isLessThanOrEqualTo(tol);
            }
        }
        agreeOn(model, x, pts.size(), cl, cl.fp64() ? 1e-10 : 1e-5);
    }

    @Test
    void agreesWithCpuOnRandomPointsForEveryInterpolationCode() {
        for (String interp : new String[] {"normsys=code4,histosys=code4p", "normsys=code1,histosys=code0",
                "normsys=code1,histosys=code2"}) {
            CompiledModel model = ModelCompiler.compile(WorkspaceReader.read(TestData.workspace()), null,
                    InterpolationSettings.parse(interp));
            int count = 1000;
            agreeOn(model, randomWithinBounds(model.parameters(), count, 11), count, cl, cl.fp64() ? 1e-10 : 1e-5);
        }
    }

    @Test
    void float32PathAgreesToSinglePrecisionTolerance() {
        for (OpenClBackend.Kernel k : new OpenClBackend.Kernel[] {OpenClBackend.Kernel.GROUP,
                OpenClBackend.Kernel.ITEM, OpenClBackend.Kernel.VECTOR}) {
            OpenClBackend f32 = SharedOpenCl.get(k, OpenClBackend.Precision.FLOAT, 0);
            CompiledModel model = ModelCompiler.compile(WorkspaceReader.read(TestData.workspace()));
            int count = 1000;
            agreeOn(model, randomWithinBounds(model.parameters(), count, 12), count, f32, 1e-5);
        }
    }

    /** Both launch geometries (work-group per point for GPUs, work-item per point for CPUs), every code. */
    @Test
    void bothKernelsAgreeWithCpu() {
        for (OpenClBackend.Kernel k : new OpenClBackend.Kernel[] {OpenClBackend.Kernel.GROUP,
                OpenClBackend.Kernel.ITEM, OpenClBackend.Kernel.VECTOR}) {
            OpenClBackend b = SharedOpenCl.get(k, OpenClBackend.Precision.AUTO, 0);
            for (String interp : new String[] {"normsys=code4,histosys=code4p", "normsys=code1,histosys=code0",
                    "normsys=code1,histosys=code2"}) {
                CompiledModel model = ModelCompiler.compile(WorkspaceReader.read(TestData.workspace()), null,
                        InterpolationSettings.parse(interp));
                int count = 300;
                agreeOn(model, randomWithinBounds(model.parameters(), count, 21), count, b,
                        b.fp64() ? 1e-10 : 1e-5);
            }
        }
    }

    @Test
    void smallLocalSizesAndChunkBoundariesGiveTheSameNumbers() {
        CompiledModel model = ModelCompiler.compile(WorkspaceReader.read(TestData.workspace()));
        int count = 257;
        double[] x = randomWithinBounds(model.parameters(), count, 13);
        for (OpenClBackend.Kernel k : new OpenClBackend.Kernel[] {OpenClBackend.Kernel.GROUP,
                OpenClBackend.Kernel.ITEM, OpenClBackend.Kernel.VECTOR}) {
            for (int ls : new int[] {1, 16, 128}) {
                OpenClBackend b = SharedOpenCl.get(k, OpenClBackend.Precision.AUTO, ls);
                agreeOn(model, x, count, b, b.fp64() ? 1e-10 : 1e-5);
            }
        }
    }
}
