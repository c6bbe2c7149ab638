package org.kinvis.fit.sample;

import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * Many-chain Hamiltonian Monte Carlo in lockstep, adapted by ChEES (Hoffman, Radul &amp; Sountsov, AISTATS 2021).
 *
 * <p>Why this scheme: all chains share one step size and one (jittered) trajectory length, so every chain
 * takes the same number of leapfrog steps and each step of all chains is ONE batched gradient evaluation of the
 * likelihood — the shape the backends are built for. NUTS would let chains build trees of different depths
 * (masking wastes the batch), and a single chain cannot use the batch at all. ChEES tunes what NUTS tunes per
 * chain — the trajectory length — from the population: it maximises the change in the chains' centred squared
 * norms ({@link TrajectoryAdaptation}), and jitters the length by a Halton sequence against resonances. The
 * step size follows Nesterov dual averaging ({@link DualAveraging}) of the harmonic mean of the chains'
 * acceptance probabilities (target 0.651 by default, Beskos et al. 2013, as in the paper) — the harmonic mean
 * lets a single chain in a region of high curvature hold the step size down.
 *
 * <p>Preconditioning: a dense {@link Metric} (e.g. from HESSE at the MLE), refined in Stan-like warm-up windows
 * — an initial fast phase (15 %: step size and trajectory length only), slow windows of doubling length from 25
 * iterations (75 %) after each of which the metric is re-estimated from all chains' draws of the window
 * ({@link WindowCovariance}) and the step size re-initialised, and a final fast phase (10 %). Warm-ups shorter
 * than 150 iterations use one slow window.
 *
 * <p>Transitions: momenta {@code p ~ N(0, I)} in whitened coordinates, leapfrog, Metropolis acceptance of the
 * end point. A trajectory whose energy error exceeds 1000 (Stan's threshold) or that leaves the support (the
 * log density is not finite) is divergent: it stops, is rejected and is counted. The energy of the chosen state
 * is recorded per draw for E-BFMI.
 */
public final class CheesHmc {
    /** Stan's divergence threshold on the energy error. */
    static final double DIVERGENCE = 1000;
    /** Acceptance probability below which a warm-up iteration counts as stuck. */
    static final double STUCK_ACCEPTANCE = 1e-3;
    /** Consecutive stuck iterations after which a chain no longer steers the step size. */
    static final int STUCK_IGNORED = 3;
    /** Consecutive stuck warm-up iterations after which a chain is moved to another chain's position. */
    static final int STUCK_RESCUED = 10;

    /**
     * @param chains           number of chains C (≥ 2: the adaptation averages across chains)
     * @param warmup           warm-up iterations (adaptation; not kept)
     * @param draws            kept draws per chain
     * @param thin             iterations per kept draw
     * @param targetAcceptance target of the harmonic-mean acceptance probability
     * @param maxLeapfrog      cap on leapfrog steps per trajectory
     * @param seed             random seed
     */
    public record Options(int chains, int warmup, int draws, int thin, double targetAcceptance, int maxLeapfrog,
            long seed) {
        public Options {
            if (chains < 2 || warmup < 0 || draws < 1 || thin < 1 || maxLeapfrog < 1
                    || !(targetAcceptance > 0 && targetAcceptance < 1)) {
                throw new IllegalArgumentException("invalid sampler options " + this);
            }
        }

        public static Options defaults(int chains, int warmup, int draws, long seed) {
            return new Options(chains, warmup, draws, 1, 0.651, 1000, seed);
        }
    }

    private final Posterior post;
    private final Options o;
    private final int n;
    private final int chains;
    private final SplittableRandom rng;
    // state per chain
    private final double[] z;
    private final double[] lp;
    private final double[] gz;
    // trajectory
    private final double[] z1;
    private final double[] p1;
    private final double[] lp1;
    private final double[] g1;
    private final double[] h0;
    private final double[] accept;
    private final boolean[] active;
    private final boolean[] divergent;
    private final int[] stuck;
    // batch buffers
    private final int[] idx;
    private final double[] zb;
    private final double[] ub;
    private final double[] lpb;
    private final double[] gub;
    private final double[] gzb;
    private Metric metric;
    private long gradients;

