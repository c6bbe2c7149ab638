package org.kinvis.fit.inference;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
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

/** The Belle II maximum-likelihood fit against pyhf + iminuit / scipy ({@code reference/pyhf-fit.json}). */
class BelleIIFitTest {
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
}
