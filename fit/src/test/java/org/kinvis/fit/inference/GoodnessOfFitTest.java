package org.kinvis.fit.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.apache.commons.math3.special.Erf;
import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;
import org.kinvis.fit.minimize.FitResult;
import org.kinvis.fit.minimize.Migrad;
import org.kinvis.host.TestData;
import org.kinvis.host.model.HistFactoryLikelihood;
import org.kinvis.host.model.ModelCompiler;
import org.kinvis.host.workspace.WorkspaceReader;
import org.kinvis.kernels.ModelLayout;
import org.kinvis.kernels.cpu.CpuBackend;

/**
 * The saturated-model test equals −2 ln L(θ̂) − (−2 ln L_sat) with L_sat the likelihood whose every Poisson and
 * Gaussian term is at its maximum (rate = count, mean = measurement), computed here from the logpdf and lgamma
 * alone; ndof and the χ² p-value; per-bin residuals.
 */
class GoodnessOfFitTest {

    /** −2 ln L of the saturated model of {@code m}: each term at its own maximum. */
    static double saturatedTwiceNll(ModelLayout m) {
        double s = 0;
        for (double n : m.observed()) {
            s += -2 * ((n > 0 ? n * Math.log(n) : 0) - n - Gamma.logGamma(n + 1));
        }
        for (double sigma : m.gaussSigma()) {
            s += -2 * (-Math.log(sigma) - 0.5 * Math.log(2 * Math.PI));
        }
        for (int a : m.poisAux()) {
            double n = m.auxdata()[a];
            s += -2 * ((n > 0 ? n * Math.log(n) : 0) - n - Gamma.logGamma(n + 1));
        }
        return s;
    }

    @Test
    void readmeModelOneDegreeOfFreedom() {
        try (CpuBackend cpu = new CpuBackend(1); HistFactoryLikelihood lik = ToyCalculatorTest.readme(cpu)) {
            FitResult fit = MaximumLikelihood.fit(lik, Map.of(), Migrad.Options.DEFAULT);
            GoodnessOfFit.Result g = GoodnessOfFit.of(lik, fit);
            ModelLayout m = lik.model().layout();
            assertThat(g.statistic()).isCloseTo(fit.fval() - saturatedTwiceNll(m), within(1e-9));
            // 2 bins + 2 shapesys auxiliary counts − (μ, γ₁, γ₂)
            assertThat(g.ndof()).isEqualTo(1);
            assertThat(g.pvalue()).isCloseTo(Erf.erfc(Math.sqrt(g.statistic() / 2)), within(1e-12));
            checkBins(g, m);
        }
    }

    @Test
    void belle2() {
        var model = ModelCompiler.compile(WorkspaceReader.read(TestData.workspace()));
        try (CpuBackend cpu = new CpuBackend(); HistFactoryLikelihood lik = new HistFactoryLikelihood(model, cpu)) {
            FitResult fit = MaximumLikelihood.fit(lik, Map.of(), Migrad.Options.DEFAULT);
            assertThat(fit.valid()).isTrue();
            GoodnessOfFit.Result g = GoodnessOfFit.of(lik, fit);
            assertThat(g.statistic()).isCloseTo(fit.fval() - saturatedTwiceNll(model.layout()), within(1e-7));
            // 30 bins + 231 Gaussian auxiliary measurements − 232 free parameters
            assertThat(g.bins()).isEqualTo(30);
            assertThat(g.auxiliary()).isEqualTo(231);
            assertThat(g.free()).isEqualTo(232);
            assertThat(g.ndof()).isEqualTo(29);
            assertThat(g.pvalue()).isCloseTo(Gamma.regularizedGammaQ(14.5, g.statistic() / 2), within(1e-14));
            checkBins(g, model.layout());
            // post-fit uncertainties from the covariance: a few per cent of these counts
            for (GoodnessOfFit.Bin b : g.perBin()) {
                assertThat(b.expectedError() / b.expected()).isBetween(1e-3, 0.6);
            }
        }
    }

    private static void checkBins(GoodnessOfFit.Result g, ModelLayout m) {
        assertThat(g.perBin()).hasSize(m.nBins());
        double dev = 0;
        for (int j = 0; j < m.nBins(); j++) {
            GoodnessOfFit.Bin b = g.perBin().get(j);
            assertThat(b.observed()).isEqualTo(m.observed()[j]);
            double r = b.observed() - b.expected();
            assertThat(b.pearson()).isCloseTo(r / Math.sqrt(b.expected()), within(1e-12));
            assertThat(b.pull()).isCloseTo(r / Math.hypot(Math.sqrt(b.expected()), b.expectedError()), within(1e-12));
            assertThat(Math.signum(b.deviance())).isEqualTo(Math.signum(r));
            dev += b.deviance() * b.deviance();
        }
        assertThat(dev).isCloseTo(g.mainPart(), within(1e-9 * (1 + g.mainPart())));
    }
}
