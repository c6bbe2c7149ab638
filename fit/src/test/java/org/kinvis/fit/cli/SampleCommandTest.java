package org.kinvis.fit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kinvis.host.TestData;
import org.kinvis.host.input.JsonInput;

/**
 * {@code kinvis sample} on the Belle II workspace: the JSON contract, the exit status of a run too short to
 * converge (1, result printed), the CmdStan draws files and {@code --resume}, the corner plot, the ensemble
 * method, and bad input (exit 2, one line naming the option).
 */
class SampleCommandTest {
    @TempDir
    Path dir;

    static final List<String> SUMMARY_KEYS = List.of("mean", "sd", "q16", "q50", "q84", "hdi95", "eti95", "mode", "rhat",
            "ess", "ess_bulk", "ess_tail");

    @Test
    void shortHmcRunOnBelleII() throws IOException {
        Path csv = dir.resolve("draws.csv.gz");
        Path png = dir.resolve("corner.png");
        EvalCommandTest.Run r = EvalCommandTest.run("sample", "--workspace", TestData.workspace().toString(),
                "--backend", "cpu", "--format", "json", "--chains", "8", "--warmup", "40", "--draws", "20",
                "--draws-file", csv.toString(), "--plot", png.toString(), "--params", "mu,nBB", "--seed", "3");
        // 8 chains × 20 draws cannot give a bulk ESS of 400: not converged, exit 1, the result printed anyway
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains("NOT converged").contains("ESS");
        JsonNode res = new JsonInput("stdout").parse(r.out());
        assertThat(res.get("converged").asBoolean()).isFalse();
        assertThat(res.get("method").asText()).isEqualTo("hmc");
        assertThat(res.get("chains").asInt()).isEqualTo(8);
        assertThat(res.get("draws").asInt()).isEqualTo(20);
        assertThat(res.get("seconds").asDouble()).isPositive();
        assertThat(res.get("divergences").isIntegralNumber()).isTrue();
        assertThat(res.get("worst").size()).isPositive();
        assertThat(res.get("step_size").asDouble()).isPositive();
        assertThat(res.get("summary").size()).isEqualTo(2);
        JsonNode mu = res.get("summary").get("mu");
        for (String k : SUMMARY_KEYS) {
            assertThat(mu.has(k)).as(k).isTrue();
        }
        assertThat(mu.get("ess").asDouble()).isEqualTo(mu.get("ess_bulk").asDouble());
        assertThat(mu.get("hdi95").size()).isEqualTo(2);
        assertThat(mu.get("hdi95").get(0).asDouble()).isLessThan(mu.get("hdi95").get(1).asDouble());
        // μ: started over-dispersed around μ̂ = 4.6 with its HESSE metric; even a short run is near the MINOS interval
        assertThat(mu.get("q50").asDouble()).isBetween(3.0, 6.2);
        assertThat(mu.get("sd").asDouble()).isBetween(0.6, 2.2);
        assertThat(Files.size(png)).isGreaterThan(1000);
        // one CmdStan CSV per chain, sampler columns then the asked parameters, 20 draws each
        Path first = dir.resolve("draws_1.csv.gz");
        assertThat(dir.resolve("draws_8.csv.gz")).exists();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(first))))) {
            List<String> lines = in.lines().toList();
            assertThat(lines.stream().filter(l -> l.startsWith("lp__")).findFirst().orElseThrow())
                    .isEqualTo("lp__,accept_stat__,stepsize__,n_leapfrog__,divergent__,energy__,mu,nBB");
            assertThat(lines.stream().filter(l -> !l.startsWith("#") && !l.startsWith("lp__")).count()).isEqualTo(20);
            assertThat(lines).contains("# num_samples = 20", "# save_warmup = 0", "# chain_id = 1");
            assertThat(lines.stream().anyMatch(l -> l.startsWith("# Step size = "))).isTrue();
        }
        // resume: the chains continue with the stored step size, trajectory length and metric, no warm-up
        EvalCommandTest.Run again = EvalCommandTest.run("sample", "--workspace", TestData.workspace().toString(),
                "--backend", "cpu", "--format", "json", "--draws", "10", "--resume", csv.toString(), "--params", "mu");
        assertThat(again.code()).as(again.err()).isEqualTo(1);
        JsonNode res2 = new JsonInput("stdout").parse(again.out());
        assertThat(res2.get("chains").asInt()).isEqualTo(8);
        assertThat(res2.get("warmup").asInt()).isZero();
        assertThat(res2.get("step_size").asDouble()).isCloseTo(res.get("step_size").asDouble(),
                org.assertj.core.data.Percentage.withPercentage(1e-6));
        assertThat(res2.get("summary").get("mu").get("q50").asDouble()).isBetween(2.5, 6.7);
    }

    /**
     * Without --params on Belle II (232 parameters) the corner plot shows μ and the three parameters most correlated
     * with it (it failed before: a 232 × 232 grid, "Dimensions too large", exit 1); more than it holds is exit 2.
     */
    @Test
    void cornerPlotDefaultsToThePoi() throws IOException {
        Path svg = dir.resolve("corner.svg");
        EvalCommandTest.Run r = EvalCommandTest.run("sample", "--workspace", TestData.workspace().toString(),
                "--backend", "cpu", "--chains", "4", "--warmup", "10", "--draws", "10", "--plot", svg.toString(),
                "--seed", "3");
        assertThat(r.code()).as(r.err()).isEqualTo(1); // far too short to converge
        assertThat(r.err()).doesNotContain("Exception").contains("NOT converged");
        org.kinvis.fit.plot.SvgDoc doc = org.kinvis.fit.plot.SvgDoc.parse(Files.readString(svg));
        assertThat(doc.groups("diagonal")).hasSize(1 + SampleCommand.CORNER_EXTRA);
        assertThat(org.kinvis.fit.plot.SvgDoc.text(doc.groups("title").get(0))).startsWith("μ = ");
        assertThat(r.out()).contains("corner plot: mu, ");
        List<String> many = new java.util.ArrayList<>(List.of("mu", "nBB"));
        for (int i = 0; i < SampleCommand.CORNER_MAX - 1; i++) {
            many.add("x" + i);
        }
        EvalCommandTest.Run tooMany = EvalCommandTest.run("sample", "--workspace", TestData.workspace().toString(),
                "--params", String.join(",", many), "--plot", svg.toString());
        assertThat(tooMany.code()).isEqualTo(2);
        assertThat(tooMany.err()).contains("--params").contains("at most " + SampleCommand.CORNER_MAX)
                .hasLineCount(1);
    }

    /**
     * --draws-file: every chain's file is checked before the run (a folder in the way of chain 3: exit 2, nothing
     * sampled, no chain file written), and the chains are written through temporaries renamed into place.
     */
    @Test
    void drawsFilesAllOrNone() throws IOException {
        Path base = dir.resolve("d.csv");
        Files.writeString(dir.resolve("d_1.csv"), "old");
        Files.createDirectory(dir.resolve("d_3.csv"));
        EvalCommandTest.Run r = EvalCommandTest.run("sample", "--workspace", TestData.workspace().toString(),
                "--backend", "cpu", "--chains", "4", "--warmup", "10", "--draws", "10", "--draws-file",
                base.toString(), "--params", "mu");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--draws-file").contains("d_3.csv").contains("is a folder").hasLineCount(1);
        assertThat(r.out()).isEmpty();
        assertThat(Files.readString(dir.resolve("d_1.csv"))).isEqualTo("old");
        assertThat(dir.resolve("d_2.csv")).doesNotExist();
    }

    @Test
    void ensembleMethod() {
        EvalCommandTest.Run r = EvalCommandTest.run("sample", "--workspace", TestData.workspace().toString(),
                "--backend", "cpu", "--format", "json", "--method", "ensemble", "--chains", "480", "--warmup", "20",
                "--draws", "10", "--params", "mu", "--seed", "5");
        assertThat(r.code()).as(r.err()).isEqualTo(1);
        JsonNode res = new JsonInput("stdout").parse(r.out());
        assertThat(res.get("method").asText()).isEqualTo("ensemble");
        assertThat(res.get("chains").asInt()).isEqualTo(480);
        assertThat(res.get("converged").asBoolean()).isFalse();
        for (String k : SUMMARY_KEYS) {
            assertThat(res.get("summary").get("mu").has(k)).as(k).isTrue();
        }
    }

    @Test
    void badInput() {
        String ws = TestData.workspace().toString();
        for (String chains : new String[] {"0", "-4", "1"}) {
            EvalCommandTest.Run r = EvalCommandTest.run("sample", "--workspace", ws, "--chains", chains);
            assertThat(r.code()).as(chains).isEqualTo(2);
            assertThat(r.err()).contains("--chains").hasLineCount(1);
        }
        // absurd sizes: refused before any work, in long arithmetic, saying how much memory it would take
        EvalCommandTest.Run huge = EvalCommandTest.run("sample", "--workspace", ws, "--backend", "cpu", "--chains",
                "2000000000");
        assertThat(huge.code()).isEqualTo(2);
        assertThat(huge.err()).contains("--chains").contains("GB").hasLineCount(1);
        EvalCommandTest.Run many = EvalCommandTest.run("sample", "--workspace", ws, "--backend", "cpu", "--draws",
                "2000000000");
        assertThat(many.code()).isEqualTo(2);
        assertThat(many.err()).contains("--draws").hasLineCount(1);
        EvalCommandTest.Run free = EvalCommandTest.run("sample", "--workspace", ws, "--free", "cvl");
        assertThat(free.code()).isEqualTo(2);
        assertThat(free.err()).contains("--free").contains("--scenario").hasLineCount(1);
        EvalCommandTest.Run nosuch = EvalCommandTest.run("sample", "--scenario", "wet", "--free", "nosuch");
        assertThat(nosuch.code()).isEqualTo(2);
        assertThat(nosuch.err()).contains("--free").contains("nosuch").hasLineCount(1);
        EvalCommandTest.Run p = EvalCommandTest.run("sample", "--workspace", ws, "--prior", "mu=1");
        assertThat(p.code()).isEqualTo(2);
        assertThat(p.err()).contains("NAME=MEAN,SD");
        EvalCommandTest.Run m = EvalCommandTest.run("sample", "--workspace", ws, "--method", "nuts");
        assertThat(m.code()).isEqualTo(2);
        assertThat(m.err()).contains("--method");
        EvalCommandTest.Run t = EvalCommandTest.run("sample", "--workspace", ws, "--thin", "0");
        assertThat(t.code()).isEqualTo(2);
        assertThat(t.err()).contains("--thin");
        EvalCommandTest.Run d = EvalCommandTest.run("sample", "--workspace", ws, "--draws-file",
                dir.resolve("missing/x.csv").toString());
        assertThat(d.code()).isEqualTo(2);
        assertThat(d.err()).contains("--draws-file");
        EvalCommandTest.Run res = EvalCommandTest.run("sample", "--workspace", ws, "--backend", "cpu", "--resume",
                dir.resolve("none.csv").toString());
        assertThat(res.code()).isEqualTo(2);
        assertThat(res.err()).contains("--resume").hasLineCount(1);
    }
}
