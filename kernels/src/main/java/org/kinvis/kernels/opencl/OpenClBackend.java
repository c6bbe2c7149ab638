package org.kinvis.kernels.opencl;

import static org.jocl.CL.*;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jocl.CL;
import org.jocl.CLException;
import org.jocl.Pointer;
import org.jocl.Sizeof;
import org.jocl.cl_command_queue;
import org.jocl.cl_context;
import org.jocl.cl_device_id;
import org.jocl.cl_kernel;
import org.jocl.cl_mem;
import org.jocl.cl_platform_id;
import org.jocl.cl_program;
import org.jocl.cl_queue_properties;
import org.kinvis.kernels.Backend;
import org.kinvis.kernels.Evaluator;
import org.kinvis.kernels.HistoRuns;
import org.kinvis.kernels.LikelihoodConstants;
import org.kinvis.kernels.ModelLayout;

/**
 * OpenCL backend through JOCL: the model is uploaded once and kept resident, only parameter vectors stream to
 * the device, and each point's log-likelihood is reduced on the device by one work-group ({@code
 * histfactory.cl}). float64 where the device has {@code cl_khr_fp64}, else float32 with compensated sums.
 * Programs are built once per (precision, interpolation codes); batches are split to fit device memory. All CL
 * objects are released by {@link #close} (evaluators by their own close).
 */
public final class OpenClBackend implements Backend {
    /** Requested arithmetic: AUTO picks float64 where available. */
    public enum Precision { AUTO, DOUBLE, FLOAT }

    /**
     * Launch geometry: GROUP is one work-group per point (work-items over rows, blocks, bins; local-memory
     * reduction) for GPUs; ITEM is one work-item per point; VECTOR is VECTOR_WIDTH points per work-item in vector
     * registers, for CPU devices (AVX/AVX-512 under PoCL); AUTO picks VECTOR on CPU devices, else GROUP.
     */
    public enum Kernel { AUTO, GROUP, ITEM, VECTOR }

    /** Points per work-item of the VECTOR kernel (4 was fastest under PoCL on AVX-512: 0.84 µs/point vs 1.4 for 8). */
    static final int VECTOR_WIDTH = 4;

    private static final String SOURCE = "/org/kinvis/kernels/opencl/histfactory.cl";
    private static final String SPECTRA = "/org/kinvis/kernels/opencl/spectra.cl";
    private static final long MAX_CHUNK_BYTES = 256L << 20;

    private final DeviceInfo info;
    private final cl_device_id device;
    private final cl_context context;
    private final cl_command_queue queue;
    private final boolean fp64;
    private final int requestedLocalSize;
    private final Kernel kernelKind;
    private final Map<String, cl_program> programs = new HashMap<>();
    private boolean closed;

    /** A device handle found by enumeration. */
    private record Found(cl_platform_id platform, cl_device_id device, DeviceInfo info) {
    }

    /**
     * @param deviceSpec null for the default (first GPU, else first device), a flat index, or a substring of
     *                   the device or platform name
     * @param localSize  work-group size, 0 for automatic (a power of two up to 128)
     */
    public OpenClBackend(String deviceSpec, Precision precision, int localSize) {
        this(deviceSpec, precision, localSize, Kernel.AUTO);
    }

    /** As {@link #OpenClBackend(String, Precision, int)} with an explicit launch geometry. */
    public OpenClBackend(String deviceSpec, Precision precision, int localSize, Kernel kernel) {
        List<Found> all = enumerate();
        if (all.isEmpty()) {
            throw new IllegalStateException("no OpenCL platform found (install an ICD, e.g. pocl-opencl-icd)");
        }
        Found chosen = choose(all, deviceSpec);
        this.info = chosen.info();
        this.device = chosen.device();
        if (precision == Precision.DOUBLE && !info.fp64()) {
            throw new IllegalStateException("device '" + info.name() + "' has no cl_khr_fp64; use float precision");
        }
        this.fp64 = info.fp64() && precision != Precision.FLOAT;
        this.requestedLocalSize = localSize;
        this.kernelKind = kernel != Kernel.AUTO ? kernel
                : (info.type().contains("CPU") && !info.type().contains("GPU") ? Kernel.VECTOR : Kernel.GROUP);
        CL.setExceptionsEnabled(true);
        cl_context_properties_holder props = new cl_context_properties_holder(chosen.platform());
        this.context = clCreateContext(props.properties, 1, new cl_device_id[] {device}, null, null, null);
        this.queue = clCreateCommandQueueWithProperties(context, device, new cl_queue_properties(), null);
    }

