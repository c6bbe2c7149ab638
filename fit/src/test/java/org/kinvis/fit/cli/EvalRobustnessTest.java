package org.kinvis.fit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kinvis.host.TestData;
import org.kinvis.host.input.Fifo;
import org.kinvis.host.input.InputFiles;
import org.kinvis.host.input.JsonInput;
import org.kinvis.host.model.CompiledModel;
import org.kinvis.host.model.ModelCompiler;
import org.kinvis.host.workspace.WorkspaceReader;
import org.kinvis.kernels.Evaluator;
import org.kinvis.kernels.cpu.CpuBackend;

/**
 * {@code kinvis eval} at the edges: values outside the bounds are evaluated and flagged; a logpdf that is not
 * finite is an exit-2 error naming the point, bin, sample and modifier; hostile input files are refused without
 * hanging; many points stream through in chunks with the same output as one batch.
 */
class EvalRobustnessTest {
    @TempDir
    Path dir;

    @AfterEach
    void clearLimit() {
        System.clearProperty(InputFiles.LIMIT_PROPERTY);
    }

    static final String NL = System.lineSeparator();

    Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    /** The pyhf-modifiers reference workspace, changed by {@code edit}. */
    Path smallWorkspace(String name, Consumer<ObjectNode> edit) throws IOException {
        ObjectNode ws = TestData.reference("pyhf-modifiers.json").get("workspaces").get("ws_all").deepCopy();
        edit.accept(ws);
        return write(name, ws.toString());
    }

    static ObjectNode sample(ObjectNode ws, int channel, int sample) {
        return (ObjectNode) ws.get("channels").get(channel).get("samples").get(sample);
    }

    static EvalCommandTest.Run eval(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "eval";
        all[1] = "--backend";
        all[2] = "cpu";
        System.arraycopy(args, 0, all, 3, args.length);
        return EvalCommandTest.run(all);
    }

