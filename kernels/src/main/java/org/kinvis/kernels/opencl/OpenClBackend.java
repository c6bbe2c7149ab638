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
import org.kinvis.kernels.ModelLayout;

/**
 * OpenCL backend through JOCL: the model is uploaded once and kept resident, only parameter vectors stream to
 * the device, and each point's log-likelihood is reduced on the device ({@code histfactory.cl}; launch geometry
 * by {@link Kernel}); the analytic gradient has its own reverse-mode kernel ({@link OpenClGradient}). float64
 * where the device has {@code cl_khr_fp64}, else float32 with compensated sums. Programs are built once per
 * precision (the interpolation codes are kernel arguments); batches are split to fit device memory. All CL
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
    /** Largest host↔device transfer per launch (points in, results out). */
    static final long MAX_CHUNK_BYTES = 256L << 20;

    final DeviceInfo info;
    final cl_device_id device;
    final cl_context context;
    final cl_command_queue queue;
    final boolean fp64;
    final int requestedLocalSize;
    final Kernel kernelKind;
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
        return new OpenClEvaluator(this, layout, program(sizes));
    }

    /**
     * The HistFactory program with these extra build options, built once per backend (the interpolation codes are
     * kernel arguments, so every setting shares it).
     */
    cl_program program(String extra) {
        String options = (fp64 ? "-D KINVIS_FP64" : "") + extra;
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
        try (KernelArgs args = new KernelArgs(this, k)) {
            int nb = lo.length;
            int a = args.setInt(0, count);
            a = args.setInt(a, npar);
            a = args.setReal(a, pars);
            a = args.setInt(a, nb);
            a = args.setReal(a, lo);
            a = args.setReal(a, hi);
            a = args.setInt(a, nodes.length);
            a = args.setReal(a, nodes);
            a = args.setReal(a, weights);
            a = args.setReal(a, constants);
            int elem = fp64 ? Sizeof.cl_double : Sizeof.cl_float;
            cl_mem out = args.keep(clCreateBuffer(context, CL_MEM_WRITE_ONLY, (long) count * nb * elem, null, null));
            args.setMem(a, out);
            clEnqueueNDRangeKernel(queue, k, 1, null, new long[] {(long) count * nb}, null, 0, null, null);
            double[] result = new double[count * nb];
            Transfer.read(this, out, count * nb, result, 0, 0);
            return result;
        } finally {
            clReleaseKernel(k);
        }
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
}
