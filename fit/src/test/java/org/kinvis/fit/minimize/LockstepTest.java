package org.kinvis.fit.minimize;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Lockstep rounds: participants that leave at different times, each on its own data set, values and gradients in
 * one round; every answer equals the function evaluated alone, and each round is one call per kind.
 */
class LockstepTest {

    /** f(x; s) = Σ (x_i − s)², gradient 2(x_i − s), counting calls. */
    static final class Shifted implements Lockstep.SetFunction {
        final AtomicInteger calls = new AtomicInteger();

        public int dimension() {
            return 3;
        }

        public void values(double[] points, int count, int[] set, double[] out) {
            calls.incrementAndGet();
            for (int p = 0; p < count; p++) {
                out[p] = value(points, p, set[p]);
            }
        }

        public boolean hasGradient() {
            return true;
        }

        public void gradients(double[] points, int count, int[] set, double[] out, double[] grad) {
            calls.incrementAndGet();
            for (int p = 0; p < count; p++) {
                out[p] = value(points, p, set[p]);
                for (int i = 0; i < 3; i++) {
                    grad[3 * p + i] = 2 * (points[3 * p + i] - set[p]);
                }
            }
        }

        static double value(double[] points, int p, int s) {
            double v = 0;
            for (int i = 0; i < 3; i++) {
                v += (points[3 * p + i] - s) * (points[3 * p + i] - s);
            }
            return v;
        }
    }

    @Test
    void participantsGetTheirOwnAnswersInSharedRounds() {
        Shifted f = new Shifted();
        int k = 64;
        Lockstep ls = new Lockstep(f, k);
        AtomicInteger wrong = new AtomicInteger();
        AtomicInteger requests = new AtomicInteger();
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < k; t++) {
                final int set = t;
                ex.submit(() -> {
                    try {
                        BatchFunction view = ls.view(set);
                        SplittableRandom rng = new SplittableRandom(set);
                        for (int r = 0; r < 5 + set % 7; r++) { // participants leave after 5 … 11 requests
                            double[] x = {rng.nextDouble(), rng.nextDouble(), rng.nextDouble(), rng.nextDouble(),
                                rng.nextDouble(), rng.nextDouble()};
                            double[] out = new double[2];
                            requests.incrementAndGet();
                            if (r % 2 == 0) {
                                view.values(x, 2, out);
                            } else {
                                double[] g = new double[6];
                                view.gradients(x, 2, out, g);
                                for (int i = 0; i < 6; i++) {
                                    if (g[i] != 2 * (x[i] - set)) {
                                        wrong.incrementAndGet();
                                    }
                                }
                            }
                            for (int p = 0; p < 2; p++) {
                                if (out[p] != Shifted.value(x, p, set)) {
                                    wrong.incrementAndGet();
                                }
                            }
                        }
                    } finally {
                        ls.leave();
                    }
                });
            }
        }
        assertThat(wrong.get()).isZero();
        // 11 rounds (the longest participant), each one values call or one gradients call or both — never more
        assertThat(f.calls.get()).isBetween(11, 22);
        assertThat(requests.get()).isGreaterThan(4 * f.calls.get());
    }
}
