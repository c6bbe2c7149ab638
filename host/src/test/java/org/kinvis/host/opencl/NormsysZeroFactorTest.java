package org.kinvis.host.opencl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.kinvis.host.input.JsonInput;
import org.kinvis.host.model.CompiledModel;
import org.kinvis.host.model.InterpolationSettings;
import org.kinvis.host.model.ModelCompiler;
import org.kinvis.host.workspace.WorkspaceReader;
import org.kinvis.kernels.Evaluator;
import org.kinvis.kernels.cpu.CpuBackend;
import org.kinvis.kernels.opencl.OpenClBackend;

/**
 * normsys code1 with a factor 0, as pyhf's {@code code1} evaluates it: {@code power(base, |α|)} is exactly 1 at
 * α = 0 whatever the base, 0 for a zero base on its side. A two-bin workspace: background {@code b1} with normsys
 * {@code a} (hi 0, lo 0.8), background {@code b2} with normsys {@code b} (hi 1.2, lo 0), signal × μ. The expected
 * logpdf and its gradient are written out here from those definitions, {@code Σ_j n_j log ν_j − ν_j −
 * log n_j! − ½a² − ½b² − log 2π}, and every backend path (CPU scalar and 4-lane, CPU gradient, the three OpenCL
 * kernels and the OpenCL gradient) must give them.
 */
class NormsysZeroFactorTest {
    static final double[] SIG = {2, 3};
    static final double[] B1 = {10, 20};
    static final double[] B2 = {5, 4};
    static final double[] OBS = {15, 30};
    /** (μ, a, b): both at 0, each side of 0, whole α, and mixed; 5 points = one 4-lane group + one scalar. */
    static final double[][] POINTS = {{1, 0, 0}, {1.5, 0.5, 0.7}, {0.5, -0.5, -0.7}, {1, 1, -1}, {2, -1.3, 2}};

    static CompiledModel model() {
        String ns = "{\"name\": \"%s\", \"type\": \"normsys\", \"data\": {\"hi\": %s, \"lo\": %s}}";
        String json = "{\"version\": \"1.0.0\", \"channels\": [{\"name\": \"sr\", \"samples\": ["
                + "{\"name\": \"sig\", \"data\": [2, 3], \"modifiers\": [{\"name\": \"mu\", \"type\": \"normfactor\","
                + " \"data\": null}]},"
                + "{\"name\": \"b1\", \"data\": [10, 20], \"modifiers\": [" + String.format(ns, "a", "0", "0.8") + "]},"
                + "{\"name\": \"b2\", \"data\": [5, 4], \"modifiers\": [" + String.format(ns, "b", "1.2", "0") + "]}"
                + "]}], \"observations\": [{\"name\": \"sr\", \"data\": [15, 30]}], \"measurements\": [{\"name\": \"m\","
                + " \"config\": {\"poi\": \"mu\", \"parameters\": []}}]}";
        return ModelCompiler.compile(WorkspaceReader.fromJson(new JsonInput("zero-normsys").parse(json),
                "zero-normsys"), null, InterpolationSettings.parse("normsys=code1"));
    }

    /** pyhf's code1 factor of a: hi 0 (α &gt; 0), lo 0.8 (α &lt; 0); and its derivative (left one at 0). */
    static double fa(double a) {
        return a > 0 ? 0 : Math.pow(0.8, -a);
    }

    static double dfa(double a) {
        return a > 0 ? 0 : -Math.log(0.8) * Math.pow(0.8, -a);
    }

    /** b: hi 1.2, lo 0; derivative (right one at 0). */
    static double fb(double b) {
        return b < 0 ? 0 : Math.pow(1.2, b);
    }

    static double dfb(double b) {
        return b < 0 ? 0 : Math.log(1.2) * Math.pow(1.2, b);
    }

    static double lnFactorial(double n) {
        double s = 0;
        for (int i = 2; i <= n; i++) {
            s += Math.log(i);
        }
        return s;
    }

