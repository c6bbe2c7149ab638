package org.kinvis.fit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kinvis.host.input.JsonInput;

/**
 * fit, scan and limit on small workspaces whose answers follow by hand: a POI on its bound (error from the
 * curvature there, minimum to rounding), a saddle-point start that only a recovery gets out of, fits that stay
 * invalid, models without a background-only hypothesis, a POI the workspace fixes, tests at μ = 0 and outside the
 * bounds, {@code --fix}. Conventions: twice_nll = −2 log L with pyhf's constants (Poisson −ln n! terms, Gaussian
 * constraint ½ ln 2π, Poisson constraint of a shapesys with τ = (b/σ)² and aux data τ).
 */
class FitValidityCommandsTest {
    @TempDir
    Path dir;

    static final NormalDistribution PHI = new NormalDistribution(0, 1);

    static final String MU = "{\"name\": \"mu\", \"type\": \"normfactor\", \"data\": null}";

    /** A sample of the one channel "c". */
    static String sample(String name, String data, String modifiers) {
        return "{\"name\": \"" + name + "\", \"data\": [" + data + "], \"modifiers\": [" + modifiers + "]}";
    }

    /** A one-channel workspace file with these samples, observed data and measurement parameter settings. */
    private Path workspace(String name, String samples, String observed, String parameters) throws IOException {
        String ws = "{\"version\": \"1.0.0\", \"channels\": [{\"name\": \"c\", \"samples\": [" + samples
                + "]}], \"observations\": [{\"name\": \"c\", \"data\": [" + observed + "]}], \"measurements\":"
                + " [{\"name\": \"m\", \"config\": {\"poi\": \"mu\", \"parameters\": [" + parameters + "]}}]}";
        Path p = dir.resolve(name + ".json");
        Files.writeString(p, ws);
        return p;
    }

    /** One bin: signal s·μ, background b with the modifiers {@code bkgMods}, observed n. */
    private Path oneBin(String name, double s, double b, double n, String bkgMods, String parameters)
            throws IOException {
        return workspace(name, sample("signal", String.valueOf(s), MU) + ", " + sample("bkg", String.valueOf(b),
                bkgMods), String.valueOf(n), parameters);
    }

    private static JsonNode json(EvalCommandTest.Run r) {
        return new JsonInput("stdout").parse(r.out());
    }

    /** 2(ν − n ln ν + ln n!): −2 ln Poisson(n | ν). */
    private static double poisson(double n, double nu) {
        return 2 * (nu - n * Math.log(nu) + Gamma.logGamma(n + 1));
    }

    private static double bisect(DoubleUnaryOperator f, double a, double b) {
        double fa = f.applyAsDouble(a);
        for (int i = 0; i < 200; i++) {
            double m = 0.5 * (a + b);
            double fm = f.applyAsDouble(m);
            if ((fm > 0) == (fa > 0)) {
                a = m;
                fa = fm;
            } else {
                b = m;
            }
        }
        return 0.5 * (a + b);
    }

