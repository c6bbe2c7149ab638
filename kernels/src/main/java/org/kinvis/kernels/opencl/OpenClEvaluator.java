package org.kinvis.kernels.opencl;

import static org.jocl.CL.CL_KERNEL_WORK_GROUP_SIZE;
import static org.jocl.CL.CL_MEM_READ_ONLY;
import static org.jocl.CL.CL_MEM_WRITE_ONLY;
import static org.jocl.CL.clCreateBuffer;
import static org.jocl.CL.clCreateKernel;
import static org.jocl.CL.clEnqueueNDRangeKernel;
import static org.jocl.CL.clGetKernelWorkGroupInfo;
import static org.jocl.CL.clReleaseKernel;
import static org.jocl.CL.clReleaseMemObject;

import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_program;
import org.kinvis.kernels.Evaluator;
import org.kinvis.kernels.HistoRuns;
import org.kinvis.kernels.LikelihoodConstants;
import org.kinvis.kernels.ModelLayout;

/**
 * A model resident on an OpenCL device and the kernel that evaluates batches of it ({@code histfactory},
 * {@code histfactory_items} or {@code histfactory_vec} by {@link OpenClBackend.Kernel}); the gradient kernel
 * ({@link OpenClGradient}) is set up on first use. Batches are split into chunks of bounded memory.
 */
final class OpenClEvaluator implements Evaluator {
    private final OpenClBackend be;
    private final ModelLayout layout;
    private final LikelihoodConstants constants;
    private final KernelArgs args;
    private final int elem;
    private final int localSize;
    private final int maxChunk;
    private final int outArg;
    private final OpenClBackend.Kernel kind;
    private cl_mem xBuf;
    private cl_mem mainBuf;
    private cl_mem consBuf;
    private cl_mem ratesBuf;
    private int capacity;
    private int ratesCapacity;
    private float[] xFloat;
    private OpenClGradient gradient;
    private boolean closed;

    OpenClEvaluator(OpenClBackend be, ModelLayout layout, cl_program program) {
        this.be = be;
        this.layout = layout;
        this.constants = LikelihoodConstants.of(layout);
        this.elem = be.fp64 ? Sizeof.cl_double : Sizeof.cl_float;
        this.kind = be.kernelKind;
        cl_kernel kernel = clCreateKernel(program, switch (kind) {
            case ITEM -> "histfactory_items";
            case VECTOR -> "histfactory_vec";
            default -> "histfactory";
        }, null);
        this.args = new KernelArgs(be, kernel);
        long kernelMax = workGroupSize(be, kernel);
        long perPoint = (long) layout.nPars() * elem;
        long limit = Math.min(OpenClBackend.MAX_CHUNK_BYTES, be.info.maxAlloc());
        this.maxChunk = (int) Math.max(1, Math.min(1 << 20, limit / Math.max(perPoint, 1)));
        args.setInt(0, layout.nPars());
        if (kind == OpenClBackend.Kernel.VECTOR) {
            // one work-item per work-group: PoCL keeps every work-item's private arrays (~15 kB here) on the
            // worker thread's stack, so large groups would overflow it
            this.localSize = be.requestedLocalSize > 0 ? Math.min(be.requestedLocalSize, 8) : 1;
            this.outArg = setupItems(layout);
        } else if (kind == OpenClBackend.Kernel.ITEM) {
            // local columns: rows, block factors, rates, one column per work-item
            long perItem = (long) elem * (Math.max(1, layout.nRows()) + Math.max(1, layout.nBlocks())
                    + Math.max(1, layout.nBins()));
            int ls = be.requestedLocalSize > 0 ? be.requestedLocalSize : 16;
            long fit = Math.max(1, be.info.localMemory() / perItem);
            this.localSize = Integer.highestOneBit((int) Math.max(1, Math.min(Math.min(ls, kernelMax), fit)));
            this.outArg = setupItems(layout);
            int local = outArg + 4;
            local = args.setLocal(local, (long) elem * Math.max(1, layout.nRows()) * localSize);
            local = args.setLocal(local, (long) elem * Math.max(1, layout.nBlocks()) * localSize);
            args.setLocal(local, (long) elem * Math.max(1, layout.nBins()) * localSize);
        } else {
            int ls = be.requestedLocalSize > 0 ? be.requestedLocalSize : 64;
            this.localSize = Integer.highestOneBit(Math.max(1, (int) Math.min(ls, kernelMax)));
            DeviceLayout d = DeviceLayout.of(layout);
            this.outArg = setGroupModel(args, layout, d);
            int local = outArg + 4;
            long localBytes = (long) elem * (2L * Math.max(1, d.hpPar().length) + Math.max(1, layout.nRows())
                    + Math.max(1, layout.nBlocks()) + 2L * localSize);
            if (localBytes > be.info.localMemory()) {
                throw new IllegalStateException("model needs " + localBytes + " bytes of local memory, device '"
                        + be.info.name() + "' has " + be.info.localMemory());
            }
            local = args.setLocal(local, (long) elem * Math.max(1, d.hpPar().length));
            local = args.setLocal(local, (long) elem * Math.max(1, d.hpPar().length));
            local = args.setLocal(local, (long) elem * Math.max(1, layout.nRows()));
            local = args.setLocal(local, (long) elem * Math.max(1, layout.nBlocks()));
            args.setLocal(local, (long) elem * 2 * localSize);
        }
    }

