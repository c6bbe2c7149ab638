package org.kinvis.fit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kinvis.host.TestData;
import org.kinvis.host.input.JsonInput;

/**
 * Issue 13 at the command line for {@code kinvis spectrum} and {@code kinvis reinterpret}: the limit m → 0 of the
 * two-body states (item 1), no non-finite number printed at any bound, number densities checked against the
 * workspace (item 8), and bad names or values blamed on the option they came from (items 8, 9).
 */
class PhysicsInputTest {
    @TempDir
    Path dir;

    static EvalCommandTest.Run run(String... args) {
        return EvalCommandTest.run(args);
    }

    static JsonNode json(EvalCommandTest.Run r) {
        assertThat(r.code()).as(r.err()).isZero();
        return new JsonInput("stdout").parse(r.out());
    }

    /** One line on stderr naming what was asked for, exit 2. */
    static void badInput(EvalCommandTest.Run r, String... mentions) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).contains(mentions);
    }

    /**
     * {@code spectrum --set mass=0 --set width=2} printed "NaN" as the branching ratio (exit 0), and {@code
     * reinterpret} evaluated a different point than the one set; now mass 0 is the limit m → 0 (the whole
     * Breit–Wigner in the first true bin), continuous with mass = 1e-9.
     */
    @Test
    void twoBodyMassZeroIsContinuous() {
        for (String s : List.of("scalar", "alp")) {
            double br0 = json(run("spectrum", "--scenario", s, "--set", "mass=0", "--set", "width=2", "--format",
                    "json")).get("branching_ratio").asDouble();
            double br9 = json(run("spectrum", "--scenario", s, "--set", "mass=1e-9", "--set", "width=2", "--format",
                    "json")).get("branching_ratio").asDouble();
            assertThat(br0).isPositive().isCloseTo(br9, within(1e-8 * br9));
        }
        String[] common = {"reinterpret", "--scenario", "scalar", "--set", "width=2", "--backend", "cpu", "--format",
            "json", "--data", TestData.dataDir().toString()};
        JsonNode zero = json(run(concat(common, "--set", "mass=0")));
        JsonNode tiny = json(run(concat(common, "--set", "mass=1e-9")));
        assertThat(zero.get("logpdf").asDouble()).isCloseTo(tiny.get("logpdf").asDouble(), within(1e-6));
        // factors O(1); those without support in the first true bin are O(m Γ) at mass 1e-9, and 0 at mass 0
        for (int k = 0; k < tiny.get("signal_factors").size(); k++) {
            double f = tiny.get("signal_factors").get(k).asDouble();
            assertThat(zero.get("signal_factors").get(k).asDouble()).isCloseTo(f, within(1e-7 * Math.max(f, 1)));
        }
    }

    static String[] concat(String[] a, String... b) {
        List<String> out = new ArrayList<>(List.of(a));
        out.addAll(List.of(b));
        return out.toArray(new String[0]);
    }

    /**
     * Every physics parameter of the two-body scenarios at each end of its listed bounds (width 2 unless it is the
     * width's own end):
     * {@code spectrum --format json} succeeds with finite numbers only (every scenario's bounds are swept at the
     * library level, {@code BinIntegralsTest}).
     */
    @Test
    void twoBodySpectrumAtEveryBoundIsFinite() {
        JsonNode list = json(run("spectrum", "--list", "--format", "json"));
        int printed = 0;
        for (JsonNode s : list.get("scenarios")) {
            if (!List.of("scalar", "alp", "vector").contains(s.get("name").asText())) {
                continue;
            }
            JsonNode ps = s.get("parameters");
            for (int j = 0; j < ps.size() - 8; j++) {
                for (String end : List.of("lower", "upper")) {
                    for (String width : List.of("width=2")) {
                        String set = ps.get(j).get("name").asText() + "=" + ps.get(j).get(end).asDouble();
                        EvalCommandTest.Run r = run("spectrum", "--scenario", s.get("name").asText(), "--set", width,
                                "--set", set, "--points", "20", "--format", "json");
                        JsonNode out = json(r);
                        assertThat(r.out()).as(s.get("name") + " " + set).doesNotContain("NaN", "Infinity");
                        assertThat(out.get("branching_ratio").isNumber()).as(s.get("name") + " " + set).isTrue();
                        printed++;
                    }
                }
            }
        }
        assertThat(printed).isEqualTo(36);
    }

    /** A data folder with the Belle II files, one number density replaced. */
    Path dataWith(String csv, String content) throws IOException {
        Path d = Files.createDirectories(dir.resolve("data-" + Math.abs(content.hashCode())));
        for (String f : List.of("combined_likelihood.json", "wet_reinterpretation_inputs.json",
                "number_density_ita_regA.csv", "number_density_ita_regB.csv", "number_density_hta.csv")) {
            if (!f.equals(csv)) {
                Files.createSymbolicLink(d.resolve(f), TestData.dataDir().resolve(f).toAbsolutePath());
            }
        }
        Files.writeString(d.resolve(csv), content);
        return d;
    }

    /**
     * A number density whose row does not sum to the workspace's nominal signal yield of its bin (a 1e308 cell, a
     * row of zeros, a cell off by 1e-3 of an event) was accepted; now it is refused naming the file and the row.
     * The published maps themselves pass (HTA rows 0 and 1 are 3.05e-5 off, within the stated tolerance).
     */
    @Test
    void numberDensityRowsMustSumToTheNominalSignal() throws IOException {
        List<String> lines = Files.readAllLines(TestData.dataDir().resolve("number_density_ita_regA.csv"));
        String[][] cases = {{"1e308", "sums to"}, {"zeros", "sums to"}, {"shift", "sums to"}, {"inf", "finite"}};
        for (String[] c : cases) {
            List<String> edited = new ArrayList<>(lines);
            String[] cells = edited.get(2).split(",");
            switch (c[0]) {
                case "zeros" -> java.util.Arrays.fill(cells, "0");
                case "shift" -> cells[40] = String.valueOf(Double.parseDouble(cells[40]) + 1e-3);
                case "inf" -> cells[40] = "Infinity";
                default -> cells[40] = c[0];
            }
            edited.set(2, String.join(",", cells));
            Path d = dataWith("number_density_ita_regA.csv", String.join("\n", edited) + "\n");
            EvalCommandTest.Run r = run("reinterpret", "--scenario", "wet", "--backend", "cpu", "--data",
                    d.toString());
            badInput(r, "number_density_ita_regA.csv", "row 3", c[1]);
        }
        EvalCommandTest.Run ok = run("reinterpret", "--scenario", "wet", "--backend", "cpu", "--data",
                TestData.dataDir().toString(), "--format", "json");
        assertThat(json(ok).get("logpdf").asDouble()).isFinite();
    }

    /** Names that are not physics parameters of the scenario, given to --free: exit 2 naming --free. */
    @Test
    void freeNamesAreChecked() {
        badInput(run("reinterpret", "--scenario", "wet", "--free", "nosuch"), "--free", "nosuch", "cvl");
        badInput(run("reinterpret", "--scenario", "wet", "--free", "cvl,ff_fp0"), "--free", "ff_fp0");
        badInput(run("reinterpret", "--scenario", "wet", "--free", "mass"), "--free", "mass");
    }

    /**
     * {@code reinterpret --scan mass --values 0.5:10:3} blamed "--set: mass=5.25"; a grid value outside the
     * parameter's bounds is an error of the option that gave it.
     */
    @Test
    void gridValuesAreBlamedOnTheirOption() {
        EvalCommandTest.Run scan = run("reinterpret", "--scenario", "scalar", "--scan", "mass", "--values", "0.5:10:3");
        badInput(scan, "--values", "0.5:10:3", "mass");
        assertThat(scan.err()).doesNotContain("--set");
        EvalCommandTest.Run limit = run("reinterpret", "--scenario", "scalar", "--set", "width=0.1", "--limit", "gs",
                "--over", "mass", "--values", "1:6:2");
        badInput(limit, "--values", "1:6:2", "mass");
        EvalCommandTest.Run scan2 = run("reinterpret", "--scenario", "scalar", "--scan", "mass", "--values", "1:2:2",
                "--scan2", "gs", "--values2", "0:1:2");
        badInput(scan2, "--values2", "gs");
    }

    /**
     * {@code reinterpret --patch}: the patched workspace is the one reinterpreted — the same logpdf as the patched
     * document given as {@code --workspace}, and not the unpatched one's.
     */
    @Test
    void reinterpretTakesPatches() throws IOException {
        Path data = TestData.dataDir();
        JsonNode doc = JsonInput.read(data.resolve("combined_likelihood.json"));
        double n0 = doc.get("observations").get(0).get("data").get(0).asDouble();
        Path patch = dir.resolve("more-data.json");
        Files.writeString(patch, "[{\"op\": \"replace\", \"path\": \"/observations/0/data/0\", \"value\": "
                + (n0 + 25) + "}]");
        ((com.fasterxml.jackson.databind.node.ArrayNode) doc.get("observations").get(0).get("data")).set(0, n0 + 25);
        Path patched = dir.resolve("patched.json");
        Files.writeString(patched, doc.toString());
        String[] c = {"reinterpret", "--scenario", "wet", "--set", "cvl=10", "--backend", "cpu", "--format", "json",
            "--data", data.toString()};
        double plain = json(run(c)).get("logpdf").asDouble();
        double viaPatch = json(run(concat(c, "--patch", patch.toString()))).get("logpdf").asDouble();
        double viaFile = json(run(concat(c, "--workspace", patched.toString()))).get("logpdf").asDouble();
        assertThat(viaPatch).isEqualTo(viaFile);
        assertThat(Math.abs(viaPatch - plain)).isGreaterThan(1);
    }
}
