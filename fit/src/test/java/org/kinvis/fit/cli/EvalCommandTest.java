package org.kinvis.fit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kinvis.host.TestData;
import org.kinvis.host.input.JsonInput;
import picocli.CommandLine;

/** {@code kinvis eval} end to end: the CLI contract (JSON keys, exit codes, errors, --output). */
class EvalCommandTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static Run run(String... args) {
        CommandLine cl = Kinvis.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new Run(code, out.toString(), err.toString());
    }

    @Test
    void evalJsonMatchesPyhfAtReferencePoints() throws IOException {
        JsonNode ref = TestData.reference("pyhf-eval.json");
        Path ws = TestData.workspace();
        // the reference's 'init_mu5' point given by name: μ = 5, everything else at init
        Path pars = dir.resolve("p.json");
        Files.writeString(pars, "{\"points\": [{}, {\"mu\": 5}, {\"mu\": 0}]}");
        Run r = run("eval", "--workspace", ws.toString(), "--pars", pars.toString(), "--format", "json",
                "--backend", "cpu", "--expected");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode res = new JsonInput("stdout").parse(r.out());
        assertThat(res.get("parameters").size()).isEqualTo(232);
        String[] keys = {"init", "init_mu5", "init_mu0"};
        for (int p = 0; p < 3; p++) {
            JsonNode expected = ref.get("points").get(keys[p]);
            double lp = res.get("logpdf").get(p).asDouble();
            assertThat(Math.abs(lp - expected.get("logpdf").asDouble())).isLessThan(1e-9 * Math.abs(lp));
            assertThat(Math.abs(res.get("twice_nll").get(p).asDouble() - expected.get("twice_nll").asDouble()))
                    .isLessThan(1e-9 * Math.abs(lp));
            assertThat(res.get("main").get(p).asDouble() + res.get("constraint").get(p).asDouble())
                    .isCloseTo(lp, org.assertj.core.data.Offset.offset(1e-9));
        }
        JsonNode e = res.get("expected").get(0);
        double[] ref0 = TestData.doubles(ref.get("expected_data").get("init"));
        int i = 0;
        for (JsonNode channel : ref.get("model").get("channels")) {
            for (JsonNode v : e.get(channel.asText())) {
                assertThat(Math.abs(v.asDouble() - ref0[i])).isLessThan(1e-9 * ref0[i]);
                i++;
            }
        }
        assertThat(i).isEqualTo(30);
    }

    @Test
    void textOutputAndOutputFile() throws IOException {
        Path out = dir.resolve("result.txt"); // a .json name would choose JSON (issue 15)
        Run r = run("eval", "--workspace", TestData.workspace().toString(), "--output", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).contains("logpdf").contains("232 parameters");
        assertThat(Files.readString(out)).isEqualTo(r.out());
    }

    @Test
    void badInputExitsTwoWithOneLineAndWritesNothing() throws IOException {
        Path ws = dir.resolve("broken.json");
        Files.writeString(ws, "{\"channels\": [");
        Path out = dir.resolve("out.json");
        Run r = run("eval", "--workspace", ws.toString(), "--format", "json", "--output", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip().lines().count()).isEqualTo(1);
        assertThat(r.err()).contains("broken.json").contains("not valid JSON");
        assertThat(out).doesNotExist();
        assertThat(Files.list(dir).filter(f -> f.getFileName().toString().endsWith(".tmp")).count()).isZero();
    }

    @Test
    void unknownParameterInParsFile() throws IOException {
        Path pars = dir.resolve("p.json");
        Files.writeString(pars, "{\"mu\": 1, \"mu_typo\": 2}");
        Run r = run("eval", "--workspace", TestData.workspace().toString(), "--pars", pars.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("p.json").contains("mu_typo").contains("unknown parameter");
        assertThat(r.err().strip().lines().count()).isEqualTo(1);
    }

    @Test
    void badOptionValues() {
        Run r = run("eval", "--workspace", "x.json", "--format", "yaml");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("--format").contains("text or json");
        Run i = run("eval", "--interp", "normsys=code9");
        assertThat(i.code()).isEqualTo(2);
        assertThat(i.err()).contains("normsys").contains("code1 or code4");
        Run u = run("eval", "--no-such-option");
        assertThat(u.code()).isEqualTo(2);
        assertThat(u.err().strip().lines().count()).isEqualTo(1);
    }
}
