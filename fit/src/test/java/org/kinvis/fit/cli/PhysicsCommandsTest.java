package org.kinvis.fit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.kinvis.host.TestData;
import org.kinvis.host.input.JsonInput;

/** {@code kinvis spectrum} and {@code kinvis reinterpret} end to end. */
class PhysicsCommandsTest {

    static JsonNode json(EvalCommandTest.Run r) {
        assertThat(r.code()).as(r.err()).isZero();
        return new JsonInput("stdout").parse(r.out());
    }

    @Test
    void spectrumJsonContract() {
        JsonNode r = json(EvalCommandTest.run("spectrum", "--scenario", "wet", "--format", "json"));
        assertThat(r.get("scenario").asText()).isEqualTo("wet");
        assertThat(r.get("parameters").get("cvl").asDouble()).isEqualTo(6.613114906357177);
        // physics-reference.txt §B, SM row (EOS convention, prior-central form factors)
        assertThat(r.get("branching_ratio").asDouble()).isBetween(4.80085e-6 * (1 - 1e-6), 4.80086e-6);
        assertThat(r.get("true_bins").size()).isEqualTo(101);
        assertThat(r.get("true_bins").get(0).get("weight").asDouble()).isEqualTo(1.0);
        assertThat(r.get("q2").size()).isEqualTo(r.get("dbr_dq2").size());
        JsonNode list = json(EvalCommandTest.run("spectrum", "--list", "--format", "json"));
        java.util.List<String> names = new java.util.ArrayList<>();
        list.get("scenarios").forEach(s -> names.add(s.get("name").asText()));
        assertThat(names).containsExactly("null", "wet", "wet-flavour", "sterile", "scalar", "alp", "vector", "dm-scalar",
                "dm-fermion");
    }

    @Test
    void spectrumBadSetValues() {
        EvalCommandTest.Run a = EvalCommandTest.run("spectrum", "--scenario", "wet", "--set", "cvx=1");
        assertThat(a.code()).isEqualTo(2);
        assertThat(a.err()).contains("unknown parameter of scenario wet");
        EvalCommandTest.Run b = EvalCommandTest.run("spectrum", "--scenario", "vector", "--set", "mass=5.2");
        assertThat(b.code()).isEqualTo(2);
        assertThat(b.err()).contains("mass");
        EvalCommandTest.Run c = EvalCommandTest.run("spectrum", "--scenario", "wet", "--set", "cvl=abc");
        assertThat(c.code()).isEqualTo(2);
        assertThat(c.err()).contains("expected a number");
    }

    /**
     * WET fit of the Belle II data: lands near the published posterior mode (11.3, 0.00, 8.21) of
     * arXiv:2507.12393 — kinvis reports the constrained maximum likelihood (form factors profiled).
     */
    @Test
    void wetFitNearThePublishedMode() {
        JsonNode r = json(EvalCommandTest.run("reinterpret", "--scenario", "wet", "--fit", "--backend", "cpu",
                "--format", "json", "--data", TestData.dataDir().toString(), "--workspace",
                TestData.workspace().toString()));
        assertThat(r.get("converged").asBoolean()).isTrue();
        JsonNode p = r.get("parameters");
        assertThat(p.fieldNames().next()).isEqualTo("cvl");
        assertThat(p.get("cvl").get("value").asDouble()).isBetween(11.3 - 0.5, 11.3 + 0.5);
        assertThat(p.get("ctl").get("value").asDouble()).isBetween(8.21 - 0.5, 8.21 + 0.5);
        assertThat(p.get("csl").get("value").asDouble()).isBetween(0.0, 1.0);
    }

    /**
     * The other estimator: the mode of the posterior of (cvl, csl, ctl) with every nuisance integrated out in the
     * Laplace approximation. It also lands near the published mode, at csl = 0, and with a smaller C_T than the
     * joint mode: the signal systematics constrain the nuisances the more the larger the tensor rate, so the
     * marginal posterior pays a volume penalty there.
     */
    @Test
    void wetMarginalModeNearThePublishedMode() {
        EvalCommandTest.Run run = EvalCommandTest.run("reinterpret", "--scenario", "wet", "--fit", "--estimator",
                "marginal", "--backend", "cpu", "--format", "json", "--data", TestData.dataDir().toString(),
                "--workspace", TestData.workspace().toString());
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode r = json(run);
        assertThat(r.get("estimator").asText()).isEqualTo("marginal");
        assertThat(r.get("converged").asBoolean()).isTrue();
        JsonNode p = r.get("parameters");
        double cvl = p.get("cvl").get("value").asDouble();
        double ctl = p.get("ctl").get("value").asDouble();
        assertThat(cvl).isBetween(11.3 - 0.5, 11.3 + 0.5);
        assertThat(ctl).isBetween(8.21 - 0.5, 8.21 + 0.5);
        assertThat(p.get("csl").get("value").asDouble()).isBetween(0.0, 0.5);
        assertThat(ctl).isLessThan(r.get("joint").get("ctl").asDouble() - 0.2);
        // Laplace errors are of the size of the profile-likelihood ones (about 3)
        assertThat(p.get("ctl").get("error").asDouble()).isBetween(2.0, 4.5);
    }

