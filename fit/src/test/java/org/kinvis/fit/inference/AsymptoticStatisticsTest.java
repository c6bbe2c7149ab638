package org.kinvis.fit.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.apache.commons.math3.special.Erf;
import org.junit.jupiter.api.Test;
import org.kinvis.fit.minimize.FitResult;
import org.kinvis.fit.minimize.Migrad;
import org.kinvis.host.model.AsimovLikelihood;
import org.kinvis.host.model.HistFactoryLikelihood;
import org.kinvis.kernels.cpu.CpuBackend;

/**
 * Asymptotic tests with every statistic on pyhf's README model: q̃μ CLs and q₀ p-values against pyhf
 * ({@code pyhf-toys.json}), and each statistic's value, Asimov value and p-values against fits done here and
 * Cowan et al.'s formulae written out here (EPJC 71 (2011) 1554: Eqs. 36–38, 43, 52, 59, 66).
 */
class AsymptoticStatisticsTest {

    static double phi(double x) {
        return 0.5 * Erf.erfc(-x / Math.sqrt(2));
    }

    @Test
    void qtildeAndQ0AgainstPyhf() {
        JsonNode qt = ToyCalculatorTest.reference("asymptotics", "qtilde");
        JsonNode q0 = ToyCalculatorTest.reference("asymptotics", "q0");
        try (CpuBackend cpu = new CpuBackend(1); HistFactoryLikelihood lik = ToyCalculatorTest.readme(cpu)) {
            try (AsymptoticCls a = new AsymptoticCls(lik, "mu", new double[] {0, 10}, Map.of(), Migrad.Options.DEFAULT,
                    TestStatistic.QTILDE_MU)) {
                AsymptoticCls.Result r = a.test(qt.get("mu").asDouble());
                assertThat(r.cls()).isCloseTo(qt.get("CLs_obs").asDouble(), within(1e-4));
                for (int k = 0; k < 5; k++) {
                    assertThat(r.expected()[k]).isCloseTo(qt.get("CLs_exp").get(k).asDouble(), within(1e-4));
                }
            }
            try (AsymptoticCls a = new AsymptoticCls(lik, "mu", new double[] {0, 10}, Map.of(), Migrad.Options.DEFAULT,
                    TestStatistic.Q_ZERO)) {
                AsymptoticCls.Result r = a.test(0);
                assertThat(r.valid()).isTrue();
                // μ̂ < 0 is out of bounds: q₀ = 0, p₀ = ½. pyhf's scipy stops at q₀ = 1.3e-7: p₀ = 0.49986
                assertThat(r.qmu()).isLessThan(1e-6);
                assertThat(r.clsb()).isCloseTo(q0.get("p0_obs").asDouble(), within(5e-4));
                // the median expected p₀ = Φ(−√q₀,A) on the Asimov data set at μ′ = 1
                assertThat(r.expectedClsb()[2]).isCloseTo(q0.get("p0_exp").asDouble(), within(2e-5));
                assertThat(r.expectedClsb()[2]).isCloseTo(phi(-Math.sqrt(r.qmuAsimov())), within(1e-15));
            }
        }
    }