    /**
     * Signal 10·μ, background 50·γ with a shapesys σ = 5 (τ = 100), observed 40: the data lie below the background,
     * so μ̂ = 0 on its bound, and there γ̂ = (n + τ)/(b + τ) = 14/15 exactly. The HESSE error of μ comes from the
     * second derivatives in external coordinates, H = 2n/ν² ∇ν∇νᵀ + diag(0, 2τ/γ²) with ν = γb:
     * σ_μ² = 2 H_γγ / det H (0.873; through the sine transformation's vanishing derivative it was 2e-7).
     */
    @Test
    void poiOnItsBound() throws IOException {
        Path ws = oneBin("bound", 10, 50, 40, "{\"name\": \"unc\", \"type\": \"shapesys\", \"data\": [5.0]}", "");
        EvalCommandTest.Run run = EvalCommandTest.run("fit", "--workspace", ws.toString(), "--backend", "cpu",
                "--format", "json");
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode r = json(run);
        double n = 40;
        double b = 50;
        double s = 10;
        double tau = 100;
        double g = (n + tau) / (b + tau);
        double nu = g * b;
        double min = poisson(n, nu) + 2 * (g * tau - tau * Math.log(g * tau) + Gamma.logGamma(tau + 1));
        double hmm = 2 * n * s * s / (nu * nu);
        double hmg = 2 * n * s * b / (nu * nu);
        double hgg = 2 * n * b * b / (nu * nu) + 2 * tau / (g * g);
        double det = hmm * hgg - hmg * hmg;
        JsonNode mu = r.get("parameters").get("mu");
        assertThat(r.get("converged").asBoolean()).isTrue();
        assertThat(mu.get("value").asDouble()).isCloseTo(0, within(1e-9));
        assertThat(mu.get("at_lower_limit").asBoolean()).isTrue();
        assertThat(mu.get("at_upper_limit").asBoolean()).isFalse();
        assertThat(mu.get("error").asDouble()).isCloseTo(Math.sqrt(2 * hgg / det), within(1e-3));
        assertThat(r.get("parameters").get("unc[0]").get("value").asDouble()).isCloseTo(g, within(1e-6));
        assertThat(r.get("parameters").get("unc[0]").get("at_lower_limit").asBoolean()).isFalse();
        assertThat(r.get("twice_nll").asDouble() - min).isBetween(-1e-9, 1e-6);
        // covariance = 2 H⁻¹, correlation from it; names in parameter order
        JsonNode cov = r.get("covariance");
        assertThat(cov.get("names").get(0).asText()).isEqualTo("mu");
        assertThat(cov.get("matrix").get(0).get(0).asDouble()).isCloseTo(2 * hgg / det, within(2e-3));
        assertThat(cov.get("matrix").get(0).get(1).asDouble()).isCloseTo(-2 * hmg / det, within(2e-4));
        assertThat(r.get("correlation").get("matrix").get(1).get(0).asDouble())
                .isCloseTo(-hmg / Math.sqrt(hmm * hgg), within(1e-3));
        assertThat(r.get("correlation").get("matrix").get(1).get(1).asDouble()).isEqualTo(1.0);
        EvalCommandTest.Run text = EvalCommandTest.run("fit", "--workspace", ws.toString(), "--backend", "cpu");
        assertThat(text.out()).containsPattern("mu .* at lower limit");
    }

    /**
     * Background 100 with a normsys whose up and down factors are both 0.8, observed 50, signal 10·μ. The model is
     * symmetric in α: at the inits (α = 0) the gradient in α vanishes exactly while the curvature there is negative
     * (a saddle), and MIGRAD stops on it. The recovery's simplex walks off; the minimum is μ̂ = 0 (bound) and |α̂| the
     * root of α = (ν(α) − n) ln 1.25 with ν = 100·0.8^|α| (code4's exponential branch, |α| &gt; 1), twice_nll =
     * −2 ln Poisson(n|ν) + α² + ln 2π.
     */
    @Test
    void limitRecoversFromASaddlePointStart() throws IOException {
        Path ws = oneBin("sym", 10, 100, 50, "{\"name\": \"sym\", \"type\": \"normsys\", \"data\": {\"hi\": 0.8,"
                + " \"lo\": 0.8}}", "");
        EvalCommandTest.Run run = EvalCommandTest.run("limit", "--workspace", ws.toString(), "--backend", "cpu",
                "--format", "json");
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode r = json(run);
        double alpha = bisect(a -> a - (100 * Math.pow(0.8, a) - 50) * Math.log(1.25), 1, 5);
        double min = poisson(50, 100 * Math.pow(0.8, alpha)) + alpha * alpha + Math.log(2 * Math.PI);
        assertThat(r.get("converged").asBoolean()).isTrue();
        JsonNode free = r.get("fits").get(0);
        assertThat(free.get("dataset").asText()).isEqualTo("observed");
        assertThat(free.get("fixed").size()).isZero();
        assertThat(free.get("converged").asBoolean()).isTrue();
        assertThat(free.get("recovery").asText()).contains("recovered by SIMPLEX");
        assertThat(free.get("twice_nll").asDouble() - min).isBetween(-1e-9, 1e-6);
        assertThat(r.get("best_fit").asDouble()).isCloseTo(0, within(1e-9));
        assertThat(r.get("observed").isNumber()).isTrue();
        for (JsonNode f : r.get("fits")) {
            assertThat(f.get("converged").asBoolean()).as(f.toString()).isTrue();
        }
    }