    public OpenClBackend() {
        this(null, Precision.AUTO, 0);
    }

    /** Holder for the context properties naming the platform. */
    private static final class cl_context_properties_holder {
        final org.jocl.cl_context_properties properties = new org.jocl.cl_context_properties();

        cl_context_properties_holder(cl_platform_id platform) {
            properties.addProperty(CL_CONTEXT_PLATFORM, platform);
        }
    }

    /** True when at least one OpenCL device can be used. */
    public static boolean available() {
        return !devices().isEmpty();
    }

    /** Every OpenCL device of every platform; empty when there is no platform or no loader. */
    public static List<DeviceInfo> devices() {
        return enumerate().stream().map(Found::info).toList();
    }

    private static List<Found> enumerate() {
        List<Found> out = new ArrayList<>();
        try {
            CL.setExceptionsEnabled(true);
            int[] np = new int[1];
            clGetPlatformIDs(0, null, np);
            cl_platform_id[] platforms = new cl_platform_id[np[0]];
            clGetPlatformIDs(np[0], platforms, null);
            for (cl_platform_id pl : platforms) {
                String pname = platformString(pl, CL_PLATFORM_NAME);
                int[] nd = new int[1];
                try {
                    clGetDeviceIDs(pl, CL_DEVICE_TYPE_ALL, 0, null, nd);
                } catch (CLException e) {
                    continue; // platform without devices
                }
                cl_device_id[] devs = new cl_device_id[nd[0]];
                clGetDeviceIDs(pl, CL_DEVICE_TYPE_ALL, nd[0], devs, null);
                for (cl_device_id d : devs) {
                    long type = deviceLong(d, CL_DEVICE_TYPE);
                    String ext = deviceString(d, CL_DEVICE_EXTENSIONS);
                    DeviceInfo di = new DeviceInfo(out.size(), pname, deviceString(d, CL_DEVICE_NAME),
                            deviceString(d, CL_DEVICE_VENDOR), typeName(type), deviceInt(d, CL_DEVICE_MAX_COMPUTE_UNITS),
                            deviceLong(d, CL_DEVICE_GLOBAL_MEM_SIZE), deviceLong(d, CL_DEVICE_MAX_MEM_ALLOC_SIZE),
                            deviceLong(d, CL_DEVICE_LOCAL_MEM_SIZE), deviceSize(d, CL_DEVICE_MAX_WORK_GROUP_SIZE),
                            ext.contains("cl_khr_fp64"));
                    out.add(new Found(pl, d, di));
                }
            }
        } catch (CLException | UnsatisfiedLinkError | NoClassDefFoundError e) {
            return List.of();
        }
        return out;
    }

    private static Found choose(List<Found> all, String spec) {
        if (spec == null || spec.isBlank()) {
            return all.stream().filter(f -> f.info().type().contains("GPU")).findFirst().orElse(all.get(0));
        }
        if (spec.chars().allMatch(Character::isDigit)) {
            int i = Integer.parseInt(spec);
            if (i >= all.size()) {
                throw new IllegalArgumentException("no OpenCL device " + i + " (there are " + all.size() + ")");
            }
            return all.get(i);
        }
        String s = spec.toLowerCase(Locale.ROOT);
        return all.stream().filter(f -> (f.info().name() + " " + f.info().platform()).toLowerCase(Locale.ROOT)
                .contains(s)).findFirst().orElseThrow(() -> new IllegalArgumentException(
                        "no OpenCL device matches '" + spec + "'"));
    }

