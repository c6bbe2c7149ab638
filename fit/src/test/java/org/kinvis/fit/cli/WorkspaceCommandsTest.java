package org.kinvis.fit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kinvis.host.TestData;
import org.kinvis.host.input.JsonInput;
import org.kinvis.host.workspace.JsonPatch;
import org.kinvis.host.workspace.PatchRequest;
import org.kinvis.host.workspace.PythonJson;

/**
 * The workspace commands end to end on the HEPData-style fixture (host test resources {@code patchset/}:
 * BkgOnly.json and a patchset of three signal patches): --patch, inspect, prune/rename/combine, --init/--bounds,
 * and workspaces without a POI or with a γ as POI.
 */
class WorkspaceCommandsTest {
    static final Path DIR = TestData.root().resolve("host/src/test/resources/patchset");
    static final String BKG = DIR.resolve("BkgOnly.json").toString();
    static final String SET = DIR.resolve("patchset.json").toString();

    @TempDir
    Path tmp;

    static EvalCommandTest.Run run(String... args) {
        return EvalCommandTest.run(args);
    }

    static JsonNode json(EvalCommandTest.Run r) {
        assertThat(r.code()).as(r.err()).isZero();
        return new JsonInput("stdout").parse(r.out());
    }

    static void assertOneLineError(EvalCommandTest.Run r, String... fragments) {
        assertThat(r.code()).as(r.out() + r.err()).isEqualTo(2);
        assertThat(r.err().strip().lines().count()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).doesNotContain("Exception");
        for (String f : fragments) {
            assertThat(r.err()).contains(f);
        }
    }

    static double pois(double n, double nu) {
        return n * Math.log(nu) - nu - Gamma.logGamma(n + 1);
    }

    static double gauss(double a, double theta, double sigma) {
        return -0.5 * Math.pow((a - theta) / sigma, 2) - Math.log(sigma) - 0.5 * Math.log(2 * Math.PI);
    }

    @Test
    void evalWithPatchByNameAndByValues() {
        // sbottom_500_250 adds signal [2, 4.5] × mu_SIG to SR: at the inits ν_SR = [52, 56.5], ν_CR = 100;
        // staterror σ = δ/ν_bkg of the one sample carrying it, normsys α = 0
        double expected = pois(51, 52) + pois(48, 56.5) + pois(103, 100) + gauss(1, 1, 3.0 / 50)
                + gauss(1, 1, 7.0 / 52) + gauss(0, 0, 1);
        for (String key : new String[] {"sbottom_500_250", "500,250.5", "[500, 250.5]"}) {
            JsonNode r = json(run("eval", "--workspace", BKG, "--patch", SET + ":" + key, "--backend", "cpu",
                    "--format", "json"));
            assertThat(r.get("logpdf").get(0).asDouble()).as(key).isCloseTo(expected, within(1e-10));
        }
        // the background-only workspace names a POI that only the signal patches declare
        assertOneLineError(run("eval", "--workspace", BKG), "'mu_SIG' is not declared");
        assertOneLineError(run("eval", "--workspace", BKG, "--patch", SET), "a patchset of 3 patches",
                "sbottom_300_100 (300,100)");
        assertOneLineError(run("eval", "--workspace", BKG, "--patch", SET + ":sbottom_999_1"),
                "no patch named 'sbottom_999_1'");
    }

    @Test
    void digestMismatchIsRefused() throws IOException {
        Path other = tmp.resolve("other.json");
        Files.writeString(other, Files.readString(Path.of(BKG)).replace("[51, 48]", "[52, 48]"));
        assertOneLineError(run("fit", "--workspace", other.toString(), "--patch", SET + ":sbottom_300_100"),
                "metadata.digests.", "other.json has");
        JsonNode listing = json(run("inspect", "--workspace", other.toString(), "--patchset", SET, "--format",
                "json"));
        assertThat(listing.get("digests_match").asBoolean()).isFalse();
    }

