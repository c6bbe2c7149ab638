package org.kinvis.kernels.cpu;

import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.kinvis.kernels.Backend;
import org.kinvis.kernels.DataSets;
import org.kinvis.kernels.Evaluator;
import org.kinvis.kernels.ModelLayout;

/**
 * Pure-Java float64 backend: the reference the device backends are verified against. Each chunk of points reuses
 * one set of work arrays, so evaluation allocates nothing per point.
 *
 * <p>Threads only where they pay: a batch is split by its estimated work (points × the model's cost per point,
 * {@link #costPerPoint}; a gradient costs {@link #GRADIENT_COST} logpdfs) into a few chunks of at least
 * {@link #MIN_CHUNK_WORK}; below {@link #PARALLEL_MIN_WORK} (≈ 0.2 ms, e.g. up to ~55 Belle II logpdf points) it
 * runs on the calling thread alone. Larger batches go to {@code threads} pool threads that claim chunks from a
 * shared counter while the caller parks for about one chunk's duration; the caller then runs any chunk no helper
 * has started and waits only for chunks in progress (see {@link Job}). A fork-join split with blocking joins used
 * to stall when another process held the cores (batch-100 throughput fell from ~250 k to 4–8 k points/s); here a
 * helper that is woken but not scheduled delays a batch by about one chunk's time (one preempted in the middle of a
 * chunk can still hold it up until it runs again).
 */
public final class CpuBackend implements Backend {
    /** Estimated work (≈ ns on one core) below which a batch runs on the calling thread alone. */
    static final long PARALLEL_MIN_WORK = 200_000;
    /** Smallest share of work worth handing to another thread. */
    static final long MIN_CHUNK_WORK = 100_000;
    /** Chunks per thread at most (a few, so that a slow thread does not hold up the batch). */
    static final int CHUNKS_PER_THREAD = 4;
    /** Cost of a value-and-gradient point relative to a logpdf point. */
    static final int GRADIENT_COST = 3;

