package org.kinvis.fit.inference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kinvis.fit.minimize.FitResult;
import org.kinvis.fit.minimize.Migrad;
import org.kinvis.host.TestData;
import org.kinvis.host.model.HistFactoryLikelihood;
import org.kinvis.host.model.ModelCompiler;
import org.kinvis.host.workspace.WorkspaceReader;
import org.kinvis.kernels.cpu.CpuBackend;

/** MLE, profile scan and asymptotic CLs on the Belle II workspace against {@code reference/pyhf-fit.json}. */
class BelleIIInferenceTest {
    static JsonNode ref;
    static CpuBackend backend;
    static HistFactoryLikelihood lik;

    @BeforeAll
    static void load() {
        ref = TestData.reference("pyhf-fit.json");
        backend = new CpuBackend();
        lik = new HistFactoryLikelihood(ModelCompiler.compile(WorkspaceReader.read(TestData.workspace())), backend);
    }

    @AfterAll
    static void close() {
        if (lik != null) {
            lik.close();
            backend.close();
        }
    }

    @Test
    void mleMatchesPyhf() {
        MaximumLikelihood.fit(lik, Map.of(), Migrad.Options.DEFAULT); // JIT warm-up; timing is the second fit
        long t0 = System.nanoTime();
        FitResult r = MaximumLikelihood.fit(lik, Map.of(), Migrad.Options.DEFAULT);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.err.printf("Belle II MLE: %.3f s, nfcn %d, twice_nll %.9f, mu %.5f ± %.5f, edm %.2e, %s%n", seconds,
                r.nfcn(), r.fval(), r.value("mu"), r.error("mu"), r.edm(), r.status());
        JsonNode minuit = ref.get("mle_minuit");
        JsonNode scipy = ref.get("mle_scipy");
        assertThat(r.valid()).as(r.status()).isTrue();
        assertThat(Math.abs(r.value("mu") - minuit.get("poi_hat").asDouble())).isLessThan(0.01);
        assertThat(Math.abs(r.value("mu") - scipy.get("poi_hat").asDouble())).isLessThan(0.01);
        assertThat(Math.abs(r.error("mu") / minuit.get("poi_error_hesse").asDouble() - 1)).isLessThan(0.02);
        assertThat(r.fval()).isLessThanOrEqualTo(scipy.get("twice_nll").asDouble() + 1e-3);
    }

    @Test
    void profileScanMatchesPyhf() {
        JsonNode pts = ref.get("profile_scan").get("points");
        double[] values = new double[pts.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = pts.get(i).get("poi").asDouble();
        }
        long t0 = System.nanoTime();
        ProfileScan.Result r = ProfileScan.scan(lik, "mu", values, Migrad.Options.DEFAULT);
        System.err.printf("Belle II %d-point profile scan: %.3f s%n", values.length, (System.nanoTime() - t0) / 1e9);
        for (int i = 0; i < values.length; i++) {
            double want = pts.get(i).get("delta_twice_nll").asDouble();
            assertThat(Math.abs(r.points().get(i).deltaTwiceNll() - want)).as("Δ at μ=%s", values[i])
                    .isLessThan(1e-3);
        }
    }

    /**
     * The free fit on the Asimov data set of the background-only fit (what q̃μ,A is measured against). That data set is
     * the expectation at the background-only point θ_b, so θ_b (μ = 0, on its bound) saturates every term: it is the
     * global minimum, its value known without minimising, and the gradient vanishes there too — the hardest case for
     * the sine transformation. The fit must end within 1e-6 of it in −2 ln L, and its HESSE error on μ is the
     * curvature's: Asimov's σ = μ/√q̃μ,A (Cowan et al. eq. 29), from pyhf's expected median CLs at μ = 1,
     * CLs = 2(1 − Φ(√q̃_A)).
     */
    @Test
    void asimovFreeFitEndsOnTheBound() {
        double[] lo = lik.parameters().lowerBounds();
        double[] hi = lik.parameters().upperBounds();
        FitResult free = MaximumLikelihood.fit(lik, Map.of(), Migrad.Options.DEFAULT);
        FitResult bkg = MaximumLikelihood.fit(lik, Map.of("mu", 0.0), free.values(), lo, hi,
                Migrad.Options.DEFAULT.withStrategy(0), free.covariance());
        try (HistFactoryLikelihood asimov = lik.withData(lik.expected(bkg.values()),
                lik.expectedAuxdata(bkg.values()))) {
            double atMinimum = -2 * asimov.logpdf(bkg.values(), 1)[0];
            FitResult r = MaximumLikelihood.fit(asimov, Map.of(), Migrad.Options.DEFAULT);
            assertThat(r.valid()).as(r.status()).isTrue();
            assertThat(r.fval() - atMinimum).isBetween(-1e-9, 1e-6);
            assertThat(r.value("mu")).isCloseTo(0, org.assertj.core.api.Assertions.within(1e-4));
            assertThat(r.atLimit()[r.indexOf("mu")]).isEqualTo(-1);
            double median = ref.get("hypotest").get("points").get("1.0").get("expected_band").get(2).asDouble();
            double sqrtQa = -new org.apache.commons.math3.distribution.NormalDistribution(0, 1)
                    .inverseCumulativeProbability(median / 2);
            assertThat(r.error("mu") * sqrtQa).isCloseTo(1.0, org.assertj.core.api.Assertions.within(0.02));
        }
    }

    @Test
    void asymptoticClsMatchesPyhf() {
        JsonNode points = ref.get("hypotest").get("points");
        try (AsymptoticCls cls = new AsymptoticCls(lik, new double[] {0, 20}, Migrad.Options.DEFAULT)) {
            Iterator<Map.Entry<String, JsonNode>> it = points.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                double mu = Double.parseDouble(e.getKey());
                AsymptoticCls.Result r = cls.test(mu);
                JsonNode want = e.getValue();
                assertThat(Math.abs(r.cls() - want.get("CLs").asDouble())).as("CLs at %s", mu).isLessThan(1e-3);
                assertThat(Math.abs(r.clsb() - want.get("CLsb").asDouble())).as("CLsb at %s", mu).isLessThan(1e-3);
                assertThat(Math.abs(r.clb() - want.get("CLb").asDouble())).as("CLb at %s", mu).isLessThan(1e-3);
                for (int k = 0; k < 5; k++) {
                    assertThat(Math.abs(r.expected()[k] - want.get("expected_band").get(k).asDouble()))
                            .as("expected[%d] at %s", k, mu).isLessThan(1e-3);
                }
            }
        }
    }
}
