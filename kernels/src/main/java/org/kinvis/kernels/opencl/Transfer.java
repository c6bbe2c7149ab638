package org.kinvis.kernels.opencl;

import static org.jocl.CL.CL_TRUE;
import static org.jocl.CL.clEnqueueReadBuffer;
import static org.jocl.CL.clEnqueueWriteBuffer;

import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_mem;

/** Host ↔ device copies of real arrays in the backend's precision (float32 devices convert on the host). */
final class Transfer {
    private Transfer() {
    }

    /**
     * Writes {@code elems} values of {@code src} starting at {@code from} to the start of {@code buf} (blocking);
     * {@code floats} holds at least {@code elems} entries on float32 devices.
     */
    static void write(OpenClBackend be, cl_mem buf, double[] src, long from, int elems, float[] floats) {
        if (be.fp64) {
            clEnqueueWriteBuffer(be.queue, buf, CL_TRUE, 0, (long) elems * Sizeof.cl_double,
                    Pointer.to(src).withByteOffset(from * Sizeof.cl_double), 0, null, null);
        } else {
            for (int i = 0; i < elems; i++) {
                floats[i] = (float) src[(int) (from + i)];
            }
            clEnqueueWriteBuffer(be.queue, buf, CL_TRUE, 0, (long) elems * Sizeof.cl_float, Pointer.to(floats), 0,
                    null, null);
        }
    }

    /** Reads {@code count} values of {@code buf} into {@code out[offset ..]}, adding {@code add} to each. */
    static void read(OpenClBackend be, cl_mem buf, int count, double[] out, int offset, double add) {
        if (be.fp64) {
            clEnqueueReadBuffer(be.queue, buf, CL_TRUE, 0, (long) count * Sizeof.cl_double,
                    Pointer.to(out).withByteOffset((long) offset * Sizeof.cl_double), 0, null, null);
            if (add != 0) {
                for (int i = 0; i < count; i++) {
                    out[offset + i] += add;
                }
            }
        } else {
            float[] f = new float[count];
            clEnqueueReadBuffer(be.queue, buf, CL_TRUE, 0, (long) count * Sizeof.cl_float, Pointer.to(f), 0, null,
                    null);
            for (int i = 0; i < count; i++) {
                out[offset + i] = f[i] + add;
            }
        }
    }
}
