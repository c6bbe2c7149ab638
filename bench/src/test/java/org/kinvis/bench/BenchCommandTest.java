package org.kinvis.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.kinvis.fit.cli.Kinvis;
import org.kinvis.host.TestData;
import org.kinvis.host.input.JsonInput;
import picocli.CommandLine;

/** {@code kinvis bench}: one row per backend and batch size, with positive, consistent throughput numbers. */
class BenchCommandTest {
    @Test
    void benchTableAsJson() {
        CommandLine cl = Kinvis.commandLine(new BenchCommand());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute("bench", "--workspace", TestData.workspace().toString(), "--backend", "cpu",
                "--batch", "1,50", "--seconds", "0.05", "--format", "json");
        assertThat(code).as(err.toString()).isZero();
        JsonNode res = new JsonInput("stdout").parse(out.toString());
        assertThat(res.get("rows").size()).isEqualTo(2);
        for (JsonNode r : res.get("rows")) {
            assertThat(r.get("backend").asText()).isEqualTo("cpu");
            assertThat(r.get("points_per_s").asDouble()).isPositive();
            assertThat(r.get("us_per_point").asDouble() * r.get("points_per_s").asDouble())
                    .isCloseTo(1e6, org.assertj.core.data.Percentage.withPercentage(1e-6));
        }
        assertThat(res.get("rows").get(1).get("batch").asInt()).isEqualTo(50);
    }

    static JsonNode run(String... args) {
        CommandLine cl = Kinvis.commandLine(new BenchCommand());
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        assertThat(code).as(err.toString()).isZero();
        return new JsonInput("stdout").parse(out.toString());
    }

    /** Gradient rows: gradient evaluations (value and every derivative) per second. */
    @Test
    void gradientRows() {
        JsonNode res = run("bench", "--workspace", TestData.workspace().toString(), "--backend", "cpu", "--batch",
                "1,64", "--eval", "logpdf,gradient", "--seconds", "0.05", "--format", "json");
        assertThat(res.get("rows").size()).isEqualTo(4);
        assertThat(res.get("rows").get(2).get("eval").asText()).isEqualTo("gradient");
        assertThat(res.get("rows").get(3).get("batch").asLong()).isEqualTo(64);
        for (JsonNode r : res.get("rows")) {
            assertThat(r.get("points_per_s").asDouble()).isPositive();
            assertThat(r.get("points").asLong()).isEqualTo(r.get("calls").asLong() * r.get("batch").asLong());
        }
    }

    /**
     * issue 13: {@code --batch 10000000} (1e7 × 232 overflowed an int: NegativeArraySizeException) and
     * 2147483647 stream through the backend in chunks of bounded memory and time what fits in --seconds.
     */
    @Test
    void hugeBatchesStreamInChunks() {
        JsonNode res = run("bench", "--workspace", TestData.workspace().toString(), "--backend", "cpu", "--batch",
                "1e7,2147483647", "--seconds", "0.01", "--format", "json");
        assertThat(res.get("rows").size()).isEqualTo(2);
        assertThat(res.get("rows").get(0).get("batch").asLong()).isEqualTo(10_000_000L);
        assertThat(res.get("rows").get(1).get("batch").asLong()).isEqualTo(2_147_483_647L);
        for (JsonNode r : res.get("rows")) {
            int per = r.get("points_per_call").asInt();
            assertThat(per).isBetween(1, 1_000_000);
            assertThat(r.get("points").asLong()).isEqualTo(r.get("calls").asLong() * per);
            assertThat(r.get("points_per_s").asDouble()).isPositive();
        }
    }

    @Test
    void unparsableBatchIsBadInput() {
        CommandLine cl = Kinvis.commandLine(new BenchCommand());
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        assertThat(cl.execute("bench", "--batch", "1e30")).isEqualTo(2);
        assertThat(err.toString()).contains("--batch").contains("1e30").hasLineCount(1);
        assertThat(cl.execute("bench", "--eval", "hessian")).isEqualTo(2);
    }

    @Test
    void badBatchIsBadInput() {
        CommandLine cl = Kinvis.commandLine(new BenchCommand());
        StringWriter err = new StringWriter();
        cl.setErr(new PrintWriter(err, true));
        cl.setOut(new PrintWriter(new StringWriter(), true));
        assertThat(cl.execute("bench", "--batch", "0")).isEqualTo(2);
        assertThat(err.toString()).contains("--batch");
    }
}