    /**
     * A normfactor on a sample with no events is a flat direction: no fit has a positive-definite Hessian, no
     * recovery helps, and the limit says so — JSON "converged": false, exit 1.
     */
    @Test
    void limitOnFitsThatStayInvalidExitsOne() throws IOException {
        Path p = workspace("dead", sample("signal", "10.0", MU) + ", " + sample("bkg", "50.0", "") + ", "
                + sample("dead", "0.0", "{\"name\": \"k\", \"type\": \"normfactor\", \"data\": null}"), "55.0", "");
        EvalCommandTest.Run run = EvalCommandTest.run("limit", "--workspace", p.toString(), "--backend", "cpu",
                "--format", "json");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("did not converge").doesNotContain("internal error");
        JsonNode r = json(run);
        assertThat(r.get("converged").asBoolean()).isFalse();
        assertThat(r.get("fits").get(0).get("converged").asBoolean()).isFalse();
        assertThat(r.get("fits").get(0).get("recovery").asText()).startsWith("not recovered");
        EvalCommandTest.Run text = EvalCommandTest.run("limit", "--workspace", p.toString(), "--backend", "cpu");
        assertThat(text.code()).isEqualTo(1);
        assertThat(text.out()).contains("NOT VALID");
    }

    /** A bin with 7 events and no expected ones: logpdf −∞ everywhere; the fit reports it, exit 1, no exception. */
    @Test
    void fitWithAZeroRateBinReportsNotConverged() throws IOException {
        Path p = workspace("zero", sample("signal", "10.0, 0.0", MU) + ", " + sample("bkg", "50.0, 0.0", ""),
                "55.0, 7.0", "");
        EvalCommandTest.Run run = EvalCommandTest.run("fit", "--workspace", p.toString(), "--backend", "cpu",
                "--format", "json");
        assertThat(run.code()).isEqualTo(1);
        assertThat(run.err()).contains("did not converge").doesNotContain("internal error");
        JsonNode r = json(run);
        assertThat(r.get("converged").asBoolean()).isFalse();
        assertThat(r.get("twice_nll").isNull()).isTrue();
        assertThat(r.get("status").asText()).contains("not finite");
    }

    /**
     * Bounds [3, 3] fix a parameter there, as Minuit treats them: background 10·k with k = 3, signal 10·μ, observed
     * 62, so μ̂ = (62 − 30)/10 = 3.2 with HESSE error √62/10.
     */
    @Test
    void equalBoundsFixTheParameter() throws IOException {
        Path ws = oneBin("equal", 10, 10, 62, "{\"name\": \"k\", \"type\": \"normfactor\", \"data\": null}",
                "{\"name\": \"k\", \"bounds\": [[3.0, 3.0]]}");
        EvalCommandTest.Run run = EvalCommandTest.run("fit", "--workspace", ws.toString(), "--backend", "cpu",
                "--format", "json");
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode r = json(run);
        assertThat(r.get("parameters").get("k").get("fixed").asBoolean()).isTrue();
        assertThat(r.get("parameters").get("k").get("value").asDouble()).isEqualTo(3.0);
        assertThat(r.get("parameters").get("mu").get("value").asDouble()).isCloseTo(3.2, within(1e-4));
        assertThat(r.get("parameters").get("mu").get("error").asDouble()).isCloseTo(Math.sqrt(62) / 10,
                within(1e-3));
    }