    @Test
    void inspectPatchedWorkspace() {
        JsonNode in = json(run("inspect", "--workspace", BKG, "--patch", SET + ":sbottom_400_100", "--format",
                "json", "--init", "mu_SIG=2", "--bounds", "mu_SIG=0:3"));
        assertThat(in.get("poi").asText()).isEqualTo("mu_SIG");
        assertThat(in.get("poi_index").asInt()).isEqualTo(1); // pyhf order: bkg_norm, mu_SIG, syst_eff, staterror_SR
        assertThat(in.get("channels").toString()).isEqualTo("[{\"name\":\"CR\",\"bins\":1,\"samples\":[\"bkg\","
                + "\"signal\"]},{\"name\":\"SR\",\"bins\":2,\"samples\":[\"bkg\",\"signal\"]}]");
        assertThat(in.get("modifiers").toString()).isEqualTo("[{\"name\":\"bkg_norm\",\"type\":\"normfactor\"},"
                + "{\"name\":\"mu_SIG\",\"type\":\"normfactor\"},{\"name\":\"staterror_SR\",\"type\":\"staterror\"},"
                + "{\"name\":\"syst_eff\",\"type\":\"normsys\"}]");
        JsonNode mu = in.get("parameters").get(1);
        assertThat(mu.toString()).isEqualTo("{\"name\":\"mu_SIG\",\"index\":1,\"n\":1,\"modifiers\":[\"normfactor\"],"
                + "\"constraint\":\"unconstrained\",\"inits\":[2.0],\"bounds\":[[0.0,3.0]],\"fixed\":[false]}");
        JsonNode stat = in.get("parameters").get(2);
        assertThat(stat.get("name").asText()).isEqualTo("staterror_SR");
        assertThat(stat.get("constraint").asText()).isEqualTo("constrained_by_normal");
        assertThat(stat.get("n").asInt()).isEqualTo(2);
        assertThat(stat.get("sigmas").get(0).asDouble()).isCloseTo(3.0 / 50, within(1e-15));
        assertThat(stat.get("sigmas").get(1).asDouble()).isCloseTo(7.0 / 52, within(1e-15));
        assertThat(in.get("measurements").toString()).isEqualTo("[{\"name\":\"NormalMeasurement\",\"poi\":\"mu_SIG\","
                + "\"parameters\":[\"mu_SIG\",\"bkg_norm\"]}]");
        EvalCommandTest.Run text = run("inspect", "--workspace", BKG, "--patch", SET + ":sbottom_300_100");
        assertThat(text.code()).as(text.err()).isZero();
        assertThat(text.out()).contains("2 channels, 3 bins, 2 samples, 4 modifiers, 4 parameter sets (5 parameters)")
                .contains("(*) NormalMeasurement").contains("POI mu_SIG (index 1)")
                .containsPattern("mu_SIG +unconstrained +normfactor +1 +1 +\\[0, 5\\] +no");
        EvalCommandTest.Run listing = run("inspect", "--workspace", BKG, "--patchset", SET);
        assertThat(listing.out()).contains("digests match").contains("sbottom_500_250  500, 250.5");
    }

    @Test
    void initAndBoundsErrors() {
        String[] ws = {"--workspace", BKG, "--patch", SET + ":sbottom_300_100"};
        assertOneLineError(run(concat(new String[] {"fit", "--init", "mu_SGI=1"}, ws)),
                "--init: mu_SGI=1: unknown parameter 'mu_SGI' (did you mean 'mu_SIG'?)");
        assertOneLineError(run(concat(new String[] {"eval", "--bounds", "mu_SIG=2:1"}, ws)), "expected LO < HI");
        assertOneLineError(run(concat(new String[] {"scan", "--values", "0:1:2", "--init", "mu_SIG=9"}, ws)),
                "the initial value 9 of mu_SIG is outside its bounds [0, 5]");
        JsonNode fit = json(run(concat(new String[] {"fit", "--init", "mu_SIG=0.5", "--bounds", "mu_SIG=0:2",
            "--format", "json", "--backend", "cpu"}, ws)));
        assertThat(fit.get("converged").asBoolean()).isTrue();
        assertThat(fit.get("parameters").get("mu_SIG").get("value").asDouble()).isBetween(0.0, 2.0);
    }