    static long workGroupSize(OpenClBackend be, cl_kernel kernel) {
        long[] v = new long[1];
        clGetKernelWorkGroupInfo(kernel, be.device, CL_KERNEL_WORK_GROUP_SIZE, Sizeof.size_t, Pointer.to(v), null);
        return v[0];
    }

    /**
     * The model arguments of the work-group kernels ({@code GROUP_MODEL_ARGS} of histfactory.cl: args 0..2 are
     * nPars, count, x, set per launch); returns the index of the next argument.
     */
    static int setGroupModel(KernelArgs k, ModelLayout layout, DeviceLayout d) {
        int a = 3;
        a = k.setIntArray(k.setInt(a, d.hpPar().length), d.hpPar());
        a = k.setInt(a, layout.nRows());
        a = k.setReal(a, d.nominal());
        a = k.setIntArray(a, d.rowHs());
        a = k.setIntArray(a, d.hsHp());
        a = k.setReal(a, d.hsS());
        a = k.setReal(a, d.hsA());
        a = k.setIntArray(a, d.rowRf());
        a = k.setIntArray(a, d.rfPar());
        a = k.setIntArray(a, d.rowBlock());
        a = k.setInt(a, layout.nBlocks());
        a = k.setIntArray(a, d.blkNs());
        a = k.setIntArray(a, d.nsPar());
        a = k.setReal(a, d.nsLnHi());
        a = k.setReal(a, d.nsLnLo());
        a = k.setReal(a, d.nsCoef());
        a = k.setIntArray(a, d.blkBf());
        a = k.setIntArray(a, d.bfPar());
        a = k.setInt(a, layout.nBins());
        a = k.setIntArray(a, d.binRow());
        a = k.setIntArray(a, d.binRows());
        a = k.setReal(a, d.observed());
        return setConstraints(k, a, layout, d);
    }

    /** Resident arguments of {@code histfactory_items}/{@code _vec}; returns the index of the first output. */
    private int setupItems(ModelLayout m) {
        HistoRuns h = HistoRuns.of(m);
        DeviceLayout d = DeviceLayout.of(m);
        KernelArgs k = args;
        int a = 3;
        a = k.setInt(a, h.par().length);
        a = k.setIntArray(a, h.par());
        a = k.setIntArray(a, h.row());
        a = k.setIntArray(a, h.len());
        a = k.setIntArray(a, h.data());
        a = k.setReal(a, h.s());
        a = k.setReal(a, h.a());
        a = k.setInt(a, m.nRows());
        a = k.setReal(a, m.nominal());
        a = k.setIntArray(a, m.rowBlock());
        a = k.setIntArray(a, m.rowBin());
        a = k.setInt(a, m.rfRow().length);
        a = k.setIntArray(a, m.rfRow());
        a = k.setIntArray(a, m.rfPar());
        a = k.setInt(a, m.nBlocks());
        // normsys in the block-sorted order of the device layout (the same arrays the group kernel uses)
        a = k.setInt(a, d.nsPar().length);
        a = k.setIntArray(a, d.nsBlk());
        a = k.setIntArray(a, d.nsPar());
        a = k.setReal(a, d.nsLnHi());
        a = k.setReal(a, d.nsLnLo());
        a = k.setReal(a, d.nsCoef());
        a = k.setInt(a, m.bfPar().length);
        a = k.setIntArray(a, m.bfBlock());
        a = k.setIntArray(a, m.bfPar());
        a = k.setInt(a, m.nBins());
        a = k.setReal(a, m.observed());
        return setConstraints(k, a, m, d);
    }

    /** Constraint arrays and the interpolation codes, the last model arguments of every HistFactory kernel. */
    private static int setConstraints(KernelArgs k, int a, ModelLayout m, DeviceLayout d) {
        a = k.setInt(a, d.gPar().length);
        a = k.setIntArray(a, d.gPar());
        a = k.setReal(a, d.gAux());
        a = k.setReal(a, d.gInv());
        a = k.setInt(a, d.pPar().length);
        a = k.setIntArray(a, d.pPar());
        a = k.setReal(a, d.pAux());
        a = k.setReal(a, d.pFac());
        a = k.setInt(a, m.histoCode());
        return k.setInt(a, m.normCode());
    }

    @Override
    public ModelLayout layout() {
        return layout;
    }

