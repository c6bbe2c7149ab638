package org.kinvis.fit.sweep;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.kinvis.fit.cli.Output;

/**
 * The in-process engine: task groups ({@link TaskGroup#plan}) taken from a shared queue by one worker thread per
 * core (or {@link SweepJob#threads()}), each worker with its own backend and {@link GroupRunner}; records written
 * in the order of the tasks (then the merged records of chunked toy tests, {@link ToyMerge}), to the output file
 * atomically (a temporary file moved into place) or to stdout.
 */
public final class LocalEngine implements SweepEngine {
    public static final String NAME = "local";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SweepSummary run(SweepJob job, PrintWriter out, PrintWriter err) {
        int threads = job.threads() > 0 ? job.threads() : Runtime.getRuntime().availableProcessors();
        SweepInputs inputs = SweepInputs.local(job.dataDir(), job.tasks());
        List<TaskGroup> groups = TaskGroup.plan(job.tasks(), threads, job.groupTasks());
        long t0 = System.nanoTime();
        Map<String, TaskResult> results = new HashMap<>();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger done = new AtomicInteger();
        RuntimeException[] failure = new RuntimeException[1];
        Progress progress = new Progress(err, job.tasks().size());
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < Math.min(threads, groups.size()); w++) {
            workers.add(Thread.ofPlatform().name("kinvis-sweep-" + w).start(() -> {
                try (GroupRunner runner = new GroupRunner(inputs, job.backend())) {
                    for (int g = next.getAndIncrement(); g < groups.size(); g = next.getAndIncrement()) {
                        List<TaskResult> rs = runner.run(groups.get(g));
                        synchronized (results) {
                            rs.forEach(r -> results.put(r.id(), r));
                        }
                        progress.update(done.addAndGet(rs.size()));
                    }
                } catch (RuntimeException e) {
                    synchronized (failure) {
                        failure[0] = e;
                    }
                    next.set(groups.size());
                }
            }));
        }
        for (Thread t : workers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the sweep's workers", e);
            }
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        StringBuilder body = new StringBuilder();
        int notConverged = 0;
        int failed = 0;
        List<TaskResult> ordered = new ArrayList<>();
        for (SweepTask t : job.tasks()) {
            TaskResult r = results.get(t.id());
            ordered.add(r);
            body.append(r.json()).append('\n');
            failed += r.failed() ? 1 : 0;
            notConverged += !r.failed() && !r.converged() ? 1 : 0;
        }
        for (TaskResult m : ToyMerge.mergeAll(ordered)) {
            body.append(m.json()).append('\n');
        }
        if (job.out() != null) {
            Output.writeAtomically(java.nio.file.Path.of(job.out()), body.toString());
        } else {
            out.print(body);
            out.flush();
        }
        return new SweepSummary(job.tasks().size(), groups.size(), notConverged, failed, seconds,
                "local (" + threads + " threads)");
    }

    /** Progress on stderr: a line every 10 s while tasks complete. */
    static final class Progress {
        private final PrintWriter err;
        private final int total;
        private long last = System.nanoTime();

        Progress(PrintWriter err, int total) {
            this.err = err;
            this.total = total;
        }

        synchronized void update(int done) {
            long now = System.nanoTime();
            if (now - last > 10_000_000_000L && done < total) {
                last = now;
                err.printf("kinvis: sweep: %d of %d tasks done%n", done, total);
                err.flush();
            }
        }
    }
}