    private static String typeName(long type) {
        List<String> t = new ArrayList<>();
        if ((type & CL_DEVICE_TYPE_GPU) != 0) {
            t.add("GPU");
        }
        if ((type & CL_DEVICE_TYPE_CPU) != 0) {
            t.add("CPU");
        }
        if ((type & CL_DEVICE_TYPE_ACCELERATOR) != 0) {
            t.add("ACCELERATOR");
        }
        return t.isEmpty() ? "OTHER" : String.join("|", t);
    }

    private static String platformString(cl_platform_id p, int param) {
        long[] size = new long[1];
        clGetPlatformInfo(p, param, 0, null, size);
        byte[] buf = new byte[(int) size[0]];
        clGetPlatformInfo(p, param, buf.length, Pointer.to(buf), null);
        return new String(buf, 0, Math.max(0, buf.length - 1), StandardCharsets.UTF_8).trim();
    }

    private static String deviceString(cl_device_id d, int param) {
        long[] size = new long[1];
        clGetDeviceInfo(d, param, 0, null, size);
        byte[] buf = new byte[(int) size[0]];
        clGetDeviceInfo(d, param, buf.length, Pointer.to(buf), null);
        return new String(buf, 0, Math.max(0, buf.length - 1), StandardCharsets.UTF_8).trim();
    }

    private static long deviceLong(cl_device_id d, int param) {
        long[] v = new long[1];
        clGetDeviceInfo(d, param, Sizeof.cl_long, Pointer.to(v), null);
        return v[0];
    }

    private static long deviceSize(cl_device_id d, int param) {
        long[] v = new long[1];
        clGetDeviceInfo(d, param, Sizeof.size_t, Pointer.to(v), null);
        return v[0];
    }

    private static int deviceInt(cl_device_id d, int param) {
        int[] v = new int[1];
        clGetDeviceInfo(d, param, Sizeof.cl_uint, Pointer.to(v), null);
        return v[0];
    }

    @Override
    public String name() {
        return "opencl";
    }

    @Override
    public String device() {
        return info.name() + " (" + info.platform() + "), " + (fp64 ? "float64" : "float32")
                + switch (kernelKind) {
                    case ITEM -> ", point per work-item";
                    case VECTOR -> ", " + VECTOR_WIDTH + " points per work-item";
                    default -> ", point per work-group";
                };
    }

    public DeviceInfo info() {
        return info;
    }

    public boolean fp64() {
        return fp64;
    }

    @Override
    public Evaluator prepare(ModelLayout layout) {
        if (closed) {
            throw new IllegalStateException("backend closed");
        }
        String sizes = kernelKind != Kernel.VECTOR ? "" : " -D VW=" + VECTOR_WIDTH + " -D NROWS="
                + Math.max(1, layout.nRows()) + " -D NBLOCKS=" + Math.max(1, layout.nBlocks()) + " -D NBINS="
                + Math.max(1, layout.nBins());
        return new OpenClEvaluator(this, layout, program(layout.histoCode(), layout.normCode(), sizes));
    }

    private cl_program program(int histoCode, int normCode, String extra) {
        String options = (fp64 ? "-D KINVIS_FP64 " : "") + "-D HISTO_CODE=" + histoCode + " -D NORM_CODE=" + normCode
                + extra;
        return programs.computeIfAbsent(options, o -> build(source(), o));
    }

    private cl_program build(String src, String options) {
        cl_program p = clCreateProgramWithSource(context, 1, new String[] {src}, null, null);
        try {
            clBuildProgram(p, 1, new cl_device_id[] {device}, options, null, null);
        } catch (CLException e) {
            String log = buildLog(p);
            clReleaseProgram(p);
            throw new IllegalStateException("OpenCL build failed on " + info.name() + " (" + e.getMessage()
                    + "):\n" + log, e);
        }
        return p;
    }

    private String buildLog(cl_program p) {
        long[] size = new long[1];
        clGetProgramBuildInfo(p, device, CL_PROGRAM_BUILD_LOG, 0, null, size);
        byte[] buf = new byte[(int) size[0]];
        clGetProgramBuildInfo(p, device, CL_PROGRAM_BUILD_LOG, buf.length, Pointer.to(buf), null);
        return new String(buf, StandardCharsets.UTF_8).trim();
    }

