package org.kinvis.host.reweight;

import java.util.List;
import org.kinvis.host.physics.GaussLegendre;
import org.kinvis.host.physics.Scenario;
import org.kinvis.host.physics.TrueBinning;
import org.kinvis.host.physics.WetScenario;
import org.kinvis.kernels.Backend;
import org.kinvis.kernels.VerifyingBackend;
import org.kinvis.kernels.opencl.OpenClBackend;

/**
 * True-bin integrals of a scenario's spectrum for a batch of parameter points: in Java on the CPU, or — for the
 * WET scenario on an OpenCL backend — one device launch over (point × bin) ({@code spectra.cl}), with the same
 * Gauss–Legendre 16 rule. Under the verifying backend the device's integrals are recomputed in Java and compared.
 */
public final class BinIntegrator {
    private final OpenClBackend device;
    private final VerifyingBackend verifier;

    private BinIntegrator(OpenClBackend device, VerifyingBackend verifier) {
        this.device = device;
        this.verifier = verifier;
    }

    public static BinIntegrator forBackend(Backend b) {
        if (b instanceof OpenClBackend o) {
            return new BinIntegrator(o, null);
        }
        if (b instanceof VerifyingBackend v && v.deviceBackend() instanceof OpenClBackend o) {
            return new BinIntegrator(o, v);
        }
        return new BinIntegrator(null, null);
    }

    /** True when integrals of {@code s} run on a device. */
    public boolean onDevice(Scenario s) {
        return device != null && s instanceof WetScenario;
    }

    public double[][] integrals(Scenario s, TrueBinning bins, List<double[]> values) {
        double[][] out = new double[values.size()][];
        if (!onDevice(s) || values.isEmpty()) {
            for (int i = 0; i < out.length; i++) {
                out[i] = s.binIntegrals(values.get(i), bins, null).values();
            }
            return out;
        }
        int n = values.size();
        double[] pars = new double[n * 11];
        for (int i = 0; i < n; i++) {
            s.validate(values.get(i));
            System.arraycopy(WetScenario.devicePoint(values.get(i)), 0, pars, i * 11, 11);
        }
        int nb = bins.size();
        double[] flat = device.binIntegrals("wet_bins", pars, n, 11, bins.lo(), bins.hi(), GaussLegendre.nodes(),
                GaussLegendre.weights(), WetScenario.deviceConstants());
        for (int i = 0; i < n; i++) {
            out[i] = java.util.Arrays.copyOfRange(flat, i * nb, (i + 1) * nb);
        }
        if (verifier != null) {
            for (int i = 0; i < n; i++) {
                double[] cpu = bins.integrals(s.spectrum(values.get(i)));
                for (int b = 0; b < nb; b++) {
                    double d = Math.abs(cpu[b] - out[i][b]);
                    if (d > verifier.tolerance() * Math.max(Math.abs(cpu[b]), 1e-300) && d > 1e-300) {
                        throw new IllegalStateException("spectrum verification failed: point " + i + " bin " + b
                                + ": device " + out[i][b] + ", cpu " + cpu[b] + ", parameters "
                                + java.util.Arrays.toString(values.get(i)));
                    }
                }
            }
        }
        return out;
    }
}
