package org.kinvis.kernels.cpu;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;
import org.kinvis.kernels.Evaluator;
import org.kinvis.kernels.Interpolation;
import org.kinvis.kernels.ModelLayout;

/** The CPU backend on hand-built layouts, against the HistFactory formulas written out by hand. */
public class CpuBackendTest {

    /**
     * Two bins, one sample (nominal 10, 20) with a normfactor μ (par 0), a histosys α (par 1; up 2, 4;
     * down 1, 3), a normsys β (par 2; hi 1.1, lo 0.8) and staterror γ0, γ1 (pars 3, 4; σ 0.1, 0.05). Observed
     * 12, 18. Auxdata: α 0, β 0, γ 1, 1.
     */
    public static ModelLayout small(int histoCode, int normCode) {
        return new ModelLayout(5, 2, new double[] {12, 18}, new double[] {0, 0, 1, 1}, 1,
                new int[] {0, 1}, new int[] {0, 0}, new double[] {10, 20},
                histoCode, new int[] {1}, new int[] {0}, new int[] {2}, new int[] {0},
                new double[] {2, 4}, new double[] {1, 3},
                normCode, new int[] {2}, new int[] {0}, new double[] {1.1}, new double[] {0.8},
                new int[] {0}, new int[] {0},
                new int[] {0, 1}, new int[] {3, 4},
                new int[] {1, 2, 3, 4}, new int[] {0, 1, 2, 3}, new double[] {1, 1, 0.1, 0.05},
                new int[0], new int[0], new double[0]);
    }

    static double byHand(double[] x) {
        double mu = x[0];
        double a = x[1];
        double b = x[2];
        double[] nom = {10, 20};
        double[] up = {2, 4};
        double[] dn = {1, 3};
        double[] gam = {x[3], x[4]};
        double[] n = {12, 18};
        double norm = b >= 0 ? Math.pow(1.1, b) : Math.pow(0.8, -b);
        double main = 0;
        for (int j = 0; j < 2; j++) {
            double nu = (nom[j] + (a >= 0 ? a * up[j] : a * dn[j])) * mu * norm * gam[j];
            main += n[j] * Math.log(nu) - nu - Gamma.logGamma(n[j] + 1);
        }
        double c = 0;
        double[][] gauss = {{0, a, 1}, {0, b, 1}, {1, x[3], 0.1}, {1, x[4], 0.05}};
        for (double[] g : gauss) {
            double z = (g[0] - g[1]) / g[2];
            c += -0.5 * z * z - Math.log(g[2]) - 0.5 * Math.log(2 * Math.PI);
        }
        return main + c;
    }

    @Test
    void matchesHandWrittenFormula() {
        try (CpuBackend b = new CpuBackend(1);
                Evaluator e = b.prepare(small(Interpolation.CODE0, Interpolation.CODE1))) {
            double[][] pts = {{1, 0, 0, 1, 1}, {1.3, 0.7, -0.4, 1.05, 0.97}, {0.6, -1.8, 2.2, 0.9, 1.1}};
            for (double[] x : pts) {
                double[] out = new double[1];
                e.logpdf(x, 1, out);
                assertThat(out[0]).isCloseTo(byHand(x), within(1e-12 * Math.abs(byHand(x))));
            }
        }
    }

    @Test
    void parallelBatchEqualsSequentialPoints() {
        ModelLayout m = small(Interpolation.CODE4P, Interpolation.CODE4);
        int count = 20_000;
        double[] x = points(count, 3);
        double[] par = new double[count];
        double[] seq = new double[count];
        try (CpuBackend p = new CpuBackend(4); CpuBackend s = new CpuBackend(1);
                Evaluator ep = p.prepare(m); Evaluator es = s.prepare(m)) {
            ep.logpdf(x, count, par);
            es.logpdf(x, count, seq);
            double[] main = new double[count];
            double[] cons = new double[count];
            ep.logpdfParts(x, count, main, cons);
            for (int i = 0; i < count; i++) {
                assertThat(par[i]).isEqualTo(seq[i]);
                assertThat(main[i] + cons[i]).isEqualTo(seq[i]);
            }
            double[] gp = new double[count * 5];
            double[] gs = new double[count * 5];
            ep.gradient(x, count, par, gp);
            es.gradient(x, count, seq, gs);
            assertThat(gp).isEqualTo(gs);
            assertThat(par).isEqualTo(seq);
        }
    }

