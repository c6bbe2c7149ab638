package org.kinvis.kernels;

import org.kinvis.kernels.cpu.CpuBackend;

/**
 * Creates backends by name: {@code cpu}, {@code opencl}, {@code verify}; {@code auto} picks OpenCL where a
 * platform exists, else the CPU.
 */
public final class Backends {
    private Backends() {
    }

    /** The names accepted by {@link #create}. */
    public static final java.util.List<String> NAMES = java.util.List.of("auto", "cpu", "opencl", "verify");

    public static Backend create(String name) {
        return switch (name) {
            case "cpu", "auto" -> new CpuBackend();
            case "opencl", "verify" -> throw new UnsupportedOperationException(
                    "backend '" + name + "' is not available in this build yet; use --backend cpu");
            default -> throw new IllegalArgumentException(
                    "unknown backend '" + name + "', expected one of " + String.join(", ", NAMES));
        };
    }
}
