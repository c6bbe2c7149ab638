package org.kinvis.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kinvis.fit.inference.MaximumLikelihood;
import org.kinvis.fit.minimize.FitResult;
import org.kinvis.fit.minimize.Migrad;
import org.kinvis.host.TestData;
import org.kinvis.host.input.JsonInput;
import org.kinvis.host.model.HistFactoryLikelihood;
import org.kinvis.kernels.cpu.CpuBackend;

/**
 * The Belle II workspace enlarged ×2 ({@link EnlargedWorkspace}: 463 parameters, every nuisance duplicated, μ
 * shared): the likelihood is the square of the original's profile in μ, so μ̂ is pyhf's, the HESSE error pyhf's /√2
 * and the minimum twice pyhf's.
 */
class FitScaleTest {
    @Test
    void enlargedWorkspaceFitMatchesTheOriginalsScaling() {
        JsonNode ref = TestData.reference("pyhf-fit.json");
        JsonNode ws = JsonInput.read(TestData.workspace());
        JsonNode doubled = EnlargedWorkspace.enlarge(ws, 2);
        assertThat(doubled.get("channels").size()).isEqualTo(2 * ws.get("channels").size());
        assertThat(doubled.get("channels").get(ws.get("channels").size()).get("name").asText()).endsWith("_copy1");
        try (CpuBackend cpu = new CpuBackend(); HistFactoryLikelihood lik = new HistFactoryLikelihood(
                EnlargedWorkspace.model(TestData.workspace(), 2), cpu)) {
            assertThat(lik.dimension()).isEqualTo(2 * 232 - 1);
            FitResult r = MaximumLikelihood.fit(lik, Map.of(), Migrad.Options.DEFAULT);
            assertThat(r.valid()).as(r.status()).isTrue();
            assertThat(r.value("mu")).isCloseTo(ref.get("mle_scipy").get("poi_hat").asDouble(), within(0.01));
            assertThat(r.error("mu") * Math.sqrt(2))
                    .isCloseTo(ref.get("mle_minuit").get("poi_error_hesse").asDouble(), within(0.02 * 1.33));
            assertThat(r.fval()).isLessThanOrEqualTo(2 * ref.get("mle_scipy").get("twice_nll").asDouble() + 2e-3);
            assertThat(r.covariance()).hasNumberOfRows(463);
        }
    }
}
