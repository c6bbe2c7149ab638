package org.kinvis.fit.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kinvis.fit.cli.Kinvis;
import org.kinvis.host.TestData;
import org.kinvis.host.input.JsonInput;
import picocli.CommandLine;

/**
 * {@code kinvis sweep} on the in-process engine: the expanded tasks, records that agree with what {@code kinvis
 * fit} and {@code kinvis limit} compute for the same patched workspace (an independent path through the
 * command line), records independent of threads and grouping, and bad input with exit 2.
 */
class SweepTest {
    @TempDir
    Path dir;

    static final Path FIXTURES = TestData.root().resolve("host/src/test/resources/patchset");

    record Run(int code, String out, String err) {
        JsonNode json() {
            assertThat(code).as(err).isZero();
            return new JsonInput("stdout").parse(out);
        }
    }

    static Run kinvis(String... args) {
        CommandLine cl = Kinvis.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    private static JsonNode record(List<String> lines, String id) {
        return lines.stream().map(l -> new JsonInput("record").parse(l)).filter(n -> n.get("id").asText().equals(id))
                .findFirst().orElseThrow();
    }

    @Test
    void patchsetSweepAgreesWithFitAndLimit() throws IOException {
        String ws = FIXTURES.resolve("BkgOnly.json").toString();
        String ps = FIXTURES.resolve("patchset.json").toString();
        Path tasks = dir.resolve("tasks.jsonl");
        Run expand = kinvis("sweep", "--patchset", ps, "--workspace", ws, "--over", "mu_SIG", "--values", "0:2:3",
                "--tasks-out", tasks.toString());
        assertThat(expand.code()).as(expand.err()).isZero();
        List<String> ts = Files.readAllLines(tasks);
        assertThat(ts).hasSize(9);
        SweepTask first = new TaskReader(0).parse(ts.get(1), "tasks:2");
        assertThat(first.id()).isEqualTo("sbottom_300_100/mu=1");
        assertThat(((ModelSpec.Workspace) first.model()).patches()).containsExactly(ps + ":sbottom_300_100");
        assertThat(first.seed()).isEqualTo(Seeds.forTask(20261125, "sbottom_300_100/mu=1"));

        // hypotests in one group per model (1 thread) and in groups of one task (2 threads): the same lines
        Run a = kinvis("sweep", tasks.toString(), "--threads", "1");
        Run b = kinvis("sweep", tasks.toString(), "--threads", "2", "--group-tasks", "1");
        assertThat(a.code()).as(a.err()).isZero();
        assertThat(a.err()).contains("9 tasks in 3 groups");
        assertThat(b.err()).contains("9 tasks in 9 groups");
        assertThat(b.out()).isEqualTo(a.out());

        // against kinvis limit --mu on the same patched workspace
        List<String> recs = a.out().lines().toList();
        JsonNode lim = kinvis("limit", "--workspace", ws, "--patch", ps + ":sbottom_400_100", "--backend", "cpu",
                "--format", "json", "--mu", "2").json();
        JsonNode h = record(recs, "sbottom_400_100/mu=2");
        JsonNode ref = lim.get("hypotests").get(0);
        assertThat(h.get("cls").asDouble()).isCloseTo(ref.get("CLs").asDouble(), within(1e-9));
        assertThat(h.get("clb").asDouble()).isCloseTo(ref.get("CLb").asDouble(), within(1e-9));
        for (int i = 0; i < 5; i++) {
            assertThat(h.get("expected_cls").get(i).asDouble()).isCloseTo(ref.get("expected_band").get(i).asDouble(),
                    within(1e-9));
        }

        // limit, scan point and fit tasks against kinvis limit and kinvis fit
        Path more = dir.resolve("more.jsonl");
        String model = "\"workspace\":\"" + ws + "\",\"patches\":[\"" + ps + ":sbottom_500_250\"]";
        Files.write(more, List.of("{\"id\":\"lim\"," + model + ",\"command\":\"limit\"}",
                "{\"id\":\"scan\"," + model + ",\"command\":\"scan\",\"value\":1.5}",
                "{\"id\":\"fit\"," + model + ",\"command\":\"fit\",\"fix\":{\"mu_SIG\":1.5}}",
                "{\"id\":\"bad\"," + model + ",\"command\":\"fit\",\"fix\":{\"nope\":1}}"));
        Run m = kinvis("sweep", more.toString());
        assertThat(m.code()).as("a failed task: exit 1").isEqualTo(1);
        assertThat(m.err()).contains("0 not converged, 1 failed");
        List<String> mr = m.out().lines().toList();
        assertThat(record(mr, "bad").get("error").asText()).contains("fix: unknown parameter 'nope'");
        JsonNode refLim = kinvis("limit", "--workspace", ws, "--patch", ps + ":sbottom_500_250", "--backend", "cpu",
                "--format", "json").json();
        JsonNode l = record(mr, "lim");
        assertThat(l.get("observed_limit").asDouble()).isCloseTo(refLim.get("observed").asDouble(), within(1e-9));
        assertThat(l.get("expected_limits").get(2).asDouble()).isCloseTo(refLim.get("expected").get(2).asDouble(),
                within(1e-9));
        JsonNode free = kinvis("fit", "--workspace", ws, "--patch", ps + ":sbottom_500_250", "--backend", "cpu",
                "--format", "json").json();
        JsonNode fixed = kinvis("fit", "--workspace", ws, "--patch", ps + ":sbottom_500_250", "--backend", "cpu",
                "--format", "json", "--fix", "mu_SIG=1.5").json();
        JsonNode s = record(mr, "scan");
        assertThat(s.get("best_twice_nll").asDouble()).isCloseTo(free.get("twice_nll").asDouble(), within(1e-9));
        // the scan point's fit is profiled to a tighter EDM goal than kinvis fit's
        assertThat(s.get("delta_twice_nll").asDouble()).isCloseTo(fixed.get("twice_nll").asDouble()
                - free.get("twice_nll").asDouble(), within(1e-4));
        assertThat(record(mr, "fit").get("twice_nll").asDouble()).isCloseTo(fixed.get("twice_nll").asDouble(),
                within(1e-9));
    }

    /**
     * A toy-based test in three chunks: per-chunk seeds from the test's, the merged record is the union of the
     * chunks' toys (CLs+b and CLb counted here from the chunks' statistics), and agrees with the asymptotic CLs
     * within its Monte Carlo error.
     */
    @Test
    void toyChunksMergeIntoOneTest() throws IOException {
        String ws = FIXTURES.resolve("BkgOnly.json").toString();
        String patch = FIXTURES.resolve("patchset.json") + ":sbottom_300_100";
        Path tasks = dir.resolve("toys.jsonl");
        Run expand = kinvis("sweep", "--workspace", ws, "--patch", patch, "--mu", "1", "--toys", "301", "--chunks",
                "3", "--tasks-out", tasks.toString());
        assertThat(expand.code()).as(expand.err()).isZero();
        List<SweepTask> ts = new TaskReader(0).read(tasks);
        assertThat(ts).extracting(SweepTask::id).containsExactly("mu=1/chunk=0", "mu=1/chunk=1", "mu=1/chunk=2");
        assertThat(ts).extracting(t -> ((SweepTask.Hypotest) t.command()).toys()).containsExactly(101, 100, 100);
        for (int k = 0; k < 3; k++) {
            assertThat(ts.get(k).seed()).isEqualTo(Seeds.forChunk(Seeds.forTask(20261125, "mu=1"), k));
        }
        Run run = kinvis("sweep", tasks.toString());
        assertThat(run.code()).as(run.err()).isZero();
        List<String> recs = run.out().lines().toList();
        assertThat(recs).hasSize(4);
        JsonNode merged = record(recs, "mu=1");
        assertThat(merged.get("toys").asInt()).isEqualTo(301);
        double q = merged.get("qmu").asDouble();
        int sAbove = 0;
        int bAbove = 0;
        for (int k = 0; k < 3; k++) {
            JsonNode c = record(recs, "mu=1/chunk=" + k);
            assertThat(c.get("parent").asText()).isEqualTo("mu=1");
            assertThat(c.get("qmu").asDouble()).isEqualTo(q);
            for (JsonNode v : c.get("toys_signal")) {
                sAbove += v.asDouble() >= q ? 1 : 0;
            }
            for (JsonNode v : c.get("toys_background")) {
                bAbove += v.asDouble() >= q ? 1 : 0;
            }
        }
        assertThat(merged.get("clsb").asDouble()).isEqualTo(sAbove / 301.0);
        assertThat(merged.get("clb").asDouble()).isEqualTo(bAbove / 301.0);
        JsonNode asym = kinvis("limit", "--workspace", ws, "--patch", patch, "--backend", "cpu", "--format", "json",
                "--mu", "1").json().get("hypotests").get(0);
        assertThat(merged.get("cls").asDouble()).isCloseTo(asym.get("CLs").asDouble(),
                within(3 * merged.get("cls_error").asDouble()));
    }

    @Test
    void badInputExitsTwo() throws IOException {
        Run spark = kinvis("sweep", "--engine", "spark", "--command", "fit");
        assertThat(spark.code()).isEqualTo(2);
        assertThat(spark.err()).contains("--engine: spark: the Spark engine is not on this class path")
                .contains("scripts/kinvis-spark");
        Run parquet = kinvis("sweep", "--command", "fit", "--out", dir.resolve("r.parquet").toString());
        assertThat(parquet.code()).isEqualTo(2);
        assertThat(parquet.err()).contains("Parquet output needs --engine spark");
        Run none = kinvis("sweep");
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("give a tasks file");
        Path t = dir.resolve("t.jsonl");
        Files.write(t, List.of("{\"id\":\"a\",\"command\":\"fit\"}", "{\"id\":\"b\",\"command\":\"hypotest\"}"));
        Run line = kinvis("sweep", t.toString());
        assertThat(line.code()).isEqualTo(2);
        assertThat(line.err()).contains(t + ":2: mu: missing");
        Files.write(t, List.of("{\"id\":\"a\",\"command\":\"fit\",\"workspace\":\"" + FIXTURES.resolve("BkgOnly.json")
                + "\",\"patches\":[\"" + FIXTURES.resolve("patchset.json") + ":sbottom_999\"]}"));
        Run patch = kinvis("sweep", t.toString());
        assertThat(patch.code()).isEqualTo(2);
        assertThat(patch.err()).contains("no patch named 'sbottom_999'");
        Run over = kinvis("sweep", "--command", "limit", "--over", "mu", "--values", "0:1:2");
        assertThat(over.code()).isEqualTo(2);
        assertThat(over.err()).contains("--over: mu: a limit has no points");
    }

    /**
     * A patchset of Belle II signal variants over the sterile-neutrino mass: its digest is the workspace's, and the
     * signal shrinks as the neutrino mass closes phase space (no events at all once 2·m1 … the kinematic limit).
     */
    @Test
    void signalPatchSetOverSterileMass() throws IOException {
        Path out = dir.resolve("sterile.json");
        Run r = kinvis("sweep", "signal-patchset", "--data", TestData.dataDir().toString(), "--scenario", "sterile",
                "--over", "m1", "--values", "0:2:3", "--output", out.toString());
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode set = JsonInput.read(out);
        var ps = org.kinvis.host.workspace.PatchSet.read(set, out.toString());
        ps.verify(JsonInput.read(TestData.workspace()), "Belle II");
        assertThat(ps.patches()).extracting(org.kinvis.host.workspace.PatchSet.Patch::name)
                .containsExactly("m1_0", "m1_1", "m1_2");
        double[] totals = new double[3];
        for (int i = 0; i < 3; i++) {
            for (JsonNode op : set.get("patches").get(i).get("patch")) {
                if (op.get("path").asText().endsWith("/data") && op.get("path").asText().split("/").length == 6) {
                    for (JsonNode v : op.get("value")) {
                        totals[i] += v.asDouble();
                    }
                }
            }
        }
        assertThat(totals[0]).isGreaterThan(totals[1]);
        assertThat(totals[1]).isGreaterThan(totals[2]);
        assertThat(totals[2]).isPositive();
    }
}
