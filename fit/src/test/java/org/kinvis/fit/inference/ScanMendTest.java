package org.kinvis.fit.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kinvis.fit.minimize.FitResult;
import org.kinvis.fit.minimize.Migrad;
import org.kinvis.host.model.HistFactoryLikelihood;
import org.kinvis.kernels.cpu.CpuBackend;

/**
 * {@link ProfileScan#mend} on pyhf's README model, profiled in μ: a conditional fit that stopped at a poor point
 * while claiming validity (what the validity flags cannot catch) lies above its neighbour's nuisances at its μ, and
 * is fitted again from there to its true conditional minimum; an invalid fit is fitted again from its neighbour.
 */
class ScanMendTest {
    static final double[] MU = {0, 1, 2, 3};

    @Test
    void stuckAndInvalidCellsAreFittedAgainFromTheirNeighbours() {
        try (CpuBackend cpu = new CpuBackend(1); HistFactoryLikelihood lik = ReadmeModel.likelihood(cpu)) {
            double[] lo = lik.parameters().lowerBounds();
            double[] hi = lik.parameters().upperBounds();
            Migrad.Options o = Migrad.Options.DEFAULT.withStrategy(0).withTolerance(0.01);
            FitResult[] good = new FitResult[MU.length];
            for (int i = 0; i < MU.length; i++) {
                good[i] = MaximumLikelihood.fit(lik, Map.of("mu", MU[i]), lik.parameters().inits(), lo, hi, o, null);
            }
            FitResult[] fits = good.clone();
            // cell 2 "stuck" at γ = (1.4, 0.6), flagged valid; cell 1 at its minimum but flagged invalid
            double[] bad = good[2].values().clone();
            bad[lik.parameters().indexOf("uncorr_bkguncrt[0]")] = 1.4;
            bad[lik.parameters().indexOf("uncorr_bkguncrt[1]")] = 0.6;
            double badValue = -2 * lik.logpdf(bad, 1)[0];
            assertThat(badValue).isGreaterThan(good[2].fval() + 1);
            fits[2] = copy(good[2], bad, badValue, true);
            fits[1] = copy(good[1], good[1].values(), good[1].fval(), false);
            ProgressTest.Counter c = new ProgressTest.Counter();
            int replaced = ProfileScan.mend(lik, fits, i -> new int[] {i - 1, i + 1}, i -> Map.of("mu", MU[i]), lo, hi,
                    o, null, c);
            assertThat(replaced).isEqualTo(2);
            assertThat(c.done.get()).isEqualTo(c.expected.get()).isEqualTo(2);
            for (int i = 0; i < MU.length; i++) {
                assertThat(fits[i].valid()).isTrue();
                assertThat(fits[i].fval()).as("cell %d", i).isCloseTo(good[i].fval(), within(1e-5));
                assertThat(fits[i].value("mu")).isEqualTo(MU[i]);
            }
            // nothing left to mend: no fit, no progress
            ProgressTest.Counter none = new ProgressTest.Counter();
            assertThat(ProfileScan.mend(lik, fits, i -> new int[] {i - 1, i + 1}, i -> Map.of("mu", MU[i]), lo, hi, o,
                    null, none)).isZero();
            assertThat(none.expected.get()).isZero();
        }
    }

    static FitResult copy(FitResult f, double[] values, double fval, boolean valid) {
        return new FitResult(f.names(), values, f.errors(), f.fixed(), fval, f.edm(), f.edmGoal(), f.nfcn(), valid,
                valid ? "converged" : "call limit", f.covariance(), f.hesseForcedPosDef(), f.minos());
    }
}
