package org.kinvis.fit.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.kinvis.fit.minimize.FitResult;
import org.kinvis.fit.minimize.Migrad;
import org.kinvis.host.input.JsonInput;
import org.kinvis.host.model.HistFactoryLikelihood;
import org.kinvis.host.model.ModelCompiler;
import org.kinvis.host.workspace.WorkspaceReader;
import org.kinvis.kernels.cpu.CpuBackend;

/**
 * The inference computations report their fits to a {@link Progress}: as many units done as announced, one per
 * fit, on pyhf's two-bin example.
 */
class ProgressTest {
    /** Counts what it is told; fails on more done than announced at any time. */
    static final class Counter implements Progress {
        final AtomicLong expected = new AtomicLong();
        final AtomicLong done = new AtomicLong();

        @Override
        public void expect(long units) {
            expected.addAndGet(units);
        }

        @Override
        public void advance(long units) {
            assertThat(done.addAndGet(units)).isLessThanOrEqualTo(expected.get());
        }
    }

    static HistFactoryLikelihood likelihood(CpuBackend cpu) {
        var model = ModelCompiler.compile(WorkspaceReader.fromJson(new JsonInput("readme").parse(SmallModelClsTest.WS),
                "readme"));
        return new HistFactoryLikelihood(model, cpu);
    }

    @Test
    void scansReportEveryFit() {
        try (CpuBackend cpu = new CpuBackend(1); HistFactoryLikelihood lik = likelihood(cpu)) {
            Counter c = new Counter();
            ProfileScan.scan(lik, "mu", new double[] {0, 1, 2, 3}, Map.of(), Migrad.Options.DEFAULT, c);
            assertThat(c.expected.get()).isEqualTo(5);
            assertThat(c.done.get()).isEqualTo(5);
            Counter c2 = new Counter();
            ProfileScan.scan2d(lik, "mu", new double[] {0, 1}, "uncorr_bkguncrt[0]", new double[] {0.9, 1, 1.1},
                    Map.of(), Migrad.Options.DEFAULT, c2);
            assertThat(c2.expected.get()).isEqualTo(7);
            assertThat(c2.done.get()).isEqualTo(7);
        }
    }

    @Test
    void limitsRankingAndMarginalModeSettleTheirEstimates() {
        try (CpuBackend cpu = new CpuBackend(1); HistFactoryLikelihood lik = likelihood(cpu);
                AsymptoticCls cls = new AsymptoticCls(lik, new double[] {0, 10}, Migrad.Options.DEFAULT)) {
            Counter c = new Counter();
            AsymptoticCls.Limits l;
            try (Progress.Budget b = c.budget(5)) { // fewer than the searches need: the budget grows
                cls.progress(b);
                l = cls.limits(0.95, 1e-4);
            }
            assertThat(c.done.get()).isEqualTo(c.expected.get()).isEqualTo(l.fits().size() - cls.setupFits().size());
            Counter r = new Counter();
            FitResult best = MaximumLikelihood.fit(lik, Map.of(), Migrad.Options.DEFAULT);
            Ranking ranking = Ranking.of(lik, best, "mu", null, Migrad.Options.DEFAULT, r);
            assertThat(r.done.get()).isEqualTo(r.expected.get()).isEqualTo(ranking.fits());
            Counter m = new Counter();
            LaplaceMarginal.Result lm = LaplaceMarginal.mode(lik, List.of("mu"), Map.of(), Migrad.Options.DEFAULT, m);
            assertThat(m.done.get()).isEqualTo(m.expected.get());
            assertThat(m.done.get()).isGreaterThanOrEqualTo(lm.conditionalFits() + 1);
        }
    }

    @Test
    void budgetAnnouncesOnlyWhatIsUsedBeyondItsEstimate() {
        Counter c = new Counter();
        try (Progress.Budget b = c.budget(3)) {
            b.advance();
            assertThat(c.expected.get()).isEqualTo(3);
        }
        assertThat(c.done.get()).isEqualTo(3);
        try (Progress.Budget b = c.budget(1)) {
            b.advance(3);
            assertThat(c.expected.get()).isEqualTo(6);
        }
        assertThat(c.done.get()).isEqualTo(6);
        c.expect(2);
        try (Progress.Budget b = c.share(2)) {
            b.advance();
        }
        assertThat(c.expected.get()).isEqualTo(c.done.get()).isEqualTo(8);
    }
}
