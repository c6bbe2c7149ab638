package org.kinvis.fit.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.kinvis.fit.minimize.Migrad;
import org.kinvis.host.TestData;
import org.kinvis.host.model.HistFactoryLikelihood;
import org.kinvis.kernels.cpu.CpuBackend;

/**
 * Toy-based q̃μ CLs on pyhf's README model against pyhf's {@code ToyCalculator} ({@code pyhf-toys.json}: 3000 toys
 * per hypothesis, numpy seed 1). Different generators give different toys, so the comparison is within Monte Carlo
 * error: CLs+b, CLb and CLs within 3 σ of their difference (binomial errors of both sides, 3000 toys each), and the
 * expected median CLs within 0.025 (about 3 σ of the spread of that median between seeds, 0.006 for 3000 toys on each
 * side). The observed statistic is pyhf's documented {@code toy_calculator.teststatistic(1.0) = 3.93824492}.
 */
class ToyCalculatorTest {

    static HistFactoryLikelihood readme(CpuBackend cpu) {
        return ReadmeModel.likelihood(cpu);
    }

    static JsonNode reference(String calctype, String stat) {
        for (JsonNode r : TestData.reference("pyhf-toys.json").get("results")) {
            if (r.get("calctype").asText().equals(calctype) && r.get("test_stat").asText().equals(stat)) {
                return r;
            }
        }
        throw new AssertionError("no " + calctype + " " + stat + " result in pyhf-toys.json");
    }

    @Test
    void qtildeClsAgreesWithPyhfsToysWithinMonteCarloError() {
        JsonNode ref = reference("toybased", "qtilde");
        int n = ref.get("ntoys").asInt();
        try (CpuBackend cpu = new CpuBackend(); HistFactoryLikelihood lik = readme(cpu)) {
            ToyCalculator tc = new ToyCalculator(lik, TestStatistic.QTILDE_MU, new double[] {0, 10}, java.util.Map.of(),
                    Migrad.Options.DEFAULT);
            ProgressTest.Counter progress = new ProgressTest.Counter(); // fails on more done than announced
            progress.expect(ToyCalculator.units(n));
            ToyCalculator.Result r = tc.test(ref.get("mu").asDouble(), n, 1, progress);
            assertThat(progress.done.get()).isEqualTo(2L * n);
            assertThat(r.q()).isCloseTo(3.93824492, within(1e-4));
            assertThat(r.toysConverged()).isTrue();
            assertThat(r.observedConverged()).isTrue();
            assertThat(r.signal().size()).isEqualTo(n);
            assertThat(r.background().size()).isEqualTo(n);
            assertThat(r.background().generatedAt()).isZero();
            double refSb = ref.get("CLsb").asDouble();
            double refB = ref.get("CLb").asDouble();
            double refCls = ref.get("CLs_obs").asDouble();
            double eSb = Math.sqrt(refSb * (1 - refSb) / n);
            double eB = Math.sqrt(refB * (1 - refB) / n);
            double eCls = refCls * Math.hypot(eSb / refSb, eB / refB);
            assertThat(r.clsb()).isCloseTo(refSb, within(3 * Math.hypot(eSb, r.clsbError())));
            assertThat(r.clb()).isCloseTo(refB, within(3 * Math.hypot(eB, r.clbError())));
            assertThat(r.cls()).isCloseTo(refCls, within(3 * Math.hypot(eCls, r.clsError())));
            assertThat(r.clsError()).isCloseTo(eCls, within(0.5 * eCls));
            double[] exp = r.expectedCls();
            assertThat(exp[2]).isCloseTo(ref.get("CLs_exp").get(2).asDouble(), within(0.025));
            for (int k = 1; k < 5; k++) {
                assertThat(exp[k]).isGreaterThanOrEqualTo(exp[k - 1]);
            }
            // the top percentile: background-like toys more signal-like than any, CLs = 1 as in pyhf's set
            assertThat(exp[4]).isEqualTo(ref.get("CLs_exp").get(4).asDouble());
            // lockstep: every round of up to 128 toys' fits is one or two backend calls, not one per toy
            assertThat(r.points() / r.batches()).isGreaterThan(64);
            // the same seed, the same toys
            ToyCalculator.Result again = tc.test(1.0, 50, 1, null);
            ToyCalculator.Result same = tc.test(1.0, 50, 1, null);
            assertThat(again.signal().values()).containsExactly(same.signal().values());
            assertThat(again.background().values()).containsExactly(same.background().values());
        }
    }
}
