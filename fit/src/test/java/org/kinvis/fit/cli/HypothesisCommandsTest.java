package org.kinvis.fit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kinvis.fit.inference.ReadmeModel;
import org.kinvis.host.TestData;

/** {@code kinvis significance}, {@code limit --teststat/--calctype/--asimov-mu} and {@code gof} end to end. */
class HypothesisCommandsTest {
    @TempDir
    Path dir;

    private Path readme() throws IOException {
        Path ws = dir.resolve("readme.json");
        Files.writeString(ws, ReadmeModel.WS);
        return ws;
    }

    /**
     * Belle II's discovery significance: q₀ is the profile Δ(−2 ln L) at μ = 0 of pyhf's scan (11.97), Z₀ = √q₀
     * (3.46σ); the median expected Z₀ at μ′ = 1 is √q₀,A.
     */
    @Test
    void belle2Significance() {
        JsonNode ref = TestData.reference("pyhf-fit.json").get("profile_scan").get("points").get(0);
        assertThat(ref.get("poi").asDouble()).isZero();
        JsonNode r = InferenceCommandsTest.json(EvalCommandTest.run("significance", "--workspace",
                TestData.workspace().toString(), "--backend", "cpu", "--format", "json"));
        double delta = ref.get("delta_twice_nll").asDouble();
        assertThat(r.get("q0").asDouble()).isCloseTo(delta, within(2e-3));
        assertThat(r.get("Z0").asDouble()).isCloseTo(Math.sqrt(delta), within(1e-3));
        assertThat(r.get("p0").asDouble()).isCloseTo(0.5 * org.apache.commons.math3.special.Erf.erfc(
                Math.sqrt(delta / 2)), within(2e-6));
        assertThat(r.get("expected_Z0").asDouble()).isCloseTo(Math.sqrt(r.get("q0_asimov").asDouble()),
                within(1e-9));
        assertThat(r.get("expected_Z0_band").size()).isEqualTo(5);
        assertThat(r.get("converged").asBoolean()).isTrue();
        assertThat(r.get("data").asText()).isEqualTo("observed");
        assertThat(r.get("fits").size()).isGreaterThanOrEqualTo(4);
    }

    /**
     * --asimov-mu 1 tests the Asimov data set the expected significance is computed on: its "observed" Z₀ is the
     * expected Z₀ of the observed data. On the README model, toys: the same JSON with Monte Carlo errors.
     */
    @Test
    void asimovAndToysOnTheReadmeModel() throws IOException {
        Path ws = readme();
        JsonNode obs = InferenceCommandsTest.json(EvalCommandTest.run("significance", "--workspace", ws.toString(),
                "--format", "json"));
        JsonNode asi = InferenceCommandsTest.json(EvalCommandTest.run("significance", "--workspace", ws.toString(),
                "--format", "json", "--asimov-mu", "1"));
        assertThat(asi.get("data").asText()).isEqualTo("asimov");
        assertThat(asi.get("asimov_mu").asDouble()).isEqualTo(1.0);
        assertThat(asi.get("Z0").asDouble()).isCloseTo(obs.get("expected_Z0").asDouble(), within(1e-4));
        assertThat(asi.get("mu_hat").asDouble()).isCloseTo(1, within(1e-3));
        JsonNode toys = InferenceCommandsTest.json(EvalCommandTest.run("significance", "--workspace", ws.toString(),
                "--format", "json", "--calctype", "toybased", "--toys", "300", "--seed", "3", "--asimov-mu", "1"));
        assertThat(toys.get("calctype").asText()).isEqualTo("toybased");
        assertThat(toys.get("toys").get("toys").asInt()).isEqualTo(300);
        assertThat(toys.get("toys").get("tested").get("mu").asDouble()).isZero();
        assertThat(toys.get("toys").get("alternative").get("mu").asDouble()).isEqualTo(1.0);
        // p₀ ≈ 0.03 on this Asimov data set: within 4 binomial errors of 300 toys of the asymptotic value
        double p0 = toys.get("p0").asDouble();
        double err = toys.get("p0_error").asDouble();
        assertThat(err).isCloseTo(Math.sqrt(p0 * (1 - p0) / 300), within(1e-12));
        assertThat(p0).isCloseTo(asi.get("p0").asDouble(), within(4 * Math.sqrt(0.03 * 0.97 / 300)));
    }

    @Test
    void limitWithOtherStatisticsAndToys() throws IOException {
        Path ws = readme();
        JsonNode q = InferenceCommandsTest.json(EvalCommandTest.run("limit", "--workspace", ws.toString(),
                "--format", "json", "--teststat", "q", "--poi-bounds", "-3:10", "--mu", "1"));
        assertThat(q.get("test_statistic").asText()).isEqualTo("q");
        assertThat(q.get("observed").asDouble()).isBetween(0.8, 1.3);
        JsonNode t = InferenceCommandsTest.json(EvalCommandTest.run("limit", "--workspace", ws.toString(),
                "--format", "json", "--teststat", "tmu", "--poi-bounds", "-3:10", "--mu", "0.5,1"));
        assertThat(t.has("observed")).isFalse();
        assertThat(t.get("hypotests").size()).isEqualTo(2);
        JsonNode toys = InferenceCommandsTest.json(EvalCommandTest.run("limit", "--workspace", ws.toString(),
                "--format", "json", "--calctype", "toybased", "--toys", "200", "--mu", "0.5,1,1.5,2.5", "--plot",
                dir.resolve("brazil.svg").toString()));
        assertThat(toys.get("calctype").asText()).isEqualTo("toybased");
        // pyhf's toy limit for this model is near the asymptotic 1.01
        assertThat(toys.get("observed").asDouble()).isBetween(0.7, 1.6);
        JsonNode h = toys.get("hypotests").get(1);
        assertThat(h.get("CLs_error").asDouble()).isPositive();
        assertThat(h.get("toys").get("tested").get("converged").asInt()
                + h.get("toys").get("tested").get("failed").asInt()).isEqualTo(200);
        assertThat(Files.readString(dir.resolve("brazil.svg"))).contains("toy-based");
    }