    private static String source() {
        return source(SOURCE);
    }

    private static String source(String name) {
        try (InputStream in = OpenClBackend.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("kernel source " + name + " missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read kernel source " + name, e);
        }
    }

    /**
     * Bin integrals of a spectrum kernel of {@code spectra.cl} over a batch: work-item (point, bin) integrates
     * with the given quadrature nodes/weights on [−1, 1]. Plain arrays: {@code pars} is {@code count × npar},
     * {@code constants} whatever the kernel documents; returns {@code count × lo.length} integrals.
     */
    public synchronized double[] binIntegrals(String kernelName, double[] pars, int count, int npar, double[] lo,
            double[] hi, double[] nodes, double[] weights, double[] constants) {
        if (closed) {
            throw new IllegalStateException("backend closed");
        }
        String options = (fp64 ? "-D KINVIS_FP64" : "") + " -D KINVIS_SPECTRA";
        cl_program p = programs.computeIfAbsent(options, o -> build(source(SPECTRA), o));
        cl_kernel k = clCreateKernel(p, kernelName, null);
        List<cl_mem> mems = new ArrayList<>();
        try {
            int nb = lo.length;
            int a = 0;
            clSetKernelArg(k, a++, Sizeof.cl_int, Pointer.to(new int[] {count}));
            clSetKernelArg(k, a++, Sizeof.cl_int, Pointer.to(new int[] {npar}));
            a = argReal(k, a, pars, mems);
            clSetKernelArg(k, a++, Sizeof.cl_int, Pointer.to(new int[] {nb}));
            a = argReal(k, a, lo, mems);
            a = argReal(k, a, hi, mems);
            clSetKernelArg(k, a++, Sizeof.cl_int, Pointer.to(new int[] {nodes.length}));
            a = argReal(k, a, nodes, mems);
            a = argReal(k, a, weights, mems);
            a = argReal(k, a, constants, mems);
            int elem = fp64 ? Sizeof.cl_double : Sizeof.cl_float;
            cl_mem out = clCreateBuffer(context, CL_MEM_WRITE_ONLY, (long) count * nb * elem, null, null);
            mems.add(out);
            clSetKernelArg(k, a, Sizeof.cl_mem, Pointer.to(out));
            clEnqueueNDRangeKernel(queue, k, 1, null, new long[] {(long) count * nb}, null, 0, null, null);
            double[] result = new double[count * nb];
            if (fp64) {
                clEnqueueReadBuffer(queue, out, CL_TRUE, 0, (long) count * nb * elem, Pointer.to(result), 0, null, null);
            } else {
                float[] f = new float[count * nb];
                clEnqueueReadBuffer(queue, out, CL_TRUE, 0, (long) count * nb * elem, Pointer.to(f), 0, null, null);
                for (int i = 0; i < f.length; i++) {
                    result[i] = f[i];
                }
            }
            return result;
        } finally {
            mems.forEach(CL::clReleaseMemObject);
            clReleaseKernel(k);
        }
    }

