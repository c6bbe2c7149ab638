package org.kinvis.kernels.cpu;

import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.RecursiveAction;
import org.kinvis.kernels.Backend;
import org.kinvis.kernels.Evaluator;
import org.kinvis.kernels.ModelLayout;

/**
 * Pure-Java float64 backend: the reference the device backends are verified against. Points are split into
 * chunks across a fork-join pool; each chunk reuses one set of work arrays, so evaluation allocates nothing
 * per point. Batches smaller than {@link #PARALLEL_THRESHOLD} run on the calling thread.
 */
public final class CpuBackend implements Backend {
    static final int PARALLEL_THRESHOLD = 64;
    private final int threads;
    private final ForkJoinPool pool;

    /** A backend using every available core. */
    public CpuBackend() {
        this(Runtime.getRuntime().availableProcessors());
    }

    public CpuBackend(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be ≥ 1, got " + threads);
        }
        this.threads = threads;
        this.pool = threads == 1 ? null : new ForkJoinPool(threads);
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public String device() {
        return "Java " + Runtime.version().feature() + ", " + threads + " thread" + (threads == 1 ? "" : "s")
                + ", float64";
    }

    public int threads() {
        return threads;
    }

    @Override
    public Evaluator prepare(ModelLayout layout) {
        return new CpuEvaluator(new CpuModel(layout));
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
        }
    }

    /** What to compute for a chunk of points [from, to). */
    private interface ChunkTask {
        void run(CpuModel.Scratch s, int from, int to);
    }

    private final class CpuEvaluator implements Evaluator {
        private final CpuModel model;
        private final CpuGradient gradient;

        CpuEvaluator(CpuModel model) {
            this.model = model;
            this.gradient = new CpuGradient(model);
        }

        @Override
        public boolean hasGradient() {
            return true;
        }

        @Override
        public void gradient(double[] points, int count, double[] out, double[] grad) {
            final int n = model.m.nPars();
            checkSize(points, count, out, 1);
            checkSize(points, count, grad, n);
            run(count, (s, from, to) -> {
                CpuGradient.Work w = new CpuGradient.Work(gradient);
                for (int p = from; p < to; p++) {
                    out[p] = gradient.valueAndGradient(points, p * n, w, grad, p * n);
                }
            });
        }

        @Override
        public ModelLayout layout() {
            return model.m;
        }

        private void checkSize(double[] points, int count, double[] out, int perPoint) {
            int n = model.m.nPars();
            if (count < 0 || (long) count * n > points.length) {
                throw new IllegalArgumentException("points holds " + points.length / Math.max(n, 1)
                        + " points of " + n + " parameters, asked for " + count);
            }
            if (out != null && (long) count * perPoint > out.length) {
                throw new IllegalArgumentException("output array too small for " + count + " points");
            }
        }

        @Override
        public void logpdf(double[] points, int count, double[] out) {
            checkSize(points, count, out, 1);
            double[] cons = new double[count];
            parts(points, count, out, cons);
            for (int p = 0; p < count; p++) {
                out[p] += cons[p];
            }
        }

        @Override
        public void logpdfParts(double[] points, int count, double[] main, double[] constraint) {
            checkSize(points, count, main, 1);
            checkSize(points, count, constraint, 1);
            parts(points, count, main, constraint);
        }

        /** Groups of 4 points through the interleaved path, the rest one by one. */
        private void parts(double[] points, int count, double[] main, double[] constraint) {
            final int n = model.m.nPars();
            run(count, (s, from, to) -> {
                int p = from;
                if (to - from >= CpuModel.LANES) {
                    CpuModel.Scratch4 s4 = new CpuModel.Scratch4(model.m);
                    for (; p + CpuModel.LANES <= to; p += CpuModel.LANES) {
                        model.logpdf4(points, p, s4, main, constraint, p);
                    }
                }
                for (; p < to; p++) {
                    model.expected(points, p * n, s);
                    main[p] = model.mainTerm(s);
                    constraint[p] = model.constraintTerm(points, p * n);
                }
            });
        }

        @Override
        public void expected(double[] points, int count, double[] out) {
            final int bins = model.m.nBins();
            checkSize(points, count, out, bins);
            final int n = model.m.nPars();
            run(count, (s, from, to) -> {
                for (int p = from; p < to; p++) {
                    model.expected(points, p * n, s);
                    System.arraycopy(s.nu, 0, out, p * bins, bins);
                }
            });
        }

        @Override
        public void rowYields(double[] points, int count, double[] out) {
            final int rows = model.m.nRows();
            checkSize(points, count, out, rows);
            final int n = model.m.nPars();
            final int[] rowBlock = model.m.rowBlock();
            run(count, (s, from, to) -> {
                for (int p = from; p < to; p++) {
                    model.modify(points, p * n, s);
                    for (int r = 0; r < rows; r++) {
                        out[p * rows + r] = s.rows[r] * s.blockFactor[rowBlock[r]];
                    }
                }
            });
        }

        private void run(int count, ChunkTask task) {
            if (count == 0) {
                return;
            }
            if (pool == null || count < PARALLEL_THRESHOLD) {
                task.run(new CpuModel.Scratch(model.m), 0, count);
                return;
            }
            int chunk = Math.max(16, (count + 8 * threads - 1) / (8 * threads));
            pool.invoke(new Chunk(task, 0, count, chunk));
        }

        private final class Chunk extends RecursiveAction {
            private final ChunkTask task;
            private final int from;
            private final int to;
            private final int grain;

            Chunk(ChunkTask task, int from, int to, int grain) {
                this.task = task;
                this.from = from;
                this.to = to;
                this.grain = grain;
            }

            @Override
            protected void compute() {
                if (to - from <= grain) {
                    task.run(new CpuModel.Scratch(model.m), from, to);
                    return;
                }
                int mid = (from + to) >>> 1;
                invokeAll(new Chunk(task, from, mid, grain), new Chunk(task, mid, to, grain));
            }
        }
    }
}
