package org.kinvis.kernels.opencl;

import static org.jocl.CL.CL_MEM_READ_ONLY;
import static org.jocl.CL.CL_MEM_READ_WRITE;
import static org.jocl.CL.CL_MEM_WRITE_ONLY;
import static org.jocl.CL.clCreateBuffer;
import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clReleaseKernel;

import org.jocl.Sizeof;
import org.jocl.cl_mem;
import org.kinvis.kernels.LikelihoodConstants;
import org.kinvis.kernels.ModelLayout;

/**
 * The logpdf and its gradient on an OpenCL device: kernel {@code histfactory_grad}, reverse mode over the same
 * flat layout as the CPU gradient, one work-group per point (work-items over histosys parameters, blocks, rows,
 * bins and parameters; local-memory reductions; every partial derivative in its own slot and gathered per
 * parameter, so no atomics). The per-point scratch lives in local memory where it fits (the Belle II model needs
 * ~11 kB in float64), else in a global buffer with one stretch per point. float64 where the device has it; in
 * float32 every quantity carries float rounding (gradient components to ~1e-5 of the largest term they sum).
 */
final class OpenClGradient implements AutoCloseable {
    /**
     * Work-items per point unless the backend was given a local size: 64 on GPUs (the Belle II model's 180 rows and
     * 232 parameters in a few strides), 16 on CPU devices (PoCL runs a group's work-items as a loop per barrier
     * region; 16 was fastest there: 9.8 µs/point against 35 at 64 and 40 at 4).
     */
    static int defaultLocalSize(DeviceInfo info) {
        return info.type().contains("GPU") || info.type().contains("ACCELERATOR") ? 64 : 16;
    }

    private final OpenClBackend be;
    private final ModelLayout layout;
    private final LikelihoodConstants constants;
    private final KernelArgs args;
    private final int elem;
    private final int localSize;
    private final boolean localScratch;
    private final long stride;
    private final int maxChunk;
    private final int outArg;
    private cl_mem xBuf;
    private cl_mem mainBuf;
    private cl_mem consBuf;
    private cl_mem gradBuf;
    private cl_mem scratchBuf;
    private int capacity;
    private float[] xFloat;

    OpenClGradient(OpenClBackend be, ModelLayout layout, LikelihoodConstants constants) {
        this(be, layout, constants, false);
    }

    /** @param globalScratch per-point scratch in a global buffer even where local memory would hold it (tests) */
    OpenClGradient(OpenClBackend be, ModelLayout layout, LikelihoodConstants constants, boolean globalScratch) {
        this.be = be;
        this.layout = layout;
        this.constants = constants;
        this.elem = be.fp64 ? Sizeof.cl_double : Sizeof.cl_float;
        DeviceLayout d = DeviceLayout.of(layout);
        GradientLayout g = GradientLayout.of(layout, d);
        long perPoint = g.scratchPerPoint(layout, d);
        int wanted = Integer.highestOneBit(be.requestedLocalSize > 0 ? be.requestedLocalSize
                : defaultLocalSize(be.info));
        this.localScratch = !globalScratch && (perPoint + 2L * wanted) * elem <= be.info.localMemory();
        args = new KernelArgs(be, clCreateKernel(be.program(localScratch ? "" : " -D SCRATCH_SPACE=__global"), "histfactory_grad", null));
        this.localSize = Integer.highestOneBit((int) Math.max(1, Math.min(wanted,
                OpenClEvaluator.workGroupSize(be, args.kernel))));
        this.stride = localScratch ? 0 : perPoint + 2L * localSize;
        long transfer = (2L * layout.nPars() + 2) * elem + (localScratch ? 0 : stride * elem);
        long limit = Math.min(OpenClBackend.MAX_CHUNK_BYTES, be.info.maxAlloc());
        this.maxChunk = (int) Math.max(1, Math.min(1 << 20, limit / transfer));
        args.setInt(0, layout.nPars());
        int a = OpenClEvaluator.setGroupModel(args, layout, d);
        a = args.setIntArray(a, g.hpStart());
        a = args.setIntArray(a, g.hpRow());
        a = args.setReal(a, g.hpS());
        a = args.setReal(a, g.hpA());
        a = args.setIntArray(a, g.rowBin());
        a = args.setIntArray(a, g.blkRowStart());
        a = args.setIntArray(a, g.blkRows());
        a = args.setIntArray(a, g.parStart());
        a = args.setIntArray(a, g.parSlot());
        this.outArg = a;
        if (localScratch) {
            args.setLocal(outArg + 3, (perPoint + 2L * localSize) * elem);
        }
        args.setLong(outArg + 4, stride);
    }

    private void ensureCapacity(int chunk) {
        if (chunk <= capacity) {
            return;
        }
        OpenClEvaluator.release(xBuf, mainBuf, consBuf, gradBuf, scratchBuf);
        long n = layout.nPars();
        xBuf = clCreateBuffer(be.context, CL_MEM_READ_ONLY, chunk * n * elem, null, null);
        mainBuf = clCreateBuffer(be.context, CL_MEM_WRITE_ONLY, (long) chunk * elem, null, null);
        consBuf = clCreateBuffer(be.context, CL_MEM_WRITE_ONLY, (long) chunk * elem, null, null);
        gradBuf = clCreateBuffer(be.context, CL_MEM_WRITE_ONLY, chunk * n * elem, null, null);
        scratchBuf = localScratch ? null
                : clCreateBuffer(be.context, CL_MEM_READ_WRITE, chunk * stride * elem, null, null);
        if (!be.fp64) {
            xFloat = new float[(int) (chunk * n)];
        }
        capacity = chunk;
    }

    /** {@code out[p]} = logpdf, {@code grad[p·nPars + i]} = ∂logpdf/∂x_i, for {@code p < count}. */
    void run(double[] points, int count, double[] out, double[] grad) {
        int n = layout.nPars();
        double[] cons = new double[Math.min(count, maxChunk)];
        for (int from = 0; from < count; from += maxChunk) {
            int c = Math.min(maxChunk, count - from);
            ensureCapacity(c);
            Transfer.write(be, xBuf, points, (long) from * n, c * n, xFloat);
            args.setInt(1, c);
            args.setMem(2, xBuf);
            args.setMem(outArg, mainBuf);
            args.setMem(outArg + 1, consBuf);
            args.setMem(outArg + 2, gradBuf);
            if (!localScratch) {
                args.setMem(outArg + 3, scratchBuf);
            }
            OpenClEvaluator.launch(be, args.kernel, (long) c * localSize, localSize, c);
            Transfer.read(be, mainBuf, c, out, from, constants.main());
            Transfer.read(be, consBuf, c, cons, 0, constants.constraint());
            for (int i = 0; i < c; i++) {
                out[from + i] += cons[i];
            }
            Transfer.read(be, gradBuf, c * n, grad, from * n, 0);
        }
    }

    /** Work-items per point of the launches. */
    int localSize() {
        return localSize;
    }

    /** Whether the per-point scratch is in local memory (else a global buffer). */
    boolean localScratch() {
        return localScratch;
    }

    @Override
    public void close() {
        OpenClEvaluator.release(xBuf, mainBuf, consBuf, gradBuf, scratchBuf);
        args.close();
        clReleaseKernel(args.kernel);
    }
}
