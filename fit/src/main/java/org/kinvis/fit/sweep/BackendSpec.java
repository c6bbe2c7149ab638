package org.kinvis.fit.sweep;

import java.io.Serializable;
import org.kinvis.kernels.Backend;
import org.kinvis.kernels.Backends;
import org.kinvis.kernels.opencl.OpenClBackend;

/**
 * Which likelihood backend the tasks of a sweep run on, carried to every engine's workers (each creates its
 * own). The same backend everywhere is part of "the same task gives the same numbers": CPU and OpenCL agree to
 * rounding, not bit for bit.
 *
 * @param name      cpu, opencl or auto ({@link Backends})
 * @param device    OpenCL device index or name substring (null: the first GPU)
 * @param precision OpenCL arithmetic: auto, double or float
 */
public record BackendSpec(String name, String device, String precision) implements Serializable {
    public static final BackendSpec CPU = new BackendSpec("cpu", null, "auto");

    /** A new backend of this kind. */
    public Backend create() {
        OpenClBackend.Precision p = switch (precision) {
            case "double" -> OpenClBackend.Precision.DOUBLE;
            case "float" -> OpenClBackend.Precision.FLOAT;
            default -> OpenClBackend.Precision.AUTO;
        };
        return Backends.create(name, new Backends.Options(device, p, 1.0, 0, 1));
    }
}