    public CheesHmc(Posterior post, Options options) {
        this.post = post;
        this.o = options;
        this.n = post.dimension();
        this.chains = options.chains();
        long size = (long) chains * n;
        if (size > Integer.MAX_VALUE / 4) {
            throw new IllegalArgumentException(chains + " chains × " + n + " parameters do not fit in one array");
        }
        this.rng = new SplittableRandom(options.seed());
        int cn = chains * n;
        z = new double[cn];
        lp = new double[chains];
        gz = new double[cn];
        z1 = new double[cn];
        p1 = new double[cn];
        lp1 = new double[chains];
        g1 = new double[cn];
        h0 = new double[chains];
        accept = new double[chains];
        active = new boolean[chains];
        divergent = new boolean[chains];
        stuck = new int[chains];
        idx = new int[chains];
        zb = new double[cn];
        ub = new double[cn];
        lpb = new double[chains];
        gub = new double[cn];
        gzb = new double[cn];
    }

    /**
     * Runs warm-up and sampling.
     *
     * @param start    unconstrained starting points of the chains ({@code chains × n}); each must have a finite
     *                 log density
     * @param initial  the initial metric (e.g. the Laplace approximation's covariance)
     * @param adapted  step size and trajectory length to start from (e.g. of a resumed run), or null
     * @param progress told the number of finished iterations (warm-up and sampling), or null
     */
    public Draws run(double[] start, Metric initial, Draws.Adaptation adapted, IntConsumer progress) {
        long t0 = System.nanoTime();
        metric = initial;
        setPositions(start);
        for (int c = 0; c < chains; c++) {
            if (!Double.isFinite(lp[c])) {
                throw new IllegalArgumentException("chain " + c + " starts where the posterior density is zero");
            }
        }
        double eps = adapted != null ? adapted.stepSize() : initialStepSize(1.0);
        double length = adapted != null ? adapted.trajectoryLength() : Math.max(eps, 1.0);
        DualAveraging da = new DualAveraging(o.targetAcceptance(), eps);
        TrajectoryAdaptation ta = new TrajectoryAdaptation(length);
        Schedule schedule = Schedule.of(o.warmup());
        int[] windowEnds = schedule.windowEnds();
        int nextWindow = 0;
        int init = schedule.init();
        WindowCovariance window = new WindowCovariance(n);
        long warmupDivergences = 0;
        long restarts = 0;
        int rescueUntil = windowEnds.length > 0 ? windowEnds[windowEnds.length - 1] : o.warmup() / 2;
        double[] before = new double[chains * n];
        int iteration = 0;
        for (int it = 0; it < o.warmup(); it++) {
            double h = TrajectoryAdaptation.halton(1 + (it % 1023));
            int steps = leapfrogSteps(h * ta.length(), eps);
            System.arraycopy(z, 0, before, 0, z.length);
            transition(eps, steps);
            for (int c = 0; c < chains; c++) {
                warmupDivergences += divergent[c] ? 1 : 0;
                stuck[c] = accept[c] < STUCK_ACCEPTANCE ? stuck[c] + 1 : 0;
            }
            eps = da.update(harmonicMeanAcceptance());
            ta.update(before, z1, p1, accept, chains, n, h, eps * o.maxLeapfrog());
            if (it < rescueUntil) {
                restarts += rescueStuckChains();
            }
            if (it >= init && nextWindow < windowEnds.length) {
                window.add(z, chains);
                if (it + 1 == windowEnds[nextWindow]) {
                    Metric refined = window.refine(metric);
                    if (refined != null) {
                        remap(refined);
                    }
                    window.reset();
                    nextWindow++;
                    eps = initialStepSize(eps);
                    da.restart(eps);
                }
            }
            iteration++;
            if (progress != null) {
                progress.accept(iteration);
            }
        }
        if (o.warmup() > 0) {
            eps = da.averagedStepSize();
            length = Math.min(ta.averagedLength(), eps * o.maxLeapfrog());
        }
        int d = o.draws();
        long total = (long) chains * d * n;
        if (total > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(chains + " chains × " + d + " draws × " + n
                    + " parameters do not fit in one array");
        }
        double[] values = new double[(int) total];
        double[] lps = new double[chains * d];
        double[] acc = new double[chains * d];
        int[] leap = new int[chains * d];
        boolean[] div = new boolean[chains * d];
        double[] energy = new double[chains * d];
        double[] u = new double[chains * n];
        double[] theta = new double[chains * n];
        for (int k = 0; k < d; k++) {
            for (int s = 0; s < o.thin(); s++) {
                double h = TrajectoryAdaptation.halton(1 + ((o.warmup() + (long) k * o.thin() + s) % 1023));
                int steps = leapfrogSteps(h * length, eps);
                transition(eps, steps);
                iteration++;
                if (progress != null) {
                    progress.accept(iteration);
                }
                for (int c = 0; c < chains; c++) {
                    int r = c * d + k;
                    acc[r] += accept[c] / o.thin();
                    div[r] |= divergent[c];
                    leap[r] += steps;
                }
            }
            metric.toUnconstrained(z, u, chains);
            post.constrain(u, theta, chains);
            for (int c = 0; c < chains; c++) {
                int r = c * d + k;
                System.arraycopy(theta, c * n, values, r * n, n);
                lps[r] = lp[c];
                energy[r] = h0[c];
            }
        }
        metric.toUnconstrained(z, u, chains);
        post.constrain(u, theta, chains);
        return new Draws("hmc", post.names(), chains, d, values, lps, acc, leap, div, energy, theta,
                new Draws.Adaptation(eps, length, metric), warmupDivergences, restarts, gradients,
                (System.nanoTime() - t0) / 1e9);
    }

