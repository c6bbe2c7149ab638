package org.kinvis.fit.sample;

import java.util.SplittableRandom;
import java.util.function.IntConsumer;
import org.kinvis.fit.minimize.BatchFunction;

/**
 * Affine-invariant ensemble sampler with the stretch move (Goodman &amp; Weare, Comm. App. Math. Comp. Sci. 5
 * (2010) 65; the parallel "red-blue" form of emcee, Foreman-Mackey et al. 2013): the walkers are split in two
 * halves, and every walker of one half proposes {@code Y = X_j + z (X_k − X_j)} with a random partner j of the
 * other half and {@code z ~ g(z) ∝ 1/√z} on [1/a, a], accepted with probability min(1, z^{n−1} p(Y)/p(X_k)).
 * All proposals of a half are evaluated as one batch of the log density.
 */
public final class EnsembleSampler {
    private final BatchFunction logp;
    private final int walkers;
    private final double a;
    private final SplittableRandom rng;

    /** Result: the stored chain {@code [sample][walker][dim]} flattened, acceptance per walker, last positions. */
    public record Chain(int walkers, int dim, int samples, double[] values, double[] logp, long[] accepted,
            long proposals, double seconds, double[] last) {
        public double value(int sample, int walker, int d) {
            return values[(sample * walkers + walker) * dim + d];
        }

        public double acceptanceFraction() {
            long s = 0;
            for (long v : accepted) {
                s += v;
            }
            return (double) s / proposals;
        }

        /**
         * The stored samples as {@link Draws}, each walker a chain (as ArviZ treats emcee's walkers; the walkers
         * of an ensemble are not independent, so R̂ and ESS are approximate); {@code finals} the last positions.
         */
        public Draws toDraws(java.util.List<String> names, double[] finals) {
            double[] v = new double[values.length];
            double[] l = new double[logp.length];
            for (int w = 0; w < walkers; w++) {
                for (int s = 0; s < samples; s++) {
                    System.arraycopy(values, (s * walkers + w) * dim, v, (w * samples + s) * dim, dim);
                    l[w * samples + s] = logp[s * walkers + w];
                }
            }
            return new Draws("ensemble", names, walkers, samples, v, l, null, null, null, null, finals, null, 0, 0,
                    proposals + walkers, seconds);
        }
    }

    public EnsembleSampler(BatchFunction logp, int walkers, double stretch, long seed) {
        if (walkers < 4 || walkers % 2 != 0 || (long) walkers * logp.dimension() > Integer.MAX_VALUE / 4) {
            throw new IllegalArgumentException("walkers must be even, ≥ 4 and fit in memory, got " + walkers);
        }
        this.logp = logp;
        this.walkers = walkers;
        this.a = stretch;
        this.rng = new SplittableRandom(seed);
    }

    /**
     * Runs {@code steps} steps from {@code start} ({@code walkers × dim}), discards the first {@code burn},
     * stores every {@code thin}-th of the rest; {@code progress} is told each finished step.
     */
    public Chain run(double[] start, int steps, int burn, int thin, IntConsumer progress) {
        int n = logp.dimension();
        double[] x = start.clone();
        double[] lp = new double[walkers];
        logp.values(x, walkers, lp);
        for (int k = 0; k < walkers; k++) {
            if (lp[k] == Double.NEGATIVE_INFINITY) {
                throw new IllegalArgumentException("walker " + k + " starts where the posterior is zero");
            }
        }
        int kept = steps > burn ? (steps - burn + thin - 1) / thin : 0;
        if ((long) kept * walkers * n > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("the stored chain would hold " + (long) kept * walkers * n
                    + " values; thin it (--thin) or run fewer steps/walkers");
        }
        double[] values = new double[kept * walkers * n];
        double[] lps = new double[kept * walkers];
        long[] accepted = new long[walkers];
        long proposals = 0;
        int half = walkers / 2;
        double[] y = new double[half * n];
        double[] z = new double[half];
        double[] ly = new double[half];
        long t0 = System.nanoTime();
        int stored = 0;
        for (int step = 0; step < steps; step++) {
            for (int s = 0; s < 2; s++) {
                int first = s * half;
                int other = (1 - s) * half;
                for (int i = 0; i < half; i++) {
                    int k = first + i;
                    int j = other + rng.nextInt(half);
                    double u = rng.nextDouble();
                    z[i] = Math.pow((a - 1) * u + 1, 2) / a;
                    for (int d = 0; d < n; d++) {
                        y[i * n + d] = x[j * n + d] + z[i] * (x[k * n + d] - x[j * n + d]);
                    }
                }
                logp.values(y, half, ly);
                for (int i = 0; i < half; i++) {
                    int k = first + i;
                    double logAccept = (n - 1) * Math.log(z[i]) + ly[i] - lp[k];
                    if (ly[i] > Double.NEGATIVE_INFINITY && Math.log(rng.nextDouble()) < logAccept) {
                        System.arraycopy(y, i * n, x, k * n, n);
                        lp[k] = ly[i];
                        accepted[k]++;
                    }
                }
                proposals += half;
            }
            if (step >= burn && (step - burn) % thin == 0 && stored < kept) {
                System.arraycopy(x, 0, values, stored * walkers * n, walkers * n);
                System.arraycopy(lp, 0, lps, stored * walkers, walkers);
                stored++;
            }
            if (progress != null) {
                progress.accept(step + 1);
            }
        }
        return new Chain(walkers, n, stored, values, lps, accepted, proposals, (System.nanoTime() - t0) / 1e9, x);
    }
}