    static String[] concat(String[] a, String[] b) {
        String[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    /** A one-bin channel with a shapesys γ, and a measurement whose POI is given. */
    static String poiWorkspace(String poi) {
        return "{\"version\": \"1.0.0\", \"channels\": [{\"name\": \"SR\", \"samples\": [{\"name\": \"sig\", \"data\":"
                + " [5], \"modifiers\": [{\"name\": \"mu\", \"type\": \"normfactor\", \"data\": null}]}, {\"name\":"
                + " \"bkg\", \"data\": [50], \"modifiers\": [{\"name\": \"gam\", \"type\": \"shapesys\", \"data\":"
                + " [5]}]}]}], \"observations\": [{\"name\": \"SR\", \"data\": [57]}], \"measurements\": [{\"name\":"
                + " \"m\", \"config\": {\"poi\": \"" + poi + "\", \"parameters\": [{\"name\": \"mu\", \"fixed\":"
                + " true}]}}]}";
    }

    @Test
    void noPoiEvalAndFitWork() throws IOException {
        Path ws = tmp.resolve("nopoi.json");
        Files.writeString(ws, poiWorkspace(""));
        JsonNode e = json(run("eval", "--workspace", ws.toString(), "--format", "json", "--backend", "cpu"));
        assertThat(e.get("logpdf").get(0).asDouble()).isCloseTo(pois(57, 55) + pois(100, 100), within(1e-10));
        JsonNode f = json(run("fit", "--workspace", ws.toString(), "--format", "json", "--backend", "cpu"));
        assertThat(f.get("converged").asBoolean()).isTrue();
        assertThat(f.get("poi").isNull()).isTrue();
        // mu fixed at 1, γ free: the MLE of γ solves 57/(5 + 50γ)·50 − 50 + 100/γ − 100 = 0
        double lo = 0.5;
        double hi = 1.5;
        for (int i = 0; i < 100; i++) { // the score is decreasing in γ: bisect for its zero
            double mid = 0.5 * (lo + hi);
            if (57.0 / (5 + 50 * mid) * 50 - 50 + 100 / mid - 100 > 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        assertThat(f.get("parameters").get("gam[0]").get("value").asDouble()).isCloseTo(lo, within(1e-4));
        EvalCommandTest.Run text = run("inspect", "--workspace", ws.toString());
        assertThat(text.out()).contains("(none)").contains("no parameter of interest");
    }

    @Test
    void gammaAsPoi() throws IOException {
        Path ws = tmp.resolve("gamma.json");
        Files.writeString(ws, poiWorkspace("gam"));
        JsonNode f = json(run("fit", "--workspace", ws.toString(), "--format", "json", "--backend", "cpu"));
        assertThat(f.get("poi").asText()).isEqualTo("gam[0]");
        assertThat(f.get("converged").asBoolean()).isTrue();
        JsonNode in = json(run("inspect", "--workspace", ws.toString(), "--format", "json"));
        assertThat(in.get("poi").asText()).isEqualTo("gam");
        assertThat(in.get("poi_index").asInt()).isEqualTo(1);
        Path two = tmp.resolve("two.json");
        Files.writeString(two, poiWorkspace("gam").replace("[5], \"modifiers\": [{\"name\": \"mu\"",
                "[5, 6], \"modifiers\": [{\"name\": \"mu\"").replace("[50]", "[50, 60]").replace("[5]}]", "[5, 6]}]")
                .replace("[57]", "[57, 66]"));
        assertOneLineError(run("eval", "--workspace", two.toString()), "'gam' has 2 components, expected one");
    }

    @Test
    void pruneRenameCombineRoundTrips() throws IOException {
        Path ws = tmp.resolve("ws.json");
        Files.writeString(ws, PythonJson.dumps(PatchRequest.parse(SET + ":sbottom_300_100")
                .apply(JsonInput.read(Path.of(BKG)), "ws").spec(), 4));
        JsonNode original = JsonInput.read(ws);
        Path sr = tmp.resolve("sr.json");
        Path cr = tmp.resolve("cr.json");
        assertThat(run("prune", "--workspace", ws.toString(), "-c", "CR", "--output-file", sr.toString()).code())
                .isZero();
        EvalCommandTest.Run p = run("prune", "--workspace", ws.toString(), "--channel", "SR");
        assertThat(p.code()).as(p.err()).isZero();
        Files.writeString(cr, p.out());
        Path back = tmp.resolve("back.json");
        EvalCommandTest.Run c = run("combine", sr.toString(), cr.toString(), "--join", "outer", "--output-file",
                back.toString());
        assertThat(c.code()).as(c.err()).isZero();
        assertThat(JsonPatch.jsonEquals(JsonInput.read(back), original)).isTrue();
        // written as pyhf writes it: json.dumps(indent=4, sort_keys=True)
        assertThat(Files.readString(back)).isEqualTo(PythonJson.dumps(original, 4) + System.lineSeparator());
        assertOneLineError(run("combine", sr.toString(), cr.toString()),
                "cannot have any measurements in common with the same name: [NormalMeasurement]");
        assertThat(run("combine", sr.toString(), cr.toString(), "-j", "left outer").code()).isZero();
        assertOneLineError(run("combine", sr.toString(), cr.toString(), "--join", "inner"), "--join");

        Path renamed = tmp.resolve("renamed.json");
        assertThat(run("rename", "--workspace", ws.toString(), "-c", "SR", "signal_region", "-m", "mu_SIG", "mu",
                "--sample", "bkg", "B", "--measurement", "NormalMeasurement", "meas", "--output-file",
                renamed.toString()).code()).isZero();
        JsonNode fit = json(run("fit", "--workspace", renamed.toString(), "--format", "json", "--backend", "cpu"));
        assertThat(fit.get("poi").asText()).isEqualTo("mu");
        EvalCommandTest.Run twice = run("rename", "--workspace", renamed.toString(), "-c", "signal_region", "SR",
                "-m", "mu", "mu_SIG", "-s", "B", "bkg", "--measurement", "meas", "NormalMeasurement");
        assertThat(JsonPatch.jsonEquals(new JsonInput("out").parse(twice.out()), original)).isTrue();
        assertOneLineError(run("prune", "--workspace", ws.toString(), "-m", "bkg_nrom"),
                "no modifier named 'bkg_nrom'", "did you mean 'bkg_norm'");
        assertOneLineError(run("prune", "--workspace", ws.toString(), "-s", "bkg", "-s", "signal"), "without samples");
        // --patch applies before pruning
        JsonNode pruned = json(run("prune", "--workspace", BKG, "--patch", SET + ":sbottom_300_100", "-t",
                "staterror"));
        assertThat(pruned.at("/channels/0/samples/1/name").asText()).isEqualTo("signal");
        assertThat(pruned.at("/channels/0/samples/0/modifiers").size()).isEqualTo(1);
    }
}