    /** A model with signal only has no background-only hypothesis: CLs is undefined, the limit refuses (exit 2). */
    @Test
    void signalOnlyModelIsRefused() throws IOException {
        Path p = workspace("sigonly", sample("signal", "5.0, 3.0", MU), "4.0, 2.0",
                "{\"name\": \"mu\", \"bounds\": [[-5.0, 10.0]]}");
        EvalCommandTest.Run run = EvalCommandTest.run("limit", "--workspace", p.toString(), "--backend", "cpu",
                "--format", "json", "--mu", "1");
        assertThat(run.code()).isEqualTo(2);
        assertThat(run.err()).contains("signal-only").contains("CLs is undefined");
        assertThat(run.err().strip().lines().count()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
    }

    /**
     * q̃μ and CLs of one bin without nuisances, by hand: observed n, background b, signal s; μ̂ = (n − b)/s ≥ 0;
     * q̃μ = −2 ln[P(n|b+μs)/P(n|b+μ̂s)] for μ ≥ μ̂; on the Asimov data (n_A = b, μ̂_A = 0) likewise; then pyhf's
     * asymptotic formulae. Returns {CLs, CLs+b, CLb}.
     */
    static double[] clsOneBin(double n, double b, double s, double mu) {
        double muHat = Math.max((n - b) / s, 0);
        double q = mu <= muHat ? 0 : poisson(n, b + mu * s) - poisson(n, b + muHat * s);
        double qa = poisson(b, b + mu * s) - poisson(b, b);
        return cls(q, qa);
    }

    static double[] cls(double q, double qa) {
        double sq = Math.sqrt(q);
        double sqa = Math.sqrt(qa);
        double t = sq < sqa || sqa == 0 ? sq - sqa : (q - qa) / (2 * sqa);
        double clsb = 1 - PHI.cumulativeProbability(t + sqa);
        double clb = 1 - PHI.cumulativeProbability(t);
        return new double[] {clsb / clb, clsb, clb};
    }

    /**
     * A POI the workspace fixes is freed for scans and limits (stderr and JSON say so): one bin, b = 50, s = 10,
     * n = 62, so μ̂ = 1.2 whatever the fixed value (1, the init), Δ(−2 ln L) and CLs by hand.
     */
    @Test
    void fixedPoiIsFreedForScansAndLimits() throws IOException {
        Path ws = oneBin("fixedpoi", 10, 50, 62, "", "{\"name\": \"mu\", \"fixed\": true}");
        EvalCommandTest.Run scan = EvalCommandTest.run("scan", "--workspace", ws.toString(), "--backend", "cpu",
                "--format", "json", "--values", "0:2:3");
        assertThat(scan.code()).as(scan.err()).isZero();
        assertThat(scan.err()).contains("fixes").contains("frees it");
        JsonNode r = json(scan);
        assertThat(r.get("bestfit").get("freed").asBoolean()).isTrue();
        assertThat(r.get("bestfit").get("value").asDouble()).isCloseTo(1.2, within(1e-5));
        for (JsonNode p : r.get("points")) {
            double mu = p.get("value").asDouble();
            assertThat(p.get("delta_twice_nll").asDouble()).as("Δ at %s", mu)
                    .isCloseTo(poisson(62, 50 + 10 * mu) - poisson(62, 62), within(1e-6));
        }
        EvalCommandTest.Run limit = EvalCommandTest.run("limit", "--workspace", ws.toString(), "--backend", "cpu",
                "--format", "json", "--mu", "3");
        assertThat(limit.code()).as(limit.err()).isZero();
        assertThat(limit.err()).contains("fixes the POI");
        JsonNode l = json(limit);
        assertThat(l.get("poi_freed").asBoolean()).isTrue();
        assertThat(l.get("best_fit").asDouble()).isCloseTo(1.2, within(1e-5));
        double[] want = clsOneBin(62, 50, 10, 3);
        JsonNode h = l.get("hypotests").get(0);
        assertThat(h.get("CLs").asDouble()).isCloseTo(want[0], within(1e-6));
        assertThat(h.get("CLsb").asDouble()).isCloseTo(want[1], within(1e-6));
        assertThat(h.get("CLb").asDouble()).isCloseTo(want[2], within(1e-6));
    }

    /**
     * At μ = 0 both q̃ and q̃_A vanish: pyhf's guard makes t = 0, CLs+b = CLb = ½ and CLs = 1 (never NaN); a μ
     * outside the POI bounds is bad input. The set-up fits count in the reported seconds.
     */
    @Test
    void limitAtMuZeroAndOutsideTheBounds() throws IOException {
        Path ws = oneBin("zero", 10, 50, 62, "", "");
        EvalCommandTest.Run run = EvalCommandTest.run("limit", "--workspace", ws.toString(), "--backend", "cpu",
                "--format", "json", "--mu", "0,3");
        assertThat(run.code()).as(run.err()).isZero();
        JsonNode r = json(run);
        JsonNode h0 = r.get("hypotests").get(0);
        assertThat(h0.get("CLs").asDouble()).isEqualTo(1.0);
        assertThat(h0.get("CLsb").asDouble()).isCloseTo(0.5, within(1e-12));
        assertThat(h0.get("CLb").asDouble()).isCloseTo(0.5, within(1e-12));
        for (JsonNode e : h0.get("expected_band")) {
            assertThat(e.asDouble()).isCloseTo(1.0, within(1e-12));
        }
        assertThat(r.get("hypotests").get(1).get("CLs").asDouble()).isCloseTo(clsOneBin(62, 50, 10, 3)[0],
                within(1e-6));
        assertThat(r.get("setup_seconds").asDouble()).isPositive().isLessThanOrEqualTo(r.get("seconds").asDouble());
        EvalCommandTest.Run bad = EvalCommandTest.run("limit", "--workspace", ws.toString(), "--backend", "cpu",
                "--mu", "-5");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--mu").contains("outside the POI bounds");
    }

    /**
     * {@code --fix} in scan and limit: pyhf's README model with both shapesys γ fixed at 1 has no nuisances left, so
     * everything follows by hand — μ̂ = 0 on its bound (the data lie below the background), Δ(−2 ln L) and q̃ are
     * sums of two Poisson terms, the Asimov data are the backgrounds.
     */
    @Test
    void scanAndLimitWithFixedNuisances() throws IOException {
        String ws = workspace("readme", sample("signal", "12.0, 11.0", MU) + ", " + sample("background",
                "50.0, 52.0", "{\"name\": \"uncorr_bkguncrt\", \"type\": \"shapesys\", \"data\": [3.0, 7.0]}"),
                "51.0, 48.0", "").toString();
        double[] s = {12, 11};
        double[] b = {50, 52};
        double[] n = {51, 48};
        DoubleUnaryOperator twiceNll = mu -> poisson(n[0], b[0] + mu * s[0]) + poisson(n[1], b[1] + mu * s[1]);
        EvalCommandTest.Run scan = EvalCommandTest.run("scan", "--workspace", ws, "--backend", "cpu", "--format",
                "json", "--values", "0:2:3", "--fix", "uncorr_bkguncrt[0]=1", "--fix", "uncorr_bkguncrt[1]=1");
        assertThat(scan.code()).as(scan.err()).isZero();
        JsonNode r = json(scan);
        assertThat(r.get("fixed").get("uncorr_bkguncrt[0]").asDouble()).isEqualTo(1.0);
        assertThat(r.get("bestfit").get("value").asDouble()).isCloseTo(0, within(1e-9));
        for (JsonNode p : r.get("points")) {
            double mu = p.get("value").asDouble();
            assertThat(p.get("delta_twice_nll").asDouble()).as("Δ at %s", mu)
                    .isCloseTo(twiceNll.applyAsDouble(mu) - twiceNll.applyAsDouble(0), within(1e-6));
        }
        EvalCommandTest.Run limit = EvalCommandTest.run("limit", "--workspace", ws, "--backend", "cpu", "--format",
                "json", "--mu", "1", "--fix", "uncorr_bkguncrt[0]=1", "--fix", "uncorr_bkguncrt[1]=1");
        assertThat(limit.code()).as(limit.err()).isZero();
        double q = twiceNll.applyAsDouble(1) - twiceNll.applyAsDouble(0);
        double qa = poisson(b[0], b[0] + s[0]) + poisson(b[1], b[1] + s[1]) - poisson(b[0], b[0])
                - poisson(b[1], b[1]);
        JsonNode h = json(limit).get("hypotests").get(0);
        assertThat(h.get("CLs").asDouble()).isCloseTo(cls(q, qa)[0], within(1e-6));
        EvalCommandTest.Run poiFixed = EvalCommandTest.run("limit", "--workspace", ws, "--fix", "mu=1");
        assertThat(poiFixed.code()).isEqualTo(2);
        assertThat(poiFixed.err()).contains("--fix").contains("cannot be fixed");
    }
}
