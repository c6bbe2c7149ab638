package org.kinvis.fit.minimize;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs several minimisations of the same function in lockstep: each participant (a thread running its own
 * MIGRAD) submits its batch of points; when every active participant has submitted, all batches are evaluated as
 * ONE call of the underlying {@link BatchFunction} — so K scan points cost one backend batch per round instead
 * of K. A participant that finishes leaves, and the rounds go on with the others.
 */
public final class Lockstep {
    private final BatchFunction f;
    private final List<Request> pending = new ArrayList<>();
    private int active;
    private long round;

    private static final class Request {
        final double[] pts;
        final int count;
        final double[] out;
        RuntimeException error;

        Request(double[] pts, int count, double[] out) {
            this.pts = pts;
            this.count = count;
            this.out = out;
        }
    }

    public Lockstep(BatchFunction f, int participants) {
        this.f = f;
        this.active = participants;
    }

    /** The view one participant minimises. */
    public BatchFunction view() {
        return new BatchFunction() {
            public int dimension() {
                return f.dimension();
            }

            public void values(double[] pts, int count, double[] out) {
                submit(new Request(pts, count, out));
            }
        };
    }

    /** A participant is done (call exactly once per participant, also after a failure). */
    public synchronized void leave() {
        active--;
        if (active > 0 && pending.size() == active) {
            flush();
        }
    }

    private synchronized void submit(Request r) {
        pending.add(r);
        if (pending.size() >= active) {
            flush();
        } else {
            long mine = round;
            while (round == mine) {
                try {
                    wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for a lockstep batch", e);
                }
            }
        }
        if (r.error != null) {
            throw r.error;
        }
    }

    private void flush() {
        int dim = f.dimension();
        int total = 0;
        for (Request q : pending) {
            total += q.count;
        }
        double[] all = new double[total * dim];
        int o = 0;
        for (Request q : pending) {
            System.arraycopy(q.pts, 0, all, o * dim, q.count * dim);
            o += q.count;
        }
        double[] out = new double[total];
        RuntimeException err = null;
        try {
            f.values(all, total, out);
        } catch (RuntimeException e) {
            err = e;
        }
        o = 0;
        for (Request q : pending) {
            if (err == null) {
                System.arraycopy(out, o, q.out, 0, q.count);
            } else {
                q.error = err;
            }
            o += q.count;
        }
        pending.clear();
        round++;
        notifyAll();
    }
}
