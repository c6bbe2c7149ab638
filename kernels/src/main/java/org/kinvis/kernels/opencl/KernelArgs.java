package org.kinvis.kernels.opencl;

import static org.jocl.CL.CL_MEM_COPY_HOST_PTR;
import static org.jocl.CL.CL_MEM_READ_ONLY;
import static org.jocl.CL.clCreateBuffer;
import static org.jocl.CL.clSetKernelArg;

import java.util.ArrayList;
import java.util.List;
import org.jocl.CL;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;

/**
 * Sets the arguments of one kernel in order, uploading arrays once as read-only device buffers (real arrays in the
 * backend's precision) that stay resident until {@link #close}. Empty arrays upload a placeholder, since OpenCL has
 * no zero-sized buffers.
 */
final class KernelArgs implements AutoCloseable {
    private final OpenClBackend be;
    final cl_kernel kernel;
    private final List<cl_mem> resident = new ArrayList<>();

    KernelArgs(OpenClBackend be, cl_kernel kernel) {
        this.be = be;
        this.kernel = kernel;
    }

    int setInt(int index, int value) {
        clSetKernelArg(kernel, index, Sizeof.cl_int, Pointer.to(new int[] {value}));
        return index + 1;
    }

    int setLong(int index, long value) {
        clSetKernelArg(kernel, index, Sizeof.cl_long, Pointer.to(new long[] {value}));
        return index + 1;
    }

    int setMem(int index, cl_mem m) {
        clSetKernelArg(kernel, index, Sizeof.cl_mem, Pointer.to(m));
        return index + 1;
    }

    /** A {@code __local} argument of {@code bytes}. */
    int setLocal(int index, long bytes) {
        clSetKernelArg(kernel, index, bytes, null);
        return index + 1;
    }

    int setIntArray(int index, int[] v) {
        int[] d = v.length == 0 ? new int[2] : v;
        return setMem(index, upload(Pointer.to(d), (long) d.length * Sizeof.cl_int));
    }

    int setReal(int index, double[] v) {
        double[] d = v.length == 0 ? new double[1] : v;
        if (be.fp64) {
            return setMem(index, upload(Pointer.to(d), (long) d.length * Sizeof.cl_double));
        }
        float[] f = new float[d.length];
        for (int i = 0; i < d.length; i++) {
            f[i] = (float) d[i];
        }
        return setMem(index, upload(Pointer.to(f), (long) f.length * Sizeof.cl_float));
    }

    private cl_mem upload(Pointer p, long bytes) {
        cl_mem m = clCreateBuffer(be.context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, bytes, p, null);
        resident.add(m);
        return m;
    }

    /** Keeps {@code m} with the resident buffers (released by {@link #close}). */
    cl_mem keep(cl_mem m) {
        resident.add(m);
        return m;
    }

    @Override
    public void close() {
        resident.forEach(CL::clReleaseMemObject);
        resident.clear();
    }
}
