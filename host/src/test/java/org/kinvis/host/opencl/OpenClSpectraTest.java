package org.kinvis.host.opencl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.kinvis.host.physics.TrueBinning;
import org.kinvis.host.physics.WetScenario;
import org.kinvis.host.reweight.BinIntegrator;
import org.kinvis.kernels.cpu.CpuBackend;
import org.kinvis.kernels.opencl.OpenClBackend;

/** WET true-bin integrals on the OpenCL device (spectra.cl) against the Java path, for random points. */
class OpenClSpectraTest {
    @Test
    void deviceIntegralsAgreeWithJava() {
        Assumptions.assumeTrue(OpenClBackend.available(), "SKIPPED: no OpenCL platform (scripts/setup.sh installs PoCL)");
        WetScenario wet = new WetScenario();
        SplittableRandom rng = new SplittableRandom(5);
        List<double[]> pts = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            double[] v = wet.defaults();
            v[0] = rng.nextDouble(0, 20);
            v[1] = rng.nextDouble(-5, 5);
            v[2] = rng.nextDouble(0, 20);
            v[4] = rng.nextDouble(0, 20);
            for (int k = v.length - 8; k < v.length; k++) {
                v[k] += rng.nextDouble(-0.05, 0.05);
            }
            pts.add(v);
        }
        TrueBinning bins = TrueBinning.belle2();
        try (OpenClBackend cl = new OpenClBackend(); CpuBackend cpu = new CpuBackend(1)) {
            double[][] dev = BinIntegrator.forBackend(cl).integrals(wet, bins, pts);
            double[][] ref = BinIntegrator.forBackend(cpu).integrals(wet, bins, pts);
            assertThat(BinIntegrator.forBackend(cl).onDevice(wet)).isTrue();
            double tol = cl.fp64() ? 1e-10 : 1e-4;
            for (int i = 0; i < pts.size(); i++) {
                for (int b = 0; b < bins.size(); b++) {
                    double scale = Math.max(Math.abs(ref[i][b]), 1e-300);
                    assertThat(Math.abs(dev[i][b] - ref[i][b]) / scale).as("point %d bin %d", i, b)
                            .isLessThanOrEqualTo(b == 0 ? 0 : tol);
                }
            }
        }
    }
}
