package org.kinvis.fit.minimize;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs several minimisations in lockstep: each participant (a thread running its own MIGRAD) submits its batch of
 * points; when every active participant has submitted, all batches are evaluated as ONE call of the underlying
 * function — so K fits cost one backend batch per round instead of K. A participant that finishes leaves, and the
 * rounds go on with the others.
 *
 * <p>The participants may minimise the same function (profile-scan points: {@link #Lockstep(BatchFunction, int)})
 * or each its own data set of one model ({@link SetFunction}: pseudo-experiments, whose points are evaluated
 * against their own toy data in the same batch). Where the function has an analytic gradient, the views have it
 * too: a round then evaluates the value requests as one batch and the gradient requests as another.
 *
 * <p>Synchronisation: a short lock guards only the round's list of requests; the participant that completes a round
 * evaluates it outside the lock (all others are waiting then) and wakes each waiting participant by itself
 * ({@link LockSupport#unpark}) — no monitor that a hundred woken participants must re-enter one after another.
 */
public final class Lockstep {
    private final SetFunction f;
    private final ReentrantLock lock = new ReentrantLock();
    private List<Request> pending = new ArrayList<>();
    private int active;

    /**
     * A function of a point and a data set: point {@code p} is evaluated against set {@code set[p]} (e.g. −2 log L
     * of pseudo-experiment {@code set[p]}).
     */
    public interface SetFunction {
        int dimension();

        void values(double[] points, int count, int[] set, double[] out);

        default boolean hasGradient() {
            return false;
        }

        /** Values and gradients ({@code grad[p·dimension() + i]}) against set {@code set[p]}. */
        default void gradients(double[] points, int count, int[] set, double[] out, double[] grad) {
            throw new UnsupportedOperationException("no analytic gradient");
        }
    }

    private static final class Request {
        final double[] pts;
        final int count;
        final int set;
        final double[] out;
        final double[] grad; // null: values only
        final Thread waiter = Thread.currentThread();
        RuntimeException error;
        volatile boolean done; // written after out/grad/error: reading true makes them visible

        Request(double[] pts, int count, int set, double[] out, double[] grad) {
            this.pts = pts;
            this.count = count;
            this.set = set;
            this.out = out;
            this.grad = grad;
        }
    }

    /** Participants minimising the same function {@code f}. */
    public Lockstep(BatchFunction f, int participants) {
        this(new SetFunction() {
            public int dimension() {
                return f.dimension();
            }

            public void values(double[] points, int count, int[] set, double[] out) {
                f.values(points, count, out);
            }

            public boolean hasGradient() {
                return f.hasGradient();
            }

            public void gradients(double[] points, int count, int[] set, double[] out, double[] grad) {
                f.gradients(points, count, out, grad);
            }
        }, participants);
    }

    /** Participants minimising {@code f} on their own data sets (see {@link #view(int)}). */
    public Lockstep(SetFunction f, int participants) {
        this.f = f;
        this.active = participants;
    }

    /** The view one participant minimises (of the function shared by all). */
    public BatchFunction view() {
        return view(0);
    }

    /** The view of the participant that minimises {@code f} on data set {@code set}. */
    public BatchFunction view(int set) {
        return new BatchFunction() {
            public int dimension() {
                return f.dimension();
            }

            public void values(double[] pts, int count, double[] out) {
                submit(new Request(pts, count, set, out, null));
            }

            public boolean hasGradient() {
                return f.hasGradient();
            }

            public void gradients(double[] pts, int count, double[] out, double[] grad) {
                submit(new Request(pts, count, set, out, grad));
            }
        };
    }

    /** A participant is done (call exactly once per participant, also after a failure). */
    public void leave() {
        List<Request> round = null;
        lock.lock();
        try {
            active--;
            if (active > 0 && pending.size() == active) {
                round = take();
            }
        } finally {
            lock.unlock();
        }
        if (round != null) {
            flush(round);
        }
    }

    private void submit(Request r) {
        List<Request> round = null;
        lock.lock();
        try {
            pending.add(r);
            if (pending.size() >= active) {
                round = take();
            }
        } finally {
            lock.unlock();
        }
        if (round != null) {
            flush(round);
        } else {
            while (!r.done) {
                LockSupport.park(this);
                if (!r.done && Thread.currentThread().isInterrupted()) {
                    throw new IllegalStateException("interrupted while waiting for a lockstep batch");
                }
            }
        }
        if (r.error != null) {
            throw r.error;
        }
    }

    /** The complete round's requests (under the lock); the next round starts empty. */
    private List<Request> take() {
        List<Request> round = pending;
        pending = new ArrayList<>(round.size());
        return round;
    }

    /** Evaluates a complete round (every active participant waits in it) and wakes its participants. */
    private void flush(List<Request> round) {
        List<Request> values = new ArrayList<>();
        List<Request> gradients = new ArrayList<>();
        for (Request q : round) {
            (q.grad == null ? values : gradients).add(q);
        }
        evaluate(values, false);
        evaluate(gradients, true);
        Thread me = Thread.currentThread();
        for (Request q : round) {
            q.done = true;
            if (q.waiter != me) {
                LockSupport.unpark(q.waiter);
            }
        }
    }

    /** One call of the function for all {@code requests} (all of one kind). */
    private void evaluate(List<Request> requests, boolean gradient) {
        if (requests.isEmpty()) {
            return;
        }
        int dim = f.dimension();
        int total = 0;
        for (Request q : requests) {
            total += q.count;
        }
        double[] all = new double[total * dim];
        int[] set = new int[total];
        int o = 0;
        for (Request q : requests) {
            System.arraycopy(q.pts, 0, all, o * dim, q.count * dim);
            java.util.Arrays.fill(set, o, o + q.count, q.set);
            o += q.count;
        }
        double[] out = new double[total];
        double[] grad = gradient ? new double[total * dim] : null;
        RuntimeException err = null;
        try {
            if (gradient) {
                f.gradients(all, total, set, out, grad);
            } else {
                f.values(all, total, set, out);
            }
        } catch (RuntimeException e) {
            err = e;
        }
        o = 0;
        for (Request q : requests) {
            if (err == null) {
                System.arraycopy(out, o, q.out, 0, q.count);
                if (gradient) {
                    System.arraycopy(grad, o * dim, q.grad, 0, q.count * dim);
                }
            } else {
                q.error = err;
            }
            o += q.count;
        }
    }
}
