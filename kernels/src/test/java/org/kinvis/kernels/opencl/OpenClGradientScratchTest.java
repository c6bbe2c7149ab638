package org.kinvis.kernels.opencl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.kinvis.kernels.Evaluator;
import org.kinvis.kernels.Interpolation;
import org.kinvis.kernels.LikelihoodConstants;
import org.kinvis.kernels.ModelLayout;
import org.kinvis.kernels.cpu.CpuBackend;
import org.kinvis.kernels.cpu.CpuBackendTest;

/**
 * The gradient kernel's two homes for its per-point scratch: local memory (models that fit, the default) and a
 * global buffer with one stretch per point (models too large for the device's local memory). Both must give the
 * CPU gradient on the hand-built model of {@link CpuBackendTest#small} (normfactor, histosys, normsys, staterror)
 * with a Poisson constraint added as a second row factor.
 */
class OpenClGradientScratchTest {

    /** The small model with an extra Poisson-constrained row factor on row 1 (τ = 400, aux 400). */
    static ModelLayout model() {
        ModelLayout s = CpuBackendTest.small(Interpolation.CODE4P, Interpolation.CODE4);
        double[] aux = {0, 0, 1, 1, 400};
        return new ModelLayout(6, s.nBins(), s.observed(), aux, s.nBlocks(), s.rowBin(), s.rowBlock(), s.nominal(),
                s.histoCode(), s.hsPar(), s.hsRowStart(), s.hsRowCount(), s.hsDataStart(), s.hsUp(), s.hsDown(),
                s.normCode(), s.nsPar(), s.nsBlock(), s.nsHi(), s.nsLo(), s.bfPar(), s.bfBlock(),
                new int[] {0, 1, 1}, new int[] {3, 4, 5}, s.gaussPar(), s.gaussAux(), s.gaussSigma(),
                new int[] {5}, new int[] {4}, new double[] {400});
    }

    @Test
    void localAndGlobalScratchGiveTheCpuGradient() {
        Assumptions.assumeTrue(OpenClBackend.available(), "SKIPPED: no OpenCL platform on this machine");
        ModelLayout m = model();
        int count = 9;
        int n = m.nPars();
        double[] x = new double[count * n];
        SplittableRandom rng = new SplittableRandom(5);
        for (int p = 0; p < count; p++) {
            x[p * n] = rng.nextDouble(0.5, 2);
            x[p * n + 1] = rng.nextDouble(-2.5, 2.5);
            x[p * n + 2] = rng.nextDouble(-2.5, 2.5);
            for (int i = 3; i < n; i++) {
                x[p * n + i] = rng.nextDouble(0.8, 1.2);
            }
        }
        double[] cv = new double[count];
        double[] cg = new double[count * n];
        try (CpuBackend cpu = new CpuBackend(1); Evaluator c = cpu.prepare(m)) {
            c.gradient(x, count, cv, cg);
        }
        try (OpenClBackend cl = new OpenClBackend(null, OpenClBackend.Precision.AUTO, 0, OpenClBackend.Kernel.GROUP)) {
            double tol = cl.fp64() ? 1e-12 : 1e-4;
            for (boolean global : new boolean[] {false, true}) {
                try (OpenClGradient g = new OpenClGradient(cl, m, LikelihoodConstants.of(m), global)) {
                    assertThat(g.localScratch()).isEqualTo(!global);
                    double[] v = new double[count];
                    double[] gr = new double[count * n];
                    g.run(x, count, v, gr);
                    for (int p = 0; p < count; p++) {
                        assertThat(Math.abs(v[p] - cv[p]) / Math.max(1, Math.abs(cv[p]))).as("value %d", p)
                                .isLessThanOrEqualTo(tol);
                        for (int i = 0; i < n; i++) {
                            double a = gr[p * n + i];
                            double b = cg[p * n + i];
                            assertThat(Math.abs(a - b) / Math.max(1, Math.abs(b))).as("%s scratch: point %d ∂/∂x[%d]:"
                                    + " opencl %s cpu %s", global ? "global" : "local", p, i, a, b)
                                    .isLessThanOrEqualTo(tol);
                        }
                    }
                }
            }
        }
    }
}
