package org.kinvis.kernels;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.kinvis.kernels.cpu.CpuBackend;

/**
 * Runs a device backend and recomputes its results on the {@link CpuBackend}: every point of every batch by
 * default, or a random fraction of them ({@code --verify-fraction}). A disagreement beyond the relative
 * tolerance is a {@link VerificationException} naming the point, both values and the parameter vector — the
 * device's numbers are never silently replaced. Gradients are verified component by component like every other
 * result. A NaN on either side is a mismatch (a NaN is never a verified number, and never counts as "difference 0");
 * equal infinities (−∞ where a rate is 0 under observed events) agree.
 */
public final class VerifyingBackend implements Backend {
    private final Backend device;
    private final CpuBackend cpu;
    private final double tolerance;
    private final double fraction;
    private final long seed;
    private double maxRelativeError;
    private long verifiedValues;

    /** Thrown when the device and the CPU disagree. */
    public static final class VerificationException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        VerificationException(String message) {
            super(message);
        }
    }

    /**
     * @param tolerance relative tolerance (1e-10 suits float64 devices, 1e-5 float32)
     * @param fraction  share of points recomputed on the CPU, in (0, 1]
     */
    public VerifyingBackend(Backend device, double tolerance, double fraction, long seed) {
        if (!(fraction > 0 && fraction <= 1)) {
            throw new IllegalArgumentException("verify fraction must be in (0, 1], got " + fraction);
        }
        this.device = device;
        this.cpu = new CpuBackend();
        this.tolerance = tolerance;
        this.fraction = fraction;
        this.seed = seed;
    }

    @Override
    public String name() {
        return "verify";
    }

    @Override
    public String device() {
        return device.device() + ", verified on the CPU (" + (fraction == 1 ? "every point" : fraction + " of points")
                + ", rel. tol. " + tolerance + ")";
    }

    /** The device backend being verified. */
    public Backend deviceBackend() {
        return device;
    }

    /** Relative tolerance of the comparison. */
    public double tolerance() {
        return tolerance;
    }

    /** Largest relative difference seen so far between device and CPU. */
    public synchronized double maxRelativeError() {
        return maxRelativeError;
    }

    /** Number of values compared so far. */
    public synchronized long verifiedValues() {
        return verifiedValues;
    }

    @Override
    public Evaluator prepare(ModelLayout layout) {
        return new Verifying(device.prepare(layout), cpu.prepare(layout));
    }

    @Override
    public void close() {
        device.close();
        cpu.close();
    }

    private synchronized void record(double rel, int n) {
        maxRelativeError = Math.max(maxRelativeError, rel);
        verifiedValues += n;
    }

    private final class Verifying implements Evaluator {
        private final Evaluator dev;
        private final Evaluator ref;
        private final SplittableRandom rng = new SplittableRandom(seed);

        Verifying(Evaluator dev, Evaluator ref) {
            this.dev = dev;
            this.ref = ref;
        }

        @Override
        public ModelLayout layout() {
            return dev.layout();
        }

        /** The points to check and their packed parameter vectors. */
        private int[] chosen(int count) {
            if (fraction >= 1) {
                int[] all = new int[count];
                Arrays.setAll(all, i -> i);
                return all;
            }
            return java.util.stream.IntStream.range(0, count).filter(i -> rng.nextDouble() < fraction).toArray();
        }

        private double[] pack(double[] points, int[] idx) {
            int n = layout().nPars();
            double[] x = new double[idx.length * n];
            for (int i = 0; i < idx.length; i++) {
                System.arraycopy(points, idx[i] * n, x, i * n, n);
            }
            return x;
        }

        /**
         * Compares {@code width} values per chosen point; {@code unit} names the component ("bin", "parameter")
         * in the message. Values agree when their difference is within the tolerance relative to the larger
         * magnitude, or absolutely; with {@code vectorScale}, also relative to the largest reference component of
         * that point (a gradient component is a sum of terms on the scale of the whole gradient, and float32
         * devices round each of them).
         */
        private void compare(String what, double[] devOut, double[] refOut, int[] idx, int width, String unit,
                boolean vectorScale, double[] points) {
            double worst = 0;
            for (int i = 0; i < idx.length; i++) {
                double floor = 1;
                for (int j = 0; vectorScale && j < width; j++) {
                    double c = Math.abs(refOut[i * width + j]);
                    if (Double.isFinite(c)) {
                        floor = Math.max(floor, c);
                    }
                }
                for (int j = 0; j < width; j++) {
                    double d = devOut[idx[i] * width + j];
                    double c = refOut[i * width + j];
                    String why = null;
                    if (Double.isNaN(d) || Double.isNaN(c)) {
                        why = "not a number";
                    } else if (Double.isInfinite(d) || Double.isInfinite(c)) {
                        if (d == c) {
                            continue;
                        }
                        why = "infinite on one side";
                    } else {
                        double diff = Math.abs(d - c);
                        double rel = diff / Math.max(Math.abs(c), Math.max(Math.abs(d), 1e-300));
                        if (diff <= tolerance * floor || rel <= tolerance) {
                            worst = Math.max(worst, Math.min(rel, diff));
                            continue;
                        }
                        why = "relative tolerance " + tolerance;
                    }
                    int n = layout().nPars();
                    throw new VerificationException(what + " of point " + idx[i] + (width > 1 ? " " + unit + " " + j
                            : "") + ": device " + d + ", cpu " + c + " (" + why + "), parameters "
                            + Arrays.toString(Arrays.copyOfRange(points, idx[i] * n, (idx[i] + 1) * n)));
                }
            }
            record(worst, idx.length * width);
        }

        @Override
        public void logpdf(double[] points, int count, double[] out) {
            dev.logpdf(points, count, out);
            int[] idx = chosen(count);
            double[] ref2 = new double[idx.length];
            ref.logpdf(pack(points, idx), idx.length, ref2);
            compare("logpdf", out, ref2, idx, 1, "", false, points);
        }

        @Override
        public void logpdfParts(double[] points, int count, double[] main, double[] constraint) {
            dev.logpdfParts(points, count, main, constraint);
            int[] idx = chosen(count);
            double[] m = new double[idx.length];
            double[] c = new double[idx.length];
            ref.logpdfParts(pack(points, idx), idx.length, m, c);
            compare("main term", main, m, idx, 1, "", false, points);
            compare("constraint term", constraint, c, idx, 1, "", false, points);
        }

        @Override
        public void expected(double[] points, int count, double[] out) {
            dev.expected(points, count, out);
            int[] idx = chosen(count);
            int nb = layout().nBins();
            double[] r = new double[idx.length * nb];
            ref.expected(pack(points, idx), idx.length, r);
            compare("expected rate", out, r, idx, nb, "bin", false, points);
        }

        @Override
        public boolean hasGradient() {
            return dev.hasGradient();
        }

        @Override
        public void gradient(double[] points, int count, double[] out, double[] grad) {
            dev.gradient(points, count, out, grad);
            int[] idx = chosen(count);
            int n = layout().nPars();
            double[] v = new double[idx.length];
            double[] g = new double[idx.length * n];
            ref.gradient(pack(points, idx), idx.length, v, g);
            compare("logpdf", out, v, idx, 1, "", false, points);
            // where the logpdf is −∞ on both sides (outside the support) the gradient is undefined: not compared
            int[] keep = java.util.stream.IntStream.range(0, idx.length).filter(i -> Double.isFinite(v[i])).toArray();
            int[] kept = new int[keep.length];
            double[] gk = new double[keep.length * n];
            for (int i = 0; i < keep.length; i++) {
                kept[i] = idx[keep[i]];
                System.arraycopy(g, keep[i] * n, gk, i * n, n);
            }
            compare("gradient", grad, gk, kept, n, "parameter", true, points);
        }

        @Override
        public void rowYields(double[] points, int count, double[] out) {
            ref.rowYields(points, count, out);
        }

        @Override
        public void close() {
            dev.close();
            ref.close();
        }
    }
}
