package org.kinvis.kernels;

import org.kinvis.kernels.cpu.CpuBackend;
import org.kinvis.kernels.opencl.OpenClBackend;

/**
 * Creates backends by name: {@code cpu}, {@code opencl}, {@code verify} (OpenCL checked against the CPU);
 * {@code auto} picks OpenCL where a GPU or accelerator device exists, else the CPU backend (an OpenCL CPU
 * device such as PoCL is slower than the Java backend for the small batches of fits and single points).
 */
public final class Backends {
    private Backends() {
    }

    /** The names accepted by {@link #create}. */
    public static final java.util.List<String> NAMES = java.util.List.of("auto", "cpu", "opencl", "verify");

    /** Options for the device backends. */
    public record Options(String device, OpenClBackend.Precision precision, double verifyFraction,
            double verifyTolerance, long seed) {
        public static final Options DEFAULT = new Options(null, OpenClBackend.Precision.AUTO, 1.0, 0, 1);
    }

    public static Backend create(String name) {
        return create(name, Options.DEFAULT);
    }

    public static Backend create(String name, Options o) {
        return switch (name) {
            case "cpu" -> new CpuBackend();
            case "auto" -> OpenClBackend.devices().stream().anyMatch(d -> !d.type().equals("CPU")) ? opencl(o)
                    : new CpuBackend();
            case "opencl" -> opencl(o);
            case "verify" -> {
                OpenClBackend d = opencl(o);
                double tol = o.verifyTolerance() > 0 ? o.verifyTolerance() : (d.fp64() ? 1e-10 : 1e-5);
                yield new VerifyingBackend(d, tol, o.verifyFraction(), o.seed());
            }
            default -> throw new IllegalArgumentException(
                    "unknown backend '" + name + "', expected one of " + String.join(", ", NAMES));
        };
    }

    private static OpenClBackend opencl(Options o) {
        if (!OpenClBackend.available()) {
            throw new IllegalStateException("no OpenCL platform found; install one (scripts/setup.sh installs PoCL)"
                    + " or use --backend cpu");
        }
        return new OpenClBackend(o.device(), o.precision(), 0);
    }
}