    @Test
    void badInputIsRefused() throws IOException {
        Path ws = readme();
        String[][] bad = {{"limit", "--teststat", "q0"}, {"limit", "--teststat", "chi2"}, {"limit", "--teststat", "tmu"},
            {"limit", "--calctype", "toybased"}, {"limit", "--calctype", "bayes"},
            {"significance", "--toys", "0", "--calctype", "toybased"}, {"significance", "--asimov-mu", "20"},
            {"limit", "--teststat", "qtilde", "--poi-bounds", "-1:10"}, {"significance", "--fix", "mu=1"}};
        for (String[] b : bad) {
            String[] args = new String[b.length + 2];
            System.arraycopy(b, 0, args, 0, b.length);
            args[b.length] = "--workspace";
            args[b.length + 1] = ws.toString();
            EvalCommandTest.Run r = EvalCommandTest.run(args);
            assertThat(r.code()).as(String.join(" ", b) + ": " + r.err()).isEqualTo(2);
            assertThat(r.err()).startsWith("kinvis: error: ").doesNotContain("Exception");
        }
    }

    @Test
    void gofOnTheReadmeModel() throws IOException {
        Path ws = readme();
        Path svg = dir.resolve("gof.svg");
        JsonNode g = InferenceCommandsTest.json(EvalCommandTest.run("gof", "--workspace", ws.toString(),
                "--format", "json", "--plot", svg.toString()));
        assertThat(g.get("ndof").asInt()).isEqualTo(1);
        assertThat(g.get("per_bin").size()).isEqualTo(2);
        assertThat(g.get("pvalue").asDouble()).isBetween(0.0, 1.0);
        assertThat(Files.readString(svg)).contains("saturated-model test");
    }

    /**
     * Background-only goodness of fit ({@code gof --fix mu=0}): one free parameter fewer (ndof + 1), and the
     * saturated statistic grows by exactly the profile Δ(−2 ln L) at μ = 0 of pyhf's scan (11.97), since both
     * statistics subtract the same saturated likelihood. Ranking keeps refusing --fix (its refits would drop it).
     */
    @Test
    void backgroundOnlyGof() {
        JsonNode ref = TestData.reference("pyhf-fit.json").get("profile_scan").get("points").get(0);
        assertThat(ref.get("poi").asDouble()).isZero();
        String[] c = {"gof", "--workspace", TestData.workspace().toString(), "--backend", "cpu", "--format", "json"};
        JsonNode free = InferenceCommandsTest.json(EvalCommandTest.run(c));
        JsonNode bkg = InferenceCommandsTest.json(EvalCommandTest.run(PhysicsInputTest.concat(c, "--fix", "mu=0")));
        assertThat(bkg.get("fixed").get("mu").asDouble()).isZero();
        assertThat(bkg.get("ndof").asInt()).isEqualTo(free.get("ndof").asInt() + 1);
        assertThat(bkg.get("free_parameters").asInt()).isEqualTo(free.get("free_parameters").asInt() - 1);
        assertThat(bkg.get("statistic").asDouble() - free.get("statistic").asDouble())
                .isCloseTo(ref.get("delta_twice_nll").asDouble(), within(2e-3));
        assertThat(bkg.get("pvalue").asDouble()).isLessThan(free.get("pvalue").asDouble());
        EvalCommandTest.Run r = EvalCommandTest.run("ranking", "--workspace", TestData.workspace().toString(),
                "--fix", "mu=0");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--fix", "gof");
    }

    /**
     * A limit beyond the POI's upper bound (the README model's observed 1.01 with μ ≤ 0.8): JSON null, and the text
     * says why there is none instead of printing "Infinity".
     */
    @Test
    void limitOutsideThePoiBoundsIsSaidSo() throws IOException {
        Path ws = readme();
        JsonNode j = InferenceCommandsTest.json(EvalCommandTest.run("limit", "--workspace", ws.toString(),
                "--poi-bounds", "0:0.8", "--format", "json"));
        assertThat(j.get("observed").isNull()).isTrue();
        EvalCommandTest.Run t = EvalCommandTest.run("limit", "--workspace", ws.toString(), "--poi-bounds", "0:0.8");
        assertThat(t.code()).as(t.err()).isZero();
        assertThat(t.out()).contains("observed: none (CLs stays above 0.05 up to the POI's upper bound")
                .doesNotContain("Infinity").doesNotContain("inf");
    }
}
