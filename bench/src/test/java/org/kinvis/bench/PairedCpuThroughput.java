package org.kinvis.bench;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.*;

/**
 * Paired CPU-backend throughput of several kinvis jars (e.g. a build of main against this branch) in one JVM:
 * each jar in its own class loader, alternating short windows of logpdf and gradient batches, so that a machine
 * whose load varies (other processes) affects every jar alike. Prints the mean rate (points / time over equal
 * windows), median and 10th percentile per jar. Not a test: a measuring tool for before/after comparisons,
 * <pre>
 *   java -cp bench/target/test-classes org.kinvis.bench.PairedCpuThroughput WORKSPACE WINDOW_S ROUNDS \
 *       LOGPDF_BATCH GRADIENT_BATCH before.jar after.jar
 * </pre>
 */
public final class PairedCpuThroughput {
    record Impl(String name, Object ev, Method logpdf, Method gradient, Object backend) {}

    private PairedCpuThroughput() {
    }

    public static void main(String[] a) throws Exception {
        String ws = a[0];
        double windowS = Double.parseDouble(a[1]);
        int rounds = Integer.parseInt(a[2]);
        int batchL = Integer.parseInt(a[3]);
        int batchG = Integer.parseInt(a[4]);
        List<Impl> impls = new ArrayList<>();
        int n = 0;
        for (int i = 5; i < a.length; i++) {
            ClassLoader cl = new URLClassLoader(new URL[] {Path.of(a[i]).toUri().toURL()}, PairedCpuThroughput.class.getClassLoader().getParent());
            Object w = cl.loadClass("org.kinvis.host.workspace.WorkspaceReader").getMethod("read", Path.class).invoke(null, Path.of(ws));
            Class<?> wsc = cl.loadClass("org.kinvis.host.workspace.Workspace");
            Object model = cl.loadClass("org.kinvis.host.model.ModelCompiler").getMethod("compile", wsc).invoke(null, w);
            Object layout = model.getClass().getMethod("layout").invoke(model);
            n = (int) layout.getClass().getMethod("nPars").invoke(layout);
            Object be = cl.loadClass("org.kinvis.kernels.cpu.CpuBackend").getConstructor().newInstance();
            Class<?> lc = cl.loadClass("org.kinvis.kernels.ModelLayout");
            Object ev = be.getClass().getMethod("prepare", lc).invoke(be, layout);
            Class<?> evc = cl.loadClass("org.kinvis.kernels.Evaluator");
            impls.add(new Impl(a[i], ev, evc.getMethod("logpdf", double[].class, int.class, double[].class),
                    evc.getMethod("gradient", double[].class, int.class, double[].class, double[].class), be));
        }
        int maxB = Math.max(batchL, batchG);
        double[] x = new double[maxB * n];
        Random rng = new Random(1);
        for (int i = 0; i < x.length; i++) x[i] = 1 + 0.01 * rng.nextDouble();
        double[] out = new double[maxB];
        double[] g = new double[maxB * n];
        // warm-up
        for (Impl im : impls) {
            long end = System.nanoTime() + 2_000_000_000L;
            while (System.nanoTime() < end) { im.logpdf.invoke(im.ev, x, batchL, out); im.gradient.invoke(im.ev, x, batchG, out, g); }
        }
        Map<String, List<Double>> lp = new LinkedHashMap<>(), gr = new LinkedHashMap<>();
        for (Impl im : impls) { lp.put(im.name, new ArrayList<>()); gr.put(im.name, new ArrayList<>()); }
        long win = (long) (windowS * 1e9);
        for (int r = 0; r < rounds; r++) {
            for (Impl im : impls) {
                long c = 0, t0 = System.nanoTime(), t;
                do { im.logpdf.invoke(im.ev, x, batchL, out); c++; t = System.nanoTime(); } while (t - t0 < win);
                lp.get(im.name).add(c * batchL / ((t - t0) / 1e9));
                c = 0; t0 = System.nanoTime();
                do { im.gradient.invoke(im.ev, x, batchG, out, g); c++; t = System.nanoTime(); } while (t - t0 < win);
                gr.get(im.name).add(c * batchG / ((t - t0) / 1e9));
            }
        }
        for (Impl im : impls) {
            System.out.printf("%-14s logpdf batch %d: mean %7.0f median %7.0f p10 %7.0f | gradient batch %d: mean %7.0f median %7.0f p10 %7.0f pts/s%n",
                    im.name, batchL, mean(lp.get(im.name)), q(lp.get(im.name), .5), q(lp.get(im.name), .1),
                    batchG, mean(gr.get(im.name)), q(gr.get(im.name), .5), q(gr.get(im.name), .1));
        }
        System.exit(0);
    }

    /** Equal windows: the mean rate is the overall throughput (points / time). */
    static double mean(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).average().orElse(0);
    }

    static double q(List<Double> v, double p) {
        List<Double> s = new ArrayList<>(v); Collections.sort(s);
        return s.get((int) Math.min(s.size() - 1, Math.round(p * (s.size() - 1))));
    }
}