    private void ensureCapacity(int chunk, boolean rates) {
        if (chunk > capacity) {
            release(xBuf, mainBuf, consBuf);
            xBuf = clCreateBuffer(be.context, CL_MEM_READ_ONLY, (long) chunk * layout.nPars() * elem, null, null);
            mainBuf = clCreateBuffer(be.context, CL_MEM_WRITE_ONLY, (long) chunk * elem, null, null);
            consBuf = clCreateBuffer(be.context, CL_MEM_WRITE_ONLY, (long) chunk * elem, null, null);
            capacity = chunk;
            if (!be.fp64) {
                xFloat = new float[chunk * layout.nPars()];
            }
        }
        int need = rates ? chunk : 1;
        if (ratesBuf == null || need > ratesCapacity) {
            release(ratesBuf);
            ratesBuf = clCreateBuffer(be.context, CL_MEM_WRITE_ONLY,
                    (long) need * Math.max(1, layout.nBins()) * elem, null, null);
            ratesCapacity = need;
        }
    }

    static void release(cl_mem... ms) {
        for (cl_mem m : ms) {
            if (m != null) {
                clReleaseMemObject(m);
            }
        }
    }

    /** Checks that the evaluator is open and {@code points} holds {@code count} points. */
    void checkPoints(double[] points, int count) {
        if (closed) {
            throw new IllegalStateException("evaluator closed");
        }
        int n = layout.nPars();
        if (count < 0 || (long) count * n > points.length) {
            throw new IllegalArgumentException("points holds " + points.length / Math.max(n, 1) + " points of "
                    + n + " parameters, asked for " + count);
        }
    }

    private void run(double[] points, int count, double[] main, double[] cons, double[] rates) {
        checkPoints(points, count);
        int n = layout.nPars();
        int nb = layout.nBins();
        for (int from = 0; from < count; from += maxChunk) {
            int c = Math.min(maxChunk, count - from);
            ensureCapacity(c, rates != null);
            Transfer.write(be, xBuf, points, (long) from * n, c * n, xFloat);
            args.setInt(1, c);
            args.setMem(2, xBuf);
            args.setMem(outArg, mainBuf);
            args.setMem(outArg + 1, consBuf);
            args.setMem(outArg + 2, ratesBuf);
            args.setInt(outArg + 3, rates != null ? 1 : 0);
            long global = switch (kind) {
                case VECTOR -> ((long) c + (long) OpenClBackend.VECTOR_WIDTH * localSize - 1)
                        / ((long) OpenClBackend.VECTOR_WIDTH * localSize) * localSize;
                case ITEM -> ((long) c + localSize - 1) / localSize * localSize;
                default -> (long) c * localSize;
            };
            launch(be, args.kernel, global, localSize, c);
            if (main != null) {
                Transfer.read(be, mainBuf, c, main, from, constants.main());
                Transfer.read(be, consBuf, c, cons, from, constants.constraint());
            }
            if (rates != null) {
                Transfer.read(be, ratesBuf, c * nb, rates, from * nb, 0);
            }
        }
    }

    /** Enqueues {@code kernel} over {@code global} work-items in groups of {@code local}. */
    static void launch(OpenClBackend be, cl_kernel kernel, long global, int local, int points) {
        try {
            clEnqueueNDRangeKernel(be.queue, kernel, 1, null, new long[] {global},
                    local > 0 ? new long[] {local} : null, 0, null, null);
        } catch (CLException e) {
            throw new IllegalStateException("OpenCL kernel launch failed on " + be.info.name() + " for " + points
                    + " points (" + e.getMessage() + "); try a smaller batch", e);
        }
    }

    @Override
    public void logpdf(double[] points, int count, double[] out) {
        double[] cons = new double[count];
        logpdfParts(points, count, out, cons);
        for (int i = 0; i < count; i++) {
            out[i] += cons[i];
        }
    }

    @Override
    public void logpdfParts(double[] points, int count, double[] main, double[] constraint) {
        if (main.length < count || constraint.length < count) {
            throw new IllegalArgumentException("output array too small for " + count + " points");
        }
        run(points, count, main, constraint, null);
    }

    @Override
    public void expected(double[] points, int count, double[] out) {
        if ((long) count * layout.nBins() > out.length) {
            throw new IllegalArgumentException("output array too small for " + count + " points");
        }
        run(points, count, null, null, out);
    }

    @Override
    public void rowYields(double[] points, int count, double[] out) {
        throw new UnsupportedOperationException("row yields are computed on the CPU backend");
    }

    @Override
    public boolean hasGradient() {
        return true;
    }

    @Override
    public void gradient(double[] points, int count, double[] out, double[] grad) {
        checkPoints(points, count);
        if (out.length < count || (long) count * layout.nPars() > grad.length) {
            throw new IllegalArgumentException("output array too small for " + count + " points");
        }
        if (gradient == null) {
            gradient = new OpenClGradient(be, layout, constants);
        }
        gradient.run(points, count, out, grad);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        release(xBuf, mainBuf, consBuf, ratesBuf);
        if (gradient != null) {
            gradient.close();
        }
        args.close();
        clReleaseKernel(args.kernel);
    }
}