    static void assertOneLineError(EvalCommandTest.Run r, String... fragments) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).startsWith("kinvis: error: ").doesNotContain("Exception");
        for (String f : fragments) {
            assertThat(r.err()).contains(f);
        }
    }

    @Test
    void pointsOutsideTheBoundsAreEvaluatedAndFlagged() throws IOException {
        Path pars = write("p.json", "{\"points\": [{\"mu\": 20}, {\"mu\": 1}]}");
        String ws = TestData.workspace().toString();
        EvalCommandTest.Run j = eval("--workspace", ws, "--pars", pars.toString(), "--format", "json");
        assertThat(j.code()).as(j.err()).isZero();
        assertThat(j.err()).isEqualTo("kinvis: warning: 1 of 2 points outside the parameter bounds (first:"
                + " points[0]: mu = 20 outside [0, 10]); evaluated as pyhf does, flagged in the result" + NL);
        JsonNode res = new JsonInput("stdout").parse(j.out());
        assertThat(res.get("outside_bounds").toString()).isEqualTo("[[\"mu\"],[]]");
        CompiledModel m = ModelCompiler.compile(WorkspaceReader.read(TestData.workspace()));
        double[] x = m.parameters().inits();
        x[m.parameters().poiIndex()] = 20;
        double[] lp = new double[1];
        try (CpuBackend b = new CpuBackend(1); Evaluator e = b.prepare(m.layout())) {
            e.logpdf(x, 1, lp);
        }
        assertThat(res.get("logpdf").get(0).asDouble()).isCloseTo(lp[0], org.assertj.core.data.Offset.offset(1e-9));
        EvalCommandTest.Run t = eval("--workspace", ws, "--pars", pars.toString());
        assertThat(t.code()).isZero();
        assertThat(t.out()).contains("outside bounds: mu" + NL)
                .contains("1 point lies outside the parameter bounds (marked)");
        // inside the bounds: no key, no note
        EvalCommandTest.Run in = eval("--workspace", ws, "--format", "json");
        assertThat(in.err()).isEmpty();
        assertThat(new JsonInput("stdout").parse(in.out()).has("outside_bounds")).isFalse();
    }

    @Test
    void nonFiniteLogpdfIsAnErrorNamingPointBinAndModifier() throws IOException {
        Path pars = write("p.json", "{\"points\": [{\"mu\": 1}, {\"mu\": -1000}]}");
        Path out = dir.resolve("out.json");
        EvalCommandTest.Run r = eval("--workspace", TestData.workspace().toString(), "--pars", pars.toString(),
                "--format", "json", "--output", out.toString());
        assertOneLineError(r, "p.json: points[1]: logpdf is NaN: channel '", "sample 'signal' yields",
                "made negative by normfactor 'mu' = -1000 (outside its bounds [0, 10])");
        assertThat(out).doesNotExist();
    }

    @Test
    void workspacesWithBadYieldsOrFactorsFailAtTheInits() throws IOException {
        Path neg = smallWorkspace("neg.json", ws -> ((com.fasterxml.jackson.databind.node.ArrayNode) sample(ws, 0, 1)
                .get("data")).set(0, -100));
        assertOneLineError(eval("--workspace", neg.toString(), "--format", "json"), "neg.json (at the model's inits):"
                + " logpdf is NaN: channel 'sr' bin 0 (observed 70) has expected rate -85 < 0 (no logarithm): sample"
                + " 'bkg' yields -100 there, its nominal yield");
        Path ns = smallWorkspace("ns.json", ws -> ((ObjectNode) sample(ws, 0, 1).get("modifiers").get(1))
                .set("data", new JsonInput("x").parse("{\"hi\": 0, \"lo\": 0}")));
        assertOneLineError(eval("--workspace", ns.toString()), "ns.json (at the model's inits): logpdf is NaN:",
                "made NaN by normsys 'bkg_norm' at α = 0 (hi 0, lo 0, factor NaN; hi and lo must be > 0)");
        Path zero = smallWorkspace("zero.json", ws -> {
            for (int s = 0; s < 3; s++) {
                ((com.fasterxml.jackson.databind.node.ArrayNode) sample(ws, 0, s).get("data")).set(3, 0);
            }
            ((com.fasterxml.jackson.databind.node.ArrayNode) ws.get("observations").get(0).get("data")).set(3, 7);
        });
        assertOneLineError(eval("--workspace", zero.toString(), "--format", "json"), "logpdf is -Infinity: channel"
                + " 'sr' bin 3 (observed 7) has expected rate 0 (log 0 = −∞)");
    }

    @Test
    void negativeNominalInABinWithoutEventsIsAcceptedAsInPyhf() throws IOException {
        Path ws = smallWorkspace("negzero.json", w -> {
            ((com.fasterxml.jackson.databind.node.ArrayNode) sample(w, 0, 2).get("data")).set(1, -3);
            ((com.fasterxml.jackson.databind.node.ArrayNode) w.get("observations").get(0).get("data")).set(1, 0);
        });
        EvalCommandTest.Run r = eval("--workspace", ws.toString(), "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Double.isFinite(new JsonInput("stdout").parse(r.out()).get("logpdf").get(0).asDouble())).isTrue();
    }

    @Test
    void hostileInputFilesAreRefusedWithoutHanging() throws Exception {
        String ws = TestData.workspace().toString();
        Path fifo = Fifo.make(dir, "fifo");
        EvalCommandTest.Run w = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> eval("--workspace",
                fifo.toString()));
        assertOneLineError(w, fifo + ": not a regular file (a FIFO, socket or device), expected a file");
        EvalCommandTest.Run p = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> eval("--workspace", ws,
                "--pars", fifo.toString()));
        assertOneLineError(p, fifo + ": not a regular file");
        if (Files.exists(Path.of("/dev/zero"))) {
            assertOneLineError(eval("--workspace", ws, "--pars", "/dev/zero"), "/dev/zero: not a regular file");
        }
        assertOneLineError(eval("--workspace", dir.toString()), dir + ": is a folder, expected a file");
        System.setProperty(InputFiles.LIMIT_PROPERTY, "0.1");
        assertOneLineError(eval("--workspace", ws), "combined_likelihood.json: 0.4020 MB, larger than the input limit"
                + " of 0.1000 MB (raise it with $KINVIS_MAX_INPUT_MB=MB)");
    }

    /** Nine points with distinct values of several parameters. */
    Path ninePoints() throws IOException {
        StringBuilder sb = new StringBuilder("{\"points\": [");
        for (int i = 0; i < 9; i++) {
            sb.append(i > 0 ? ", " : "").append("{\"mu\": ").append(0.5 * i).append(", \"corr_lumi_c1\": ")
                    .append(0.1 * i - 0.4).append('}');
        }
        return write("nine.json", sb.append("]}").toString());
    }

    @Test
    void chunkedStreamingGivesTheSameOutputAsOneBatch() throws IOException {
        Path pars = ninePoints();
        String ws = TestData.workspace().toString();
        for (String format : new String[] {"json", "text"}) {
            EvalCommandTest.Run whole = eval("--workspace", ws, "--pars", pars.toString(), "--format", format,
                    "--expected");
            // chunks of 2 points, and results past 24 doubles kept in the temporary file
            Path out = dir.resolve("out." + format);
            EvalCommandTest.Run chunked = eval("--workspace", ws, "--pars", pars.toString(), "--format", format,
                    "--expected", "--chunk-points", "2", "--output", out.toString());
            assertThat(whole.code()).as(whole.err()).isZero();
            assertThat(chunked.code()).as(chunked.err()).isZero();
            assertThat(chunked.out()).isEqualTo(whole.out());
            assertThat(Files.readString(out)).isEqualTo(whole.out());
        }
        JsonNode res = new JsonInput("stdout").parse(eval("--workspace", ws, "--pars", pars.toString(), "--format",
                "json", "--chunk-points", "4").out());
        CompiledModel m = ModelCompiler.compile(WorkspaceReader.read(TestData.workspace()));
        int n = m.parameters().size();
        double[] x = new double[9 * n];
        for (int i = 0; i < 9; i++) {
            System.arraycopy(m.parameters().inits(), 0, x, i * n, n);
            x[i * n + m.parameters().indexOf("mu")] = 0.5 * i;
            x[i * n + m.parameters().indexOf("corr_lumi_c1")] = 0.1 * i - 0.4;
        }
        double[] lp = new double[9];
        try (CpuBackend b = new CpuBackend(1); Evaluator e = b.prepare(m.layout())) {
            e.logpdf(x, 9, lp);
        }
        assertThat(res.get("logpdf")).hasSize(9);
        for (int i = 0; i < 9; i++) {
            assertThat(res.get("logpdf").get(i).asDouble()).isCloseTo(lp[i],
                    org.assertj.core.data.Offset.offset(1e-9 * Math.abs(lp[i])));
        }
        assertOneLineError(eval("--workspace", ws, "--chunk-points", "0"), "--chunk-points: 0: expected at least 1");
    }

    @Test
    void spillKeepsValuesBeyondItsMemoryLimitInAFile() {
        try (DoubleSpill s = new DoubleSpill(16)) {
            for (int i = 0; i < 20_000; i++) {
                s.add(i * 0.5 - 3);
            }
            assertThat(s.size()).isEqualTo(20_000);
            for (int pass = 0; pass < 2; pass++) {
                DoubleSpill.Reader r = s.reader();
                for (int i = 0; i < 20_000; i++) {
                    assertThat(r.next()).isEqualTo(i * 0.5 - 3);
                }
            }
        }
    }

    @Test
    void outOfMemoryBecomesOneLineSayingWhatToReduce() {
        for (Throwable t : new Throwable[] {new OutOfMemoryError("Java heap space"),
            new RuntimeException(new OutOfMemoryError("Java heap space"))}) {
            StringWriter err = new StringWriter();
            int code = Kinvis.failure(t, new PrintWriter(err, true));
            assertThat(code).isEqualTo(2);
            assertThat(err.toString().strip().lines().count()).isEqualTo(1);
            assertThat(err.toString()).startsWith("kinvis: error: out of memory (Java heap limit ")
                    .contains("reduce the input").contains("KINVIS_JAVA_OPTS=-Xmx");
        }
    }
}