    private int argReal(cl_kernel k, int index, double[] v, List<cl_mem> mems) {
        double[] d = v.length == 0 ? new double[1] : v;
        cl_mem m;
        if (fp64) {
            m = clCreateBuffer(context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, (long) d.length * Sizeof.cl_double,
                    Pointer.to(d), null);
        } else {
            float[] f = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                f[i] = (float) d[i];
            }
            m = clCreateBuffer(context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, (long) f.length * Sizeof.cl_float,
                    Pointer.to(f), null);
        }
        mems.add(m);
        clSetKernelArg(k, index, Sizeof.cl_mem, Pointer.to(m));
        return index + 1;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        programs.values().forEach(CL::clReleaseProgram);
        programs.clear();
        clReleaseCommandQueue(queue);
        clReleaseContext(context);
    }

    // ------------------------------------------------------------------------------------------ evaluator

    /** The resident model on the device and the kernel that evaluates batches of it. */
    private static final class OpenClEvaluator implements Evaluator {
        private final OpenClBackend be;
        private final ModelLayout layout;
        private final LikelihoodConstants constants;
        private final cl_kernel kernel;
        private final List<cl_mem> resident = new ArrayList<>();
        private final int elem;
        private final int localSize;
        private final int maxChunk;
        private final Kernel kind;
        private cl_mem xBuf;
        private cl_mem mainBuf;
        private cl_mem consBuf;
        private cl_mem ratesBuf;
        private int capacity;
        private int ratesCapacity;
        private float[] xFloat;
        private boolean closed;

        OpenClEvaluator(OpenClBackend be, ModelLayout layout, cl_program program) {
            this.be = be;
            this.layout = layout;
            this.constants = LikelihoodConstants.of(layout);
            this.elem = be.fp64 ? Sizeof.cl_double : Sizeof.cl_float;
            this.kind = be.kernelKind;
            this.kernel = clCreateKernel(program, switch (kind) {
                case ITEM -> "histfactory_items";
                case VECTOR -> "histfactory_vec";
                default -> "histfactory";
            }, null);
            long kernelMax = kernelWorkGroupSize();
            long perPoint = (long) layout.nPars() * elem;
            long limit = Math.min(MAX_CHUNK_BYTES, be.info.maxAlloc());
            this.maxChunk = (int) Math.max(1, Math.min(1 << 20, limit / Math.max(perPoint, 1)));
            setInt(0, layout.nPars());
            if (kind == Kernel.VECTOR) {
                // one work-item per work-group: PoCL keeps every work-item's private arrays (~15 kB here) on the
                // worker thread's stack, so large groups would overflow it
                this.localSize = be.requestedLocalSize > 0 ? Math.min(be.requestedLocalSize, 8) : 1;
                this.outArg = setupItems(layout);
            } else if (kind == Kernel.ITEM) {
                // local columns: rows, block factors, rates, one column per work-item
                long perItem = (long) elem * (Math.max(1, layout.nRows()) + Math.max(1, layout.nBlocks())
                        + Math.max(1, layout.nBins()));
                int ls = be.requestedLocalSize > 0 ? be.requestedLocalSize : 16;
                long fit = Math.max(1, be.info.localMemory() / perItem);
                this.localSize = Integer.highestOneBit((int) Math.max(1, Math.min(Math.min(ls, kernelMax), fit)));
                this.outArg = setupItems(layout);
                int local = outArg + 4;
                clSetKernelArg(kernel, local, (long) elem * Math.max(1, layout.nRows()) * localSize, null);
                clSetKernelArg(kernel, local + 1, (long) elem * Math.max(1, layout.nBlocks()) * localSize, null);
                clSetKernelArg(kernel, local + 2, (long) elem * Math.max(1, layout.nBins()) * localSize, null);
            } else {
                int ls = be.requestedLocalSize > 0 ? be.requestedLocalSize : 64;
                this.localSize = Integer.highestOneBit(Math.max(1, (int) Math.min(ls, kernelMax)));
                DeviceLayout d = DeviceLayout.of(layout);
                this.outArg = setupGroup(layout, d);
                int local = outArg + 4;
                long localBytes = (long) elem * (2L * Math.max(1, d.hpPar().length) + Math.max(1, layout.nRows())
                        + Math.max(1, layout.nBlocks()) + 2L * localSize);
                if (localBytes > be.info.localMemory()) {
                    throw new IllegalStateException("model needs " + localBytes + " bytes of local memory, device '"
                            + be.info.name() + "' has " + be.info.localMemory());
                }
                clSetKernelArg(kernel, local, (long) elem * Math.max(1, d.hpPar().length), null);
                clSetKernelArg(kernel, local + 1, (long) elem * Math.max(1, d.hpPar().length), null);
                clSetKernelArg(kernel, local + 2, (long) elem * Math.max(1, layout.nRows()), null);
                clSetKernelArg(kernel, local + 3, (long) elem * Math.max(1, layout.nBlocks()), null);
                clSetKernelArg(kernel, local + 4, (long) elem * 2 * localSize, null);
            }
        }

        /** Resident arguments of {@code histfactory}; returns the index of the first output argument. */
        private int setupGroup(ModelLayout layout, DeviceLayout d) {
            int a = 3; // args 0..2: nPars, count, x
            a = setIntArray(setInt(a, d.hpPar().length), d.hpPar());
            a = setInt(a, layout.nRows());
            a = setReal(a, d.nominal());
            a = setIntArray(a, d.rowHs());
            a = setIntArray(a, d.hsHp());
            a = setReal(a, d.hsS());
            a = setReal(a, d.hsA());
            a = setIntArray(a, d.rowRf());
            a = setIntArray(a, d.rfPar());
            a = setIntArray(a, d.rowBlock());
            a = setInt(a, layout.nBlocks());
            a = setIntArray(a, d.blkNs());
            a = setIntArray(a, d.nsPar());
            a = setReal(a, d.nsLnHi());
            a = setReal(a, d.nsLnLo());
            a = setReal(a, d.nsCoef());
            a = setIntArray(a, d.blkBf());
            a = setIntArray(a, d.bfPar());
            a = setInt(a, layout.nBins());
            a = setIntArray(a, d.binRow());
            a = setIntArray(a, d.binRows());
            a = setReal(a, d.observed());
            return setConstraints(a, d);
        }

        /** Resident arguments of {@code histfactory_items}; returns the index of the first output argument. */
        private int setupItems(ModelLayout m) {
            HistoRuns h = HistoRuns.of(m);
            DeviceLayout d = DeviceLayout.of(m);
            int a = 3;
            a = setInt(a, h.par().length);
            a = setIntArray(a, h.par());
            a = setIntArray(a, h.row());
            a = setIntArray(a, h.len());
            a = setIntArray(a, h.data());
            a = setReal(a, h.s());
            a = setReal(a, h.a());
            a = setInt(a, m.nRows());
            a = setReal(a, m.nominal());
            a = setIntArray(a, m.rowBlock());
            a = setIntArray(a, m.rowBin());
            a = setInt(a, m.rfRow().length);
            a = setIntArray(a, m.rfRow());
            a = setIntArray(a, m.rfPar());
            a = setInt(a, m.nBlocks());
            // normsys in the block-sorted order of the device layout (the same arrays the group kernel uses)
            a = setInt(a, d.nsPar().length);
            a = setIntArray(a, d.nsBlk());
            a = setIntArray(a, d.nsPar());
            a = setReal(a, d.nsLnHi());
            a = setReal(a, d.nsLnLo());
            a = setReal(a, d.nsCoef());
            a = setInt(a, m.bfPar().length);
            a = setIntArray(a, m.bfBlock());
            a = setIntArray(a, m.bfPar());
            a = setInt(a, m.nBins());
            a = setReal(a, m.observed());
            return setConstraints(a, d);
        }

        private int setConstraints(int a, DeviceLayout d) {
            a = setInt(a, d.gPar().length);
            a = setIntArray(a, d.gPar());
            a = setReal(a, d.gAux());
            a = setReal(a, d.gInv());
            a = setInt(a, d.pPar().length);
            a = setIntArray(a, d.pPar());
            a = setReal(a, d.pAux());
            a = setReal(a, d.pFac());
            return a;
        }

        private final int outArg;

        private long kernelWorkGroupSize() {
            long[] v = new long[1];
            clGetKernelWorkGroupInfo(kernel, be.device, CL_KERNEL_WORK_GROUP_SIZE, Sizeof.size_t, Pointer.to(v), null);
            return v[0];
        }

        private int setInt(int index, int value) {
            clSetKernelArg(kernel, index, Sizeof.cl_int, Pointer.to(new int[] {value}));
            return index + 1;
        }

        private cl_mem upload(Pointer p, long bytes) {
            cl_mem m = clCreateBuffer(be.context, CL_MEM_READ_ONLY | CL_MEM_COPY_HOST_PTR, Math.max(bytes, 8),
                    bytes == 0 ? Pointer.to(new long[1]) : p, null);
            resident.add(m);
            return m;
        }

        private int setIntArray(int index, int[] v) {
            cl_mem m = upload(Pointer.to(v.length == 0 ? new int[2] : v), (long) Math.max(v.length, 2) * Sizeof.cl_int);
            clSetKernelArg(kernel, index, Sizeof.cl_mem, Pointer.to(m));
            return index + 1;
        }

        private int setReal(int index, double[] v) {
            double[] d = v.length == 0 ? new double[1] : v;
            cl_mem m;
            if (be.fp64) {
                m = upload(Pointer.to(d), (long) d.length * Sizeof.cl_double);
            } else {
                float[] f = new float[d.length];
                for (int i = 0; i < d.length; i++) {
                    f[i] = (float) d[i];
                }
                m = upload(Pointer.to(f), (long) f.length * Sizeof.cl_float);
            }
            clSetKernelArg(kernel, index, Sizeof.cl_mem, Pointer.to(m));
            return index + 1;
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

        private static void release(cl_mem... ms) {
            for (cl_mem m : ms) {
                if (m != null) {
                    clReleaseMemObject(m);
                }
            }
        }

        private void run(double[] points, int count, double[] main, double[] cons, double[] rates) {
            if (closed) {
                throw new IllegalStateException("evaluator closed");
            }
            int n = layout.nPars();
            if ((long) count * n > points.length) {
                throw new IllegalArgumentException("points holds " + points.length / Math.max(n, 1) + " points of "
                        + n + " parameters, asked for " + count);
            }
            int nb = layout.nBins();
            for (int from = 0; from < count; from += maxChunk) {
                int c = Math.min(maxChunk, count - from);
                ensureCapacity(c, rates != null);
                long xBytes = (long) c * n * elem;
                if (be.fp64) {
                    clEnqueueWriteBuffer(be.queue, xBuf, CL_TRUE, 0, xBytes,
                            Pointer.to(points).withByteOffset((long) from * n * Sizeof.cl_double), 0, null, null);
                } else {
                    for (int i = 0; i < c * n; i++) {
                        xFloat[i] = (float) points[from * n + i];
                    }
                    clEnqueueWriteBuffer(be.queue, xBuf, CL_TRUE, 0, xBytes, Pointer.to(xFloat), 0, null, null);
                }
                clSetKernelArg(kernel, 1, Sizeof.cl_int, Pointer.to(new int[] {c}));
                clSetKernelArg(kernel, 2, Sizeof.cl_mem, Pointer.to(xBuf));
                clSetKernelArg(kernel, outArg, Sizeof.cl_mem, Pointer.to(mainBuf));
                clSetKernelArg(kernel, outArg + 1, Sizeof.cl_mem, Pointer.to(consBuf));
                clSetKernelArg(kernel, outArg + 2, Sizeof.cl_mem, Pointer.to(ratesBuf));
                clSetKernelArg(kernel, outArg + 3, Sizeof.cl_int, Pointer.to(new int[] {rates != null ? 1 : 0}));
                try {
                    long global = switch (kind) {
                        case VECTOR -> ((long) c + (long) VECTOR_WIDTH * localSize - 1) / ((long) VECTOR_WIDTH
                                * localSize) * localSize;
                        case ITEM -> ((long) c + localSize - 1) / localSize * localSize;
                        default -> (long) c * localSize;
                    };
                    clEnqueueNDRangeKernel(be.queue, kernel, 1, null, new long[] {global},
                            localSize > 0 ? new long[] {localSize} : null, 0, null, null);
                } catch (CLException e) {
                    throw new IllegalStateException("OpenCL kernel launch failed on " + be.info.name() + " for "
                            + c + " points (" + e.getMessage() + "); try a smaller batch", e);
                }
                if (main != null) {
                    read(mainBuf, c, main, from, constants.main());
                    read(consBuf, c, cons, from, constants.constraint());
                }
                if (rates != null) {
                    read(ratesBuf, c * nb, rates, from * nb, 0);
                }
            }
        }

        private void read(cl_mem buf, int count, double[] out, int offset, double add) {
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
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            release(xBuf, mainBuf, consBuf, ratesBuf);
            resident.forEach(CL::clReleaseMemObject);
            resident.clear();
            clReleaseKernel(kernel);
        }
    }
}
