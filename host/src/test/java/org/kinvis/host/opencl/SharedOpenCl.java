package org.kinvis.host.opencl;

import java.util.HashMap;
import java.util.Map;
import org.kinvis.kernels.Backend;
import org.kinvis.kernels.Evaluator;
import org.kinvis.kernels.ModelLayout;
import org.kinvis.kernels.opencl.OpenClBackend;

/**
 * OpenCL backends shared by the device tests of one JVM, one per (launch geometry, precision, local size): each
 * builds its programs once (a PoCL build takes seconds), instead of once per test. Never closed by the tests; the
 * JVM's exit releases them.
 */
final class SharedOpenCl {
    private static final Map<String, OpenClBackend> BACKENDS = new HashMap<>();

    private SharedOpenCl() {
    }

    static synchronized OpenClBackend get(OpenClBackend.Kernel kernel, OpenClBackend.Precision precision,
            int localSize) {
        return BACKENDS.computeIfAbsent(kernel + "/" + precision + "/" + localSize,
                k -> new OpenClBackend(null, precision, localSize, kernel));
    }

    /** The work-group geometry in the device's best precision, default local size. */
    static OpenClBackend group() {
        return get(OpenClBackend.Kernel.GROUP, OpenClBackend.Precision.AUTO, 0);
    }

    /** {@code backend} behind a close that does nothing (for wrappers such as the verifying backend). */
    static Backend unclosable(OpenClBackend backend) {
        return new Backend() {
            @Override
            public String name() {
                return backend.name();
            }

            @Override
            public String device() {
                return backend.device();
            }

            @Override
            public Evaluator prepare(ModelLayout layout) {
                return backend.prepare(layout);
            }
        };
    }
}