    /**
     * Stan's warm-up schedule: the iteration where the first slow window starts (after the initial fast phase of
     * 15 %) and the ends of the slow windows (doubling from 25 iterations, the last one stretched to end where the
     * final fast phase of 10 % begins; one window for warm-ups under 150). No windows under 20 iterations.
     */
    record Schedule(int init, int[] windowEnds) {
        static Schedule of(int warmup) {
            if (warmup < 20) {
                return new Schedule(warmup, new int[0]);
            }
            int init = (int) Math.round(0.15 * warmup);
            int end = warmup - (int) Math.round(0.1 * warmup);
            int size = warmup < 150 ? end - init : 25;
            java.util.List<Integer> ends = new java.util.ArrayList<>();
            for (int start = init; start < end; size *= 2) {
                int next = start + size + 2 * size > end ? end : start + size;
                ends.add(next);
                start = next;
            }
            return new Schedule(init, ends.stream().mapToInt(Integer::intValue).toArray());
        }
    }

    private int leapfrogSteps(double t, double eps) {
        return (int) Math.max(1, Math.min(o.maxLeapfrog(), Math.ceil(t / eps)));
    }

    private void setPositions(double[] start) {
        metric.toWhitened(start, z, chains);
        evaluateAll(z, lp, gz);
    }

    /** Re-expresses the chains' positions and gradients in a refined metric's coordinates. */
    private void remap(Metric refined) {
        double[] u = new double[chains * n];
        metric.toUnconstrained(z, u, chains);
        metric = refined;
        setPositions(u);
    }

    /** Evaluates the log density and whitened gradient of all chains at {@code zs}. */
    private void evaluateAll(double[] zs, double[] lpOut, double[] gOut) {
        Arrays.fill(active, true);
        evaluateActive(zs, lpOut, gOut);
    }

    /** One batched gradient evaluation of the active chains. */
    private void evaluateActive(double[] zs, double[] lpOut, double[] gOut) {
        int m = 0;
        for (int c = 0; c < chains; c++) {
            if (active[c]) {
                System.arraycopy(zs, c * n, zb, m * n, n);
                idx[m++] = c;
            }
        }
        if (m == 0) {
            return;
        }
        metric.toUnconstrained(zb, ub, m);
        post.logDensity(ub, m, lpb, gub);
        metric.pullBack(gub, gzb, m);
        gradients += m;
        for (int q = 0; q < m; q++) {
            int c = idx[q];
            lpOut[c] = lpb[q];
            System.arraycopy(gzb, q * n, gOut, c * n, n);
        }
    }

