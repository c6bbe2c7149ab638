package org.kinvis.fit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kinvis.host.TestData;
import org.kinvis.host.input.JsonInput;

/** {@code kinvis sample} on the Belle II workspace: contract, chain file, corner plot, and a sane μ posterior. */
class SampleCommandTest {
    @TempDir
    Path dir;

    @Test
    void sampleBelleII() throws IOException {
        Path csv = dir.resolve("chain.csv.gz");
        Path png = dir.resolve("corner.png");
        EvalCommandTest.Run r = EvalCommandTest.run("sample", "--workspace", TestData.workspace().toString(),
                "--backend", "cpu", "--format", "json", "--walkers", "480", "--steps", "400", "--burn", "200",
                "--thin", "4", "--chains", csv.toString(), "--plot", png.toString(), "--params", "mu,nBB",
                "--seed", "3");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode res = new JsonInput("stdout").parse(r.out());
        assertThat(res.get("walkers").asInt()).isEqualTo(480);
        assertThat(res.get("acceptance_fraction").asDouble()).isBetween(0.0, 1.0);
        JsonNode mu = res.get("summary").get("mu");
        for (String k : new String[] {"mean", "sd", "q16", "q50", "q84", "rhat", "ess"}) {
            assertThat(mu.has(k)).as(k).isTrue();
        }
        // started from the Laplace approximation at the MLE: the posterior of μ is centred on μ̂ = 4.6 with a
        // width of the profile interval's order (±1.33)
        assertThat(mu.get("q50").asDouble()).isBetween(4.0, 5.2);
        assertThat(mu.get("sd").asDouble()).isBetween(0.9, 1.6);
        assertThat(res.get("summary").size()).isEqualTo(232);
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(csv))))) {
            String header = in.readLine();
            assertThat(header).startsWith("sample,walker,logp,").contains(",mu,");
            assertThat(in.lines().count()).isEqualTo(50L * 480);
        }
        assertThat(Files.size(png)).isGreaterThan(1000);
        // resume from the saved chain: the walkers continue from its last step
        EvalCommandTest.Run again = EvalCommandTest.run("sample", "--workspace", TestData.workspace().toString(),
                "--backend", "cpu", "--format", "json", "--steps", "20", "--burn", "0", "--resume", csv.toString());
        assertThat(again.code()).as(again.err()).isZero();
        JsonNode res2 = new JsonInput("stdout").parse(again.out());
        assertThat(res2.get("walkers").asInt()).isEqualTo(480);
        assertThat(res2.get("summary").get("mu").get("q50").asDouble()).isBetween(3.5, 5.7);
    }

    @Test
    void badSamplerOptions() {
        EvalCommandTest.Run r = EvalCommandTest.run("sample", "--workspace", TestData.workspace().toString(),
                "--steps", "10", "--burn", "20");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("burn");
        EvalCommandTest.Run p = EvalCommandTest.run("sample", "--workspace", TestData.workspace().toString(),
                "--prior", "mu=1");
        assertThat(p.code()).isEqualTo(2);
        assertThat(p.err()).contains("NAME=MEAN,SD");
    }
}
