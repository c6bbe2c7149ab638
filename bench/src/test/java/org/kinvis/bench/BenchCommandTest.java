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