    /** {logpdf, d/dμ, d/da, d/db} at (μ, a, b). */
    static double[] expected(double[] p) {
        double mu = p[0];
        double a = p[1];
        double b = p[2];
        double[] out = {-0.5 * a * a - 0.5 * b * b - Math.log(2 * Math.PI), 0, -a, -b};
        for (int j = 0; j < 2; j++) {
            double nu = mu * SIG[j] + B1[j] * fa(a) + B2[j] * fb(b);
            double w = OBS[j] / nu - 1;
            out[0] += OBS[j] * Math.log(nu) - nu - lnFactorial(OBS[j]);
            out[1] += w * SIG[j];
            out[2] += w * B1[j] * dfa(a);
            out[3] += w * B2[j] * dfb(b);
        }
        return out;
    }

    /** The points in the model's parameter order. */
    static double[] points(CompiledModel m) {
        int n = m.parameters().size();
        double[] x = new double[POINTS.length * n];
        String[] names = {"mu", "a", "b"};
        for (int p = 0; p < POINTS.length; p++) {
            for (int i = 0; i < 3; i++) {
                x[p * n + m.parameters().indexOf(names[i])] = POINTS[p][i];
            }
        }
        return x;
    }

    static void check(String name, CompiledModel m, Evaluator ev, boolean gradient) {
        int n = m.parameters().size();
        double[] x = points(m);
        int count = POINTS.length;
        double[] lp = new double[count];
        ev.logpdf(x, count, lp);
        double[] value = new double[count];
        double[] grad = new double[count * n];
        if (gradient) {
            ev.gradient(x, count, value, grad);
        }
        double[] single = new double[1];
        int[] idx = {m.parameters().indexOf("mu"), m.parameters().indexOf("a"), m.parameters().indexOf("b")};
        for (int p = 0; p < count; p++) {
            double[] want = expected(POINTS[p]);
            String at = String.format(Locale.ROOT, "%s at (μ, a, b) = (%s, %s, %s)", name, POINTS[p][0], POINTS[p][1],
                    POINTS[p][2]);
            assertThat(lp[p]).as(at).isCloseTo(want[0], org.assertj.core.data.Offset.offset(1e-11));
            ev.logpdf(java.util.Arrays.copyOfRange(x, p * n, (p + 1) * n), 1, single);
            assertThat(single[0]).as(at + " single point").isCloseTo(want[0], org.assertj.core.data.Offset.offset(1e-11));
            if (gradient) {
                assertThat(value[p]).as(at + " gradient's value").isCloseTo(want[0],
                        org.assertj.core.data.Offset.offset(1e-11));
                for (int i = 0; i < 3; i++) {
                    assertThat(grad[p * n + idx[i]]).as(at + " derivative " + i).isCloseTo(want[1 + i],
                            org.assertj.core.data.Offset.offset(1e-10));
                }
            }
        }
    }

    @Test
    void handDerivedGradientAgreesWithFiniteDifferences() {
        // the test's own formula, checked where it is differentiable (α ≠ 0): central differences
        for (double[] p : POINTS) {
            if (p[1] == 0 || p[2] == 0) {
                continue;
            }
            double[] g = expected(p);
            for (int i = 0; i < 3; i++) {
                double h = 1e-6;
                double[] up = p.clone();
                double[] dn = p.clone();
                up[i] += h;
                dn[i] -= h;
                double fd = (expected(up)[0] - expected(dn)[0]) / (2 * h);
                assertThat(g[1 + i]).as("d/d%d at %s", i, java.util.Arrays.toString(p)).isCloseTo(fd,
                        org.assertj.core.data.Offset.offset(1e-6));
            }
        }
    }

    @Test
    void cpuBackendIsPyhfCode1() {
        CompiledModel m = model();
        try (CpuBackend cpu = new CpuBackend(1); Evaluator ev = cpu.prepare(m.layout())) {
            check("cpu", m, ev, true);
        }
    }

    @Test
    void openClKernelsAgree() {
        Assumptions.assumeTrue(OpenClBackend.available(), "SKIPPED: no OpenCL platform on this machine");
        CompiledModel m = model();
        for (OpenClBackend.Kernel k : new OpenClBackend.Kernel[] {OpenClBackend.Kernel.GROUP,
                OpenClBackend.Kernel.ITEM, OpenClBackend.Kernel.VECTOR}) {
            OpenClBackend cl = SharedOpenCl.get(k, OpenClBackend.Precision.AUTO, 0);
            Assumptions.assumeTrue(cl.fp64(), "SKIPPED: device without float64");
            try (Evaluator ev = cl.prepare(m.layout())) {
                check("opencl " + k, m, ev, ev.hasGradient());
            }
        }
    }
}