    @Test
    void estimatorIsChecked() {
        EvalCommandTest.Run a = EvalCommandTest.run("reinterpret", "--scenario", "wet", "--fit", "--estimator", "mean",
                "--data", TestData.dataDir().toString(), "--workspace", TestData.workspace().toString());
        assertThat(a.code()).isEqualTo(2);
        assertThat(a.err()).contains("--estimator").contains("expected joint or marginal");
        EvalCommandTest.Run b = EvalCommandTest.run("reinterpret", "--scenario", "wet", "--estimator", "marginal",
                "--data", TestData.dataDir().toString(), "--workspace", TestData.workspace().toString());
        assertThat(b.code()).isEqualTo(2);
        assertThat(b.err()).contains("only with --fit");
    }

    /**
     * CLs upper limits on the scalar coupling at m_X = 1 and 2 GeV (Γ = 0.1 GeV): the expected band is ordered;
     * at 2 GeV, where arXiv:2602.09666 finds its 3σ local excess, the observed limit lies above the expected +1σ
     * edge, at 1 GeV (no excess) within the ±2σ band.
     */
    @Test
    void twoBodyLimitsOverMass() throws java.io.IOException {
        java.nio.file.Path png = java.nio.file.Files.createTempFile("kinvis-ul", ".png");
        EvalCommandTest.Run run = EvalCommandTest.run("reinterpret", "--scenario", "scalar", "--set", "width=0.1",
                "--limit", "gs", "--over", "mass", "--values", "1:2:2", "--plot", png.toString(), "--backend", "cpu",
                "--format", "json", "--data", TestData.dataDir().toString(), "--workspace",
                TestData.workspace().toString());
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode r = json(run);
        assertThat(r.get("poi").asText()).isEqualTo("gs");
        JsonNode pts = r.get("points");
        assertThat(pts).hasSize(2);
        for (JsonNode p : pts) {
            JsonNode e = p.get("expected");
            for (int i = 1; i < 5; i++) {
                assertThat(e.get(i).asDouble()).isGreaterThan(e.get(i - 1).asDouble());
            }
        }
        JsonNode m1 = pts.get(0);
        JsonNode m2 = pts.get(1);
        assertThat(m1.get("value").asDouble()).isEqualTo(1.0);
        assertThat(m1.get("observed").asDouble()).isBetween(m1.get("expected").get(0).asDouble(),
                m1.get("expected").get(4).asDouble());
        assertThat(m2.get("observed").asDouble()).isGreaterThan(m2.get("expected").get(3).asDouble());
        assertThat(java.nio.file.Files.size(png)).isGreaterThan(1000);
        java.nio.file.Files.deleteIfExists(png);
        EvalCommandTest.Run bad = EvalCommandTest.run("reinterpret", "--scenario", "scalar", "--over", "mass",
                "--values", "1:2:2", "--data", TestData.dataDir().toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--over").contains("only with --limit");
    }

    /** The two-body scalar mass scan prefers m_X ≈ 2 GeV (arXiv:2602.09666: 2.1 +0.2/−0.1 GeV, Γ_X = 0.1 GeV). */
    @Test
    void twoBodyMassScanPrefersTwoGeV() {
        JsonNode r = json(EvalCommandTest.run("reinterpret", "--scenario", "scalar", "--set", "width=0.1", "--scan",
                "mass", "--values", "1:3.5:11", "--backend", "cpu", "--format", "json", "--data",
                TestData.dataDir().toString(), "--workspace", TestData.workspace().toString()));
        double best = r.get("bestfit").get("parameters").get("mass").get("value").asDouble();
        assertThat(best).isBetween(1.9, 2.3);
        double minDelta = Double.POSITIVE_INFINITY;
        double argmin = 0;
        for (JsonNode pt : r.get("points")) {
            if (pt.get("delta_twice_nll").asDouble() < minDelta) {
                minDelta = pt.get("delta_twice_nll").asDouble();
                argmin = pt.get("value").asDouble();
            }
        }
        assertThat(argmin).isBetween(1.75, 2.25);
        assertThat(r.get("bestfit").get("branching_ratio").asDouble()).isBetween(5e-6, 2e-5);
    }
}