    /** The test at μ = 1.2 on the README model with each μ statistic, rebuilt from independent fits. */
    @Test
    void everyStatisticFromItsFits() {
        double mu = 1.2;
        try (CpuBackend cpu = new CpuBackend(1); HistFactoryLikelihood lik = ToyCalculatorTest.readme(cpu)) {
            for (TestStatistic t : new TestStatistic[] {TestStatistic.QTILDE_MU, TestStatistic.Q_MU,
                TestStatistic.T_MU, TestStatistic.T_TILDE_MU}) {
                double[] bounds = t.expectsZeroLowerBound() ? new double[] {0, 10} : new double[] {-3, 10};
                AsymptoticCls.Result r;
                try (AsymptoticCls a = new AsymptoticCls(lik, "mu", bounds, Map.of(), Migrad.Options.DEFAULT, t)) {
                    r = a.test(mu);
                }
                // independent: free and conditional fits on the data, the Asimov data set at μ = 0 and its fits
                double[] lo = lik.parameters().lowerBounds();
                double[] hi = lik.parameters().upperBounds();
                lo[0] = bounds[0];
                hi[0] = bounds[1];
                double[] init = lik.parameters().inits();
                FitResult free = MaximumLikelihood.fit(lik, Map.of(), init, lo, hi, Migrad.Options.DEFAULT);
                FitResult cond = MaximumLikelihood.fit(lik, Map.of("mu", mu), init, lo, hi, Migrad.Options.DEFAULT);
                FitResult bkg = MaximumLikelihood.fit(lik, Map.of("mu", 0.0), init, lo, hi, Migrad.Options.DEFAULT);
                double muHat = free.value("mu");
                double q;
                double qa;
                try (AsimovLikelihood asimov = lik.withData(lik.expected(bkg.values()),
                        lik.expectedAuxdata(bkg.values()))) {
                    FitResult af = MaximumLikelihood.fit(asimov, Map.of(), init, lo, hi, Migrad.Options.DEFAULT);
                    FitResult ac = MaximumLikelihood.fit(asimov, Map.of("mu", mu), init, lo, hi,
                            Migrad.Options.DEFAULT);
                    qa = ac.fval() - af.fval();
                    // the Asimov μ̂ is 0, below μ: every statistic is the likelihood ratio there
                    assertThat(af.value("mu")).isCloseTo(0, within(2e-3));
                }
                boolean clipped = (t == TestStatistic.QTILDE_MU || t == TestStatistic.Q_MU) && muHat > mu;
                q = clipped ? 0 : cond.fval() - free.fval();
                assertThat(r.qmu()).as("%s", t.name()).isCloseTo(q, within(2e-5));
                assertThat(r.qmuAsimov()).as("%s Asimov", t.name()).isCloseTo(qa, within(2e-5));
                double sq = Math.sqrt(q);
                double s = Math.sqrt(qa);
                double clsb;
                double clb;
                switch (t) {
                    case TestStatistic.QMu x -> {
                        clsb = phi(-sq);
                        clb = phi(s - sq);
                    }
                    case TestStatistic.QTildeMu x -> {
                        double tt = q <= qa ? sq - s : (q - qa) / (2 * s);
                        clsb = phi(-(tt + s));
                        clb = phi(-tt);
                    }
                    case TestStatistic.TMu x -> {
                        clsb = 2 * phi(-sq);
                        clb = phi(-sq - s) + phi(s - sq);
                    }
                    case TestStatistic.TTildeMu x -> {
                        clsb = q <= qa ? 2 * phi(-sq) : phi(-sq) + phi(-(q + qa) / (2 * s));
                        clb = q <= qa ? phi(-sq - s) + phi(s - sq) : phi(-sq - s) + phi(-(q - qa) / (2 * s));
                    }
                    default -> throw new AssertionError();
                }
                assertThat(r.clsb()).as("%s CLs+b", t.name()).isCloseTo(clsb, within(2e-5));
                assertThat(r.clb()).as("%s CLb", t.name()).isCloseTo(clb, within(2e-5));
                assertThat(r.cls()).as("%s CLs", t.name()).isCloseTo(clsb / clb, within(5e-5));
                assertThat(r.valid()).isTrue();
            }
        }
    }

    /** pyhf's generate_asimov_data at μ′ = 1 on the README model: [60.61229858, 56.52802479, 270.06832542, 48.31545488]. */
    @Test
    void asimovDataAsPyhfGeneratesThem() {
        try (CpuBackend cpu = new CpuBackend(1); HistFactoryLikelihood lik = ToyCalculatorTest.readme(cpu)) {
            FitResult f = AsymptoticCls.asimovFit(lik, "mu", 1, Map.of(), Migrad.Options.DEFAULT);
            double[] main = lik.expected(f.values());
            double[] aux = lik.expectedAuxdata(f.values());
            // pyhf's documented example of generate_asimov_data (its docstring), to its printed digits
            assertThat(main[0]).isCloseTo(60.61229858, within(2e-4));
            assertThat(main[1]).isCloseTo(56.52802479, within(2e-4));
            assertThat(aux[0]).isCloseTo(270.06832542, within(2e-3));
            assertThat(aux[1]).isCloseTo(48.31545488, within(2e-4));
        }
    }
}