    private final int threads;
    private final ExecutorService pool;
    private final Executor helpers;
    private final AtomicLong helperChunks = new AtomicLong();

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
        this.helpers = pool;
    }

    /** With {@code helpers} running the helper tasks (tests: an executor that never runs them). */
    CpuBackend(int threads, Executor helpers) {
        this.threads = threads;
        this.pool = null;
        this.helpers = helpers;
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

    /** Chunks run by helper threads so far (the rest ran on the calling threads). */
    long helperChunks() {
        return helperChunks.get();
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

    /**
     * Estimated single-thread cost of one logpdf point in ≈ ns: one unit per row, histosys bin, row factor and
     * Gaussian constraint, eight per transcendental (normsys, main bin, Poisson constraint). About 3 500 on the
     * Belle II model, which evaluates in ~4 µs.
     */
    static long costPerPoint(ModelLayout m) {
        return 1L + m.nRows() + m.hsUp().length + m.rfRow().length + m.gaussPar().length + m.nBlocks()
                + 8L * (m.nsPar().length + m.nBins() + m.poisPar().length);
    }

    /**
     * Number of chunks for {@code count} points of {@code work} in total: 1 (the calling thread alone) below
     * {@link #PARALLEL_MIN_WORK}, else as many as the work fills with {@link #MIN_CHUNK_WORK} each, at most
     * {@link #CHUNKS_PER_THREAD} per thread, a multiple of the thread count where there are more than threads.
     */
    int chunks(int count, long work) {
        if (helpers == null || work < PARALLEL_MIN_WORK) {
            return 1;
        }
        int c = (int) Math.max(1, Math.min(Math.min((long) threads * CHUNKS_PER_THREAD, count), work / MIN_CHUNK_WORK));
        return c > threads ? c - c % threads : c;
    }

    /** What to compute for a chunk of points [from, to). */
    private interface ChunkTask {
        void run(CpuModel.Scratch s, int from, int to);
    }

    /**
     * One batch split into chunks claimed from a shared counter. The helpers (woken at the start) take chunks while
     * the caller parks — handing its core to them — for about one chunk's expected duration; then the caller claims
     * whatever no helper has started and runs it itself, and waits only for chunks a helper has claimed and not yet
     * finished. A helper that is not scheduled (another process holds the cores) therefore delays the batch by about
     * one chunk's time instead of stalling it on a join.
     */
    private final class Job implements Runnable {
        private final ChunkTask task;
        private final ModelLayout layout;
        private final int count;
        private final int chunks;
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger done = new AtomicInteger();
        private final Thread caller = Thread.currentThread();
        private volatile Throwable error;

        Job(ChunkTask task, ModelLayout layout, int count, int chunks) {
            this.task = task;
            this.layout = layout;
            this.count = count;
            this.chunks = chunks;
        }

        /** Helpers and, after its grace period, the caller: claim and run chunks until none is left. */
        @Override
        public void run() {
            CpuModel.Scratch s = null;
            int ran = 0;
            for (int c = next.getAndIncrement(); c < chunks; c = next.getAndIncrement()) {
                if (s == null) {
                    s = new CpuModel.Scratch(layout);
                }
                try {
                    if (error == null) {
                        task.run(s, (int) ((long) count * c / chunks), (int) ((long) count * (c + 1) / chunks));
                    }
                } catch (Throwable t) {
                    error = t;
                } finally {
                    ran++;
                    if (done.incrementAndGet() == chunks) {
                        LockSupport.unpark(caller);
                    }
                }
            }
            if (Thread.currentThread() != caller) {
                helperChunks.addAndGet(ran);
            }
        }

        /** The caller: grace period for the helpers, then its share, then the chunks still running. */
        void runOnCaller(long graceNanos) {
            long deadline = System.nanoTime() + graceNanos;
            for (long left = graceNanos; left > 0 && next.get() < chunks; left = deadline - System.nanoTime()) {
                LockSupport.parkNanos(this, left);
            }
            run();
            int spins = 0;
            while (done.get() < chunks) {
                if (++spins < 200) {
                    Thread.onSpinWait();
                } else {
                    LockSupport.park(this);
                }
            }
            Throwable t = error;
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error e) {
                throw e;
            }
            if (t != null) {
                throw new IllegalStateException(t);
            }
        }
    }

    private final class CpuEvaluator implements Evaluator {
        private final CpuModel model;
        private final CpuGradient gradient;
        private final long cost;

        CpuEvaluator(CpuModel model) {
            this.model = model;
            this.gradient = new CpuGradient(model);
            this.cost = costPerPoint(model.m);
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
            run(count, GRADIENT_COST * cost, (s, from, to) -> {
                CpuGradient.Work w = new CpuGradient.Work(gradient);
                for (int p = from; p < to; p++) {
                    out[p] = gradient.valueAndGradient(points, p * n, w, grad, p * n);
                }
            });
        }

        @Override
        public boolean hasDataSetGradient() {
            return true;
        }

        @Override
        public void logpdf(double[] points, int count, DataSets data, int[] set, double[] out) {
            checkSize(points, count, out, 1);
            final int n = model.m.nPars();
            run(count, cost, (s, from, to) -> {
                for (int p = from; p < to; p++) {
                    model.expected(points, p * n, s);
                    out[p] = data.logpdf(model.m, points, p * n, s.nu, 0, set[p]);
                }
            });
        }

        @Override
        public void gradient(double[] points, int count, DataSets data, int[] set, double[] out, double[] grad) {
            final int n = model.m.nPars();
            checkSize(points, count, out, 1);
            checkSize(points, count, grad, n);
            final int nb = data.nBins();
            final int na = data.nAux();
            run(count, GRADIENT_COST * cost, (s, from, to) -> {
                CpuGradient.Work w = new CpuGradient.Work(gradient);
                for (int p = from; p < to; p++) {
                    int k = set[p];
                    out[p] = gradient.valueAndGradient(points, p * n, w, grad, p * n, data.main(), k * nb, data.aux(),
                            k * na) + data.constants()[k];
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
            run(count, cost, (s, from, to) -> {
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
            run(count, cost, (s, from, to) -> {
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
            run(count, cost, (s, from, to) -> {
                for (int p = from; p < to; p++) {
                    model.modify(points, p * n, s);
                    for (int r = 0; r < rows; r++) {
                        out[p * rows + r] = s.rows[r] * s.blockFactor[rowBlock[r]];
                    }
                }
            });
        }

        /** Runs {@code task} over [0, count) with {@code cost} per point, split as {@link #chunks} says. */
        private void run(int count, long cost, ChunkTask task) {
            if (count == 0) {
                return;
            }
            int chunks = chunks(count, count * cost);
            if (chunks == 1) {
                task.run(new CpuModel.Scratch(model.m), 0, count);
                return;
            }
            Job job = new Job(task, model.m, count, chunks);
            for (int h = 0; h < Math.min(threads, chunks); h++) {
                helpers.execute(job);
            }
            // one chunk's estimated duration (the work units are about nanoseconds on one core)
            job.runOnCaller(count * cost / chunks);
        }
    }
}
