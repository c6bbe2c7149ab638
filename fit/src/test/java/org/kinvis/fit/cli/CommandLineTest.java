package org.kinvis.fit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kinvis.host.TestData;
import org.kinvis.host.input.JsonInput;

/**
 * First contact with the command line (issue 15): --output's extension chooses JSON, -V on every command,
 * "did you mean" on mistyped options, commands and names, scenario names in any case, {@code --mu A:B:N}, column
 * headers on every table, the spectrum table without the sentinel bin and without internal documents, and a
 * progress bar on stderr for the long commands (forced here: stderr is not a terminal under the tests). On pyhf's
 * two-bin example, so every command takes milliseconds.
 */
class CommandLineTest {
    @TempDir
    Path dir;

    Path ws;

    @BeforeEach
    void workspace() throws IOException {
        ws = dir.resolve("simple.json");
        Files.writeString(ws, FigureCommandsTest.WS);
    }

    static EvalCommandTest.Run run(String... args) {
        return EvalCommandTest.run(args);
    }

    static void badInput(EvalCommandTest.Run r, String... parts) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).startsWith("kinvis: error: ");
        for (String p : parts) {
            assertThat(r.err()).contains(p);
        }
    }

    @Test
    void outputFormatFollowsTheExtensionUnlessFormatIsGiven() throws IOException {
        Path json = dir.resolve("spectrum.JSON");
        EvalCommandTest.Run a = run("spectrum", "--scenario", "wet", "--points", "5", "--output", json.toString());
        assertThat(a.code()).as(a.err()).isZero();
        JsonNode file = new JsonInput(json.toString()).parse(Files.readString(json, StandardCharsets.UTF_8));
        assertThat(file.get("scenario").asText()).isEqualTo("wet");
        assertThat(new JsonInput("stdout").parse(a.out())).isEqualTo(file); // one format for both
        Path explicit = dir.resolve("text.json");
        EvalCommandTest.Run b = run("spectrum", "--scenario", "wet", "--points", "5", "--format", "text", "--output",
                explicit.toString());
        assertThat(b.code()).as(b.err()).isZero();
        assertThat(Files.readString(explicit)).startsWith("scenario wet:").isEqualTo(b.out());
        Path txt = dir.resolve("fit.txt");
        EvalCommandTest.Run c = run("fit", "--workspace", ws.toString(), "--backend", "cpu", "--output",
                txt.toString());
        assertThat(c.code()).as(c.err()).isZero();
        assertThat(Files.readString(txt)).contains("Valid Minimum").doesNotStartWith("{");
        Path fitJson = dir.resolve("fit.json");
        EvalCommandTest.Run d = run("fit", "--workspace", ws.toString(), "--backend", "cpu", "--output",
                fitJson.toString());
        assertThat(new JsonInput("fit.json").parse(Files.readString(fitJson)).get("converged").asBoolean()).isTrue();
        assertThat(d.code()).isZero();
    }

    @Test
    void everyCommandPrintsTheVersion() {
        picocli.CommandLine cl = Kinvis.commandLine();
        List<String> names = new ArrayList<>(cl.getSubcommands().keySet());
        assertThat(names).contains("fit", "eval", "reinterpret", "ranking");
        for (String n : names) {
            for (String flag : new String[] {"-V", "--version"}) {
                java.io.StringWriter out = new java.io.StringWriter();
                cl.setOut(new java.io.PrintWriter(out, true));
                assertThat(cl.execute(n, flag)).as(n + " " + flag).isZero();
                assertThat(out.toString().strip()).as(n + " " + flag).isEqualTo(Kinvis.VERSION);
            }
        }
    }

    @Test
    void didYouMeanOnMistypedOptionsAndCommands() {
        badInput(run("fit", "--minnos", "mu"), "unknown option '--minnos'", "(did you mean '--minos'?)",
                "kinvis fit --help");
        badInput(run("fitt"), "unknown command 'fitt'", "(did you mean 'fit'?)");
        badInput(run("scan", "--valeus", "0:1:3"), "'--valeus'", "(did you mean '--values'?)");
        badInput(run("fit", "--qwertyuiop"), "unknown option '--qwertyuiop'");
        assertThat(run("fit", "--qwertyuiop").err()).doesNotContain("did you mean");
    }

    @Test
    void didYouMeanOnMistypedNames() {
        String w = ws.toString();
        badInput(run("fit", "--workspace", w, "--fix", "mu_=1"), "--fix", "unknown parameter 'mu_'",
                "(did you mean 'mu'?)");
        badInput(run("fit", "--workspace", w, "--minos", "MU"), "--minos", "(did you mean 'mu'?)");
        badInput(run("scan", "--workspace", w, "--poi", "muu", "--values", "0:1:2"), "--poi", "(did you mean 'mu'?)");
        badInput(run("scan", "--workspace", w, "--values", "0:1:2", "--poi2", "mux", "--values2", "0:1:2"),
                "--poi2", "(did you mean 'mu'?)");
        badInput(run("ranking", "--workspace", w, "--params", "uncor_bkguncrt[1]"), "--params",
                "(did you mean 'uncorr_bkguncrt[1]'?)");
        badInput(run("spectrum", "--scenario", "wet", "--set", "cvll=1"), "--set", "(did you mean 'cvl'?)");
        badInput(run("spectrum", "--scenario", "scalr"), "--scenario", "(did you mean 'scalar'?)");
        badInput(run("reinterpret", "--scenario", "scalar", "--scan", "mas", "--values", "1:2:2"), "--scan",
                "(did you mean 'mass'?)");
        badInput(run("reinterpret", "--scenario", "scalar", "--limit", "g", "--over", "mass", "--values", "1:2:2"),
                "--limit", "(did you mean 'gs'?)");
        badInput(run("reinterpret", "--scenario", "wet", "--free", "cvll"), "--free", "(did you mean 'cvl'?)");
    }

    @Test
    void scenarioNamesInAnyCase() {
        EvalCommandTest.Run r = run("spectrum", "--scenario", "WET", "--points", "3", "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(new JsonInput("stdout").parse(r.out()).get("scenario").asText()).isEqualTo("wet");
        assertThat(run("spectrum", "--scenario", "Dm-Scalar", "--points", "3").code()).isZero();
    }

    @Test
    void muTakesAGridOrAList() {
        String w = ws.toString();
        JsonNode grid = json(run("limit", "--workspace", w, "--backend", "cpu", "--format", "json", "--mu", "0.5:2:4"));
        assertThat(mus(grid)).containsExactly(0.5, 1.0, 1.5, 2.0);
        JsonNode list = json(run("limit", "--workspace", w, "--backend", "cpu", "--format", "json", "--mu", "2,1"));
        assertThat(mus(list)).containsExactly(2.0, 1.0);
        assertThat(list.get("observed").asDouble()).isEqualTo(grid.get("observed").asDouble());
        badInput(run("limit", "--workspace", w, "--mu", "0:2:x"), "--mu", "N = 'x' is not a whole number");
        badInput(run("limit", "--workspace", w, "--mu", "1,a"), "--mu", "'a' is not a number");
    }

    static JsonNode json(EvalCommandTest.Run r) {
        assertThat(r.code()).as(r.err()).isZero();
        return new JsonInput("stdout").parse(r.out());
    }

    private static List<Double> mus(JsonNode r) {
        List<Double> out = new ArrayList<>();
        r.get("hypotests").forEach(h -> out.add(h.get("mu").asDouble()));
        return out;
    }

    /** Every table has a header row; the 2D scan's names both parameters and Δ(−2 ln L). */
    @Test
    void tablesHaveColumnHeaders() {
        String w = ws.toString();
        EvalCommandTest.Run scan2 = run("scan", "--workspace", w, "--backend", "cpu", "--values", "0:2:3", "--poi2",
                "uncorr_bkguncrt[0]", "--values2", "0.9:1.1:2");
        assertThat(scan2.code()).as(scan2.err()).isZero();
        List<String> lines = scan2.out().lines().toList();
        assertThat(lines.get(1)).containsPattern("^\\s+mu\\s+uncorr_bkguncrt\\[0\\]\\s+Δ\\(−2 ln L\\)$");
        assertThat(lines.get(2)).containsPattern("^\\s+0\\s+0\\.9\\s+\\d+\\.\\d{6}");
        EvalCommandTest.Run scan = run("scan", "--workspace", w, "--backend", "cpu", "--values", "0:2:3");
        assertThat(scan.out().lines().toList().get(1)).containsPattern("^\\s+mu\\s+twice_nll\\s+Δ\\(−2 ln L\\)$");
        EvalCommandTest.Run spectrum = run("spectrum", "--scenario", "wet");
        assertThat(spectrum.out()).contains("q² from [GeV²]").doesNotContain("-1.000").doesNotContain("PHYSICS.md")
                .contains("arXiv:");
        List<String> rows = spectrum.out().lines().dropWhile(l -> !l.contains("q² from")).skip(1).toList();
        assertThat(rows).hasSize(10);
        assertThat(rows.get(0)).containsPattern("^\\s+0\\.000\\s+0\\.229\\s");
    }

    /** reinterpret's fit and scan tables name their columns (Belle II, the one-coupling dm-scalar scenario). */
    @Test
    void reinterpretTablesHaveColumnHeaders() {
        String[] data = {"--backend", "cpu", "--data", TestData.dataDir().toString()};
        EvalCommandTest.Run fit = run(concat(new String[] {"reinterpret", "--scenario", "dm-scalar", "--fit"}, data));
        assertThat(fit.code()).as(fit.err()).isZero();
        List<String> rows = fit.out().lines().dropWhile(l -> !l.matches("^\\s+parameter\\s+value\\s+error$")).toList();
        assertThat(rows).as(fit.out()).hasSizeGreaterThan(2);
        assertThat(rows).anyMatch(l -> l.matches("^\\s+gs\\s+\\d.*"));
        EvalCommandTest.Run scan = run(concat(new String[] {"reinterpret", "--scenario", "dm-scalar", "--scan", "gs",
            "--values", "0:1e-7:2"}, data));
        assertThat(scan.code()).as(scan.err()).isZero();
        List<String> lines = scan.out().lines().toList();
        assertThat(lines.get(1)).containsPattern("^\\s+gs\\s+twice_nll\\s+Δ\\(−2 ln L\\)$");
        assertThat(lines.get(3)).containsPattern("^\\s+1e-07\\s+");
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /**
     * A long command draws a bar with the count of fits and an ETA on stderr (forced on, no delay), erased before
     * the result; without forcing, stderr that is no terminal gets no bar.
     */
    @Test
    void progressBarOnStderr() {
        String before = System.getProperty("kinvis.progress");
        String delay = System.getProperty("kinvis.progress.delay");
        try {
            System.setProperty("kinvis.progress", "always");
            System.setProperty("kinvis.progress.delay", "0");
            EvalCommandTest.Run r = run("scan", "--workspace", ws.toString(), "--backend", "cpu", "--values",
                    "0:4:9");
            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.err()).contains("\rkinvis scan [").contains("10/10 fits 100%");
            assertThat(r.err()).endsWith("\r"); // erased
            assertThat(r.out()).doesNotContain("\r").startsWith("profile scan of mu");
            System.setProperty("kinvis.progress", "auto");
            EvalCommandTest.Run quiet = run("scan", "--workspace", ws.toString(), "--backend", "cpu", "--values",
                    "0:4:9");
            assertThat(quiet.err()).isEmpty();
        } finally {
            restore("kinvis.progress", before);
            restore("kinvis.progress.delay", delay);
        }
    }

    static void restore(String key, String value) {
        if (value == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, value);
        }
    }
}