    /** Work-size rule: batches that gain nothing from threads run on the caller; big ones in a few chunks. */
    @Test
    void splitsByWorkNotByPointCount() {
        try (CpuBackend b = new CpuBackend(2)) {
            long belle2 = 3_520; // costPerPoint of the Belle II layout (≈ ns per logpdf point)
            assertThat(b.chunks(10, 10 * belle2)).isEqualTo(1);
            assertThat(b.chunks(50, 50 * belle2)).isEqualTo(1);
            assertThat(b.chunks(100, 100 * belle2)).isEqualTo(2);
            assertThat(b.chunks(64, 64 * CpuBackend.GRADIENT_COST * belle2)).isEqualTo(6);
            assertThat(b.chunks(10_000, 10_000 * belle2)).isEqualTo(2 * CpuBackend.CHUNKS_PER_THREAD);
            assertThat(b.chunks(3, 3_000_000)).isEqualTo(2);
        }
        try (CpuBackend one = new CpuBackend(1)) {
            assertThat(one.chunks(1_000_000, Long.MAX_VALUE / 2)).isEqualTo(1);
        }
        ModelLayout m = small(Interpolation.CODE0, Interpolation.CODE1);
        assertThat(CpuBackend.costPerPoint(m)).isEqualTo(1 + 2 + 2 + 2 + 4 + 1 + 8 * (1 + 2));
    }

    /**
     * A helper that is never scheduled (another process holds the cores) must not hold up the batch: the caller
     * claims every chunk itself. Here the helpers' executor drops their tasks altogether.
     */
    @Test
    void callerDoesEveryChunkWhenHelpersNeverRun() {
        ModelLayout m = small(Interpolation.CODE4P, Interpolation.CODE4);
        int count = 40_000;
        double[] x = points(count, 8);
        double[] seq = new double[count];
        double[] out = new double[count];
        double[] grad = new double[count * 5];
        double[] seqGrad = new double[count * 5];
        CpuBackend starved = new CpuBackend(2, task -> { });
        try (CpuBackend s = new CpuBackend(1); Evaluator es = s.prepare(m); Evaluator ep = starved.prepare(m)) {
            assertThat(starved.chunks(count, count * CpuBackend.costPerPoint(m))).isGreaterThan(1);
            es.logpdf(x, count, seq);
            ep.logpdf(x, count, out);
            assertThat(out).isEqualTo(seq);
            es.gradient(x, count, seq, seqGrad);
            ep.gradient(x, count, out, grad);
            assertThat(grad).isEqualTo(seqGrad);
            assertThat(starved.helperChunks()).isZero();
        }
    }

    static double[] points(int count, long seed) {
        double[] x = new double[count * 5];
        SplittableRandom rng = new SplittableRandom(seed);
        for (int i = 0; i < x.length; i++) {
            x[i] = (i % 5 == 1 || i % 5 == 2) ? rng.nextDouble(-3, 3) : rng.nextDouble(0.5, 1.5);
        }
        return x;
    }

    @Test
    void rejectsTooShortArrays() {
        try (CpuBackend b = new CpuBackend(1);
                Evaluator e = b.prepare(small(Interpolation.CODE0, Interpolation.CODE1))) {
            assertThatThrownBy(() -> e.logpdf(new double[5], 2, new double[2]))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void layoutRejectsInconsistentArrays() {
        assertThatThrownBy(() -> new ModelLayout(1, 2, new double[] {1}, new double[0], 1, new int[0],
                new int[0], new double[0], 0, new int[0], new int[0], new int[0], new int[0], new double[0],
                new double[0], 1, new int[0], new int[0], new double[0], new double[0], new int[0], new int[0],
                new int[0], new int[0], new int[0], new int[0], new double[0], new int[0], new int[0],
                new double[0])).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("observed");
    }
}