    /**
     * One HMC transition of all chains with {@code steps} leapfrog steps of size {@code eps}: fills
     * {@link #accept}, {@link #divergent}, the proposal ({@link #z1}, {@link #p1}) and moves accepted chains;
     * {@link #h0} holds the energy of each chain's chosen state afterwards.
     */
    private void transition(double eps, int steps) {
        for (int c = 0; c < chains; c++) {
            double k = 0;
            for (int i = 0; i < n; i++) {
                double p = rng.nextGaussian();
                p1[c * n + i] = p;
                k += p * p;
            }
            h0[c] = -lp[c] + 0.5 * k;
            active[c] = true;
            divergent[c] = false;
        }
        System.arraycopy(z, 0, z1, 0, z.length);
        System.arraycopy(gz, 0, g1, 0, gz.length);
        System.arraycopy(lp, 0, lp1, 0, chains);
        for (int s = 0; s < steps; s++) {
            boolean any = false;
            for (int c = 0; c < chains; c++) {
                if (!active[c]) {
                    continue;
                }
                any = true;
                int b = c * n;
                for (int i = 0; i < n; i++) {
                    p1[b + i] += 0.5 * eps * g1[b + i];
                    z1[b + i] += eps * p1[b + i];
                }
            }
            if (!any) {
                break;
            }
            evaluateActive(z1, lp1, g1);
            for (int c = 0; c < chains; c++) {
                if (!active[c]) {
                    continue;
                }
                int b = c * n;
                double k = 0;
                for (int i = 0; i < n; i++) {
                    p1[b + i] += 0.5 * eps * g1[b + i];
                    k += p1[b + i] * p1[b + i];
                }
                double h = -lp1[c] + 0.5 * k;
                if (!Double.isFinite(lp1[c]) || !(h - h0[c] <= DIVERGENCE)) {
                    divergent[c] = true;
                    active[c] = false;
                }
            }
        }
        for (int c = 0; c < chains; c++) {
            if (divergent[c]) {
                accept[c] = 0;
                continue;
            }
            int b = c * n;
            double k = 0;
            for (int i = 0; i < n; i++) {
                k += p1[b + i] * p1[b + i];
            }
            double h1 = -lp1[c] + 0.5 * k;
            double a = Math.min(1, Math.exp(h0[c] - h1));
            accept[c] = Double.isNaN(a) ? 0 : a;
            if (rng.nextDouble() < accept[c]) {
                System.arraycopy(z1, b, z, b, n);
                System.arraycopy(g1, b, gz, b, n);
                lp[c] = lp1[c];
                h0[c] = h1;
            }
        }
    }

    /**
     * Warm-up only: a chain whose last {@link #STUCK_RESCUED} transitions were all rejected (it sits where every
     * trajectory diverges or is refused, e.g. far out in a tail where the adapted step is far too long) is moved to
     * the position of a randomly chosen moving chain; independent momenta separate the two at once. Returns the
     * number of chains moved.
     */
    private int rescueStuckChains() {
        int moved = 0;
        int[] moving = new int[chains];
        int m = 0;
        for (int c = 0; c < chains; c++) {
            if (stuck[c] == 0) {
                moving[m++] = c;
            }
        }
        for (int c = 0; c < chains && m > 0; c++) {
            if (stuck[c] >= STUCK_RESCUED) {
                int d = moving[rng.nextInt(m)];
                System.arraycopy(z, d * n, z, c * n, n);
                System.arraycopy(gz, d * n, gz, c * n, n);
                lp[c] = lp[d];
                stuck[c] = 0;
                moved++;
            }
        }
        return moved;
    }

    /**
     * Harmonic mean of the acceptance probabilities of the chains whose trajectory did not diverge and that are
     * not stuck (rejected {@link #STUCK_IGNORED} times in a row: one chain lost in a tail would otherwise shrink
     * every chain's step to nothing before it is rescued).
     */
    private double harmonicMeanAcceptance() {
        double s = 0;
        int m = 0;
        for (int c = 0; c < chains; c++) {
            if (!divergent[c] && stuck[c] < STUCK_IGNORED) {
                s += 1 / Math.max(accept[c], 1e-10);
                m++;
            }
        }
        return m == 0 ? 0 : m / s;
    }

    /**
     * Stan's step-size initialisation: from {@code eps}, one leapfrog step of every chain (positions restored
     * afterwards); double or halve the step until the mean acceptance probability crosses 0.8.
     */
    private double initialStepSize(double eps) {
        int direction = 0;
        for (int attempt = 0; attempt < 60; attempt++) {
            transitionProbe(eps);
            double a = 0;
            for (int c = 0; c < chains; c++) {
                a += accept[c] / chains;
            }
            int want = a > 0.8 ? 1 : -1;
            if (direction == 0) {
                direction = want;
            } else if (want != direction) {
                break;
            }
            eps = direction > 0 ? eps * 2 : eps / 2;
            if (eps > 1e7 || eps < 1e-10) {
                break;
            }
        }
        return eps;
    }

    /** A one-step trajectory of every chain that moves nothing: fills {@link #accept}. */
    private void transitionProbe(double eps) {
        double[] zs = z.clone();
        double[] gs = gz.clone();
        double[] ls = lp.clone();
        transition(eps, 1);
        System.arraycopy(zs, 0, z, 0, z.length);
        System.arraycopy(gs, 0, gz, 0, gz.length);
        System.arraycopy(ls, 0, lp, 0, chains);
    }
}
