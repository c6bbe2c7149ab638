package org.kinvis.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kinvis.fit.cli.Kinvis;
import org.kinvis.fit.sweep.TaskResult;
import org.kinvis.host.TestData;
import org.kinvis.host.input.JsonInput;
import picocli.CommandLine;

/**
 * A sweep on Spark {@code local[2]} writes, record for record and byte for byte, what the in-process engine writes
 * for the same tasks — with other task groups (the local engine runs every model's tasks as one group on one
 * thread, Spark runs at most two tasks a group on two cores), inputs shipped by broadcast and materialised on the
 * executor, and results written by the executors; as JSON lines and as Parquet.
 */
class SparkSweepTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    static Run kinvis(String... args) {
        CommandLine cl = Kinvis.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return new Run(cl.execute(args), out.toString(), err.toString());
    }

    /**
     * Tasks on the HEPData-style patchset fixture (every command, one failing, a toy test in two chunks) and one
     * scenario task.
     */
    private Path tasks(boolean scenario) throws IOException {
        Path fixtures = TestData.root().resolve("host/src/test/resources/patchset");
        String ws = "\"workspace\":\"" + fixtures.resolve("BkgOnly.json") + "\"";
        String set = fixtures.resolve("patchset.json").toString();
        List<String> lines = new ArrayList<>();
        for (String p : List.of("sbottom_300_100", "sbottom_400_100", "sbottom_500_250")) {
            String model = ws + ",\"patches\":[\"" + set + ":" + p + "\"]";
            lines.add("{\"id\":\"" + p + "/mu=1\"," + model + ",\"command\":\"hypotest\",\"mu\":1.0}");
            lines.add("{\"id\":\"" + p + "/limit\"," + model + ",\"command\":\"limit\"}");
        }
        String m300 = ws + ",\"patches\":[\"" + set + ":sbottom_300_100\"]";
        lines.add("{\"id\":\"300/mu=0.5\"," + m300 + ",\"command\":\"hypotest\",\"mu\":0.5}");
        lines.add("{\"id\":\"300/scan=0\"," + m300 + ",\"command\":\"scan\",\"value\":0.0}");
        lines.add("{\"id\":\"300/scan=2\"," + m300 + ",\"command\":\"scan\",\"value\":2.0}");
        lines.add("{\"id\":\"300/fit\"," + m300 + ",\"command\":\"fit\",\"fix\":{\"bkg_norm\":1.0}}");
        lines.add("{\"id\":\"300/outside\"," + m300 + ",\"command\":\"hypotest\",\"mu\":7.0}");
        for (int k = 0; k < 2; k++) {
            lines.add("{\"id\":\"300/toys/chunk=" + k + "\"," + m300 + ",\"command\":\"hypotest\",\"mu\":1.0,"
                    + "\"calctype\":\"toybased\",\"toys\":40,\"chunk\":" + k + ",\"chunks\":2,\"seed\":" + (11 + k)
                    + "}");
        }
        if (scenario) {
            lines.add("{\"id\":\"scalar/scan\",\"scenario\":\"scalar\",\"set\":{\"mass\":1.0},\"free\":[\"gs\"],"
                    + "\"command\":\"scan\",\"value\":1e-8}");
        }
        Path f = dir.resolve(scenario ? "tasks.jsonl" : "tasks-small.jsonl");
        Files.write(f, lines);
        return f;
    }

    private static List<String> parts(Path folder) throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> s = Files.list(folder)) {
            for (Path p : s.filter(p -> p.getFileName().toString().startsWith("part-")).sorted().toList()) {
                lines.addAll(Files.readAllLines(p));
            }
        }
        return lines;
    }

    @Test
    void sparkLocal2WritesTheRecordsOfTheLocalEngine() throws IOException {
        Path tasks = tasks(true);
        String data = TestData.dataDir().toString();
        Run local = kinvis("sweep", tasks.toString(), "--data", data, "--threads", "1", "--group-tasks", "100",
                "--out", dir.resolve("local.jsonl").toString());
        // one task asks for μ outside the POI bounds: its record says so, and the sweep exits 1
        assertThat(local.code()).as(local.err()).isEqualTo(1);
        List<String> expected = Files.readAllLines(dir.resolve("local.jsonl"));
        // 14 tasks and the merged record of the chunked toy test
        assertThat(expected).hasSize(15);
        assertThat(expected.get(14)).startsWith("{\"id\":\"300/toys\",").contains("\"toys\":80,\"chunks\":2");
        assertThat(expected.stream().filter(l -> l.contains("\"error\":\"mu: 7.0 is outside the POI bounds")))
                .hasSize(1);

        Path out = dir.resolve("spark.jsonl");
        // at most 2 tasks a group: the 9 tasks of the sbottom_300_100 model run in 5 groups, each set up anew
        Run spark = kinvis("sweep", tasks.toString(), "--data", data, "--engine", "spark", "--master", "local[2]",
                "--group-tasks", "2", "--out", out.toString());
        assertThat(spark.code()).as(spark.err()).isEqualTo(1);
        assertThat(spark.err()).contains("14 tasks in 8 groups on spark local[2]").contains("1 failed");
        List<String> got = parts(out);
        assertThat(got).hasSize(expected.size());
        assertThat(got.stream().sorted().toList()).isEqualTo(expected.stream().sorted().toList());
        assertThat(local.err()).contains("14 tasks in 4 groups on local (1 threads)");
    }

    @Test
    void parquetHoldsTheSameValues() throws IOException {
        Path tasks = tasks(false);
        Run local = kinvis("sweep", tasks.toString(), "--threads", "2", "--out", dir.resolve("l.jsonl").toString());
        assertThat(local.code()).isEqualTo(1);
        Path out = dir.resolve("r.parquet");
        Run spark = kinvis("sweep", tasks.toString(), "--engine", "spark", "--master", "local[2]", "--out",
                out.toString());
        assertThat(spark.code()).as(spark.err()).isEqualTo(1);
        SparkSession s = SparkSession.builder().master("local[1]").config("spark.ui.enabled", "false").getOrCreate();
        try {
            List<Row> rows = s.read().parquet(out.toString()).collectAsList();
            List<String> expected = Files.readAllLines(dir.resolve("l.jsonl"));
            assertThat(rows).hasSize(expected.size());
            for (String line : expected) {
                var e = new JsonInput("local record").parse(line);
                Row r = rows.stream().filter(x -> x.getAs("id").equals(e.get("id").asText())).findFirst().orElseThrow();
                for (TaskResult.Column c : TaskResult.Column.values()) {
                    Object v = r.getAs(c.key());
                    var ev = e.get(c.key());
                    if (ev == null || ev.isNull()) {
                        assertThat(v).as(c.key()).isNull();
                    } else if (c.type() == TaskResult.Type.DOUBLE_ARRAY) {
                        List<Double> a = r.getList(r.fieldIndex(c.key()));
                        for (int i = 0; i < ev.size(); i++) {
                            Double want = ev.get(i).isNull() ? null : ev.get(i).asDouble();
                            assertThat(a.get(i)).as(c.key()).isEqualTo(want);
                        }
                    } else {
                        assertThat(String.valueOf(v)).as(c.key()).isEqualTo(ev.asText());
                    }
                }
            }
        } finally {
            s.stop();
        }
    }
}
