package org.kinvis.host.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kinvis.host.input.InputException;
import org.kinvis.host.input.JsonInput;
import org.kinvis.host.model.ModelCompiler;
import org.kinvis.host.workspace.Workspaces.Join;

/**
 * prune / rename / combine with the results pyhf's {@code Workspace} methods produce (derived from their
 * documented semantics: pruning and renaming keep everything else; combine joins channels, observations and
 * measurements by name).
 */
class WorkspacesTest {
    /** The signal-patched HEPData fixture: SR (bkg, signal), CR (bkg), measurement with two configs. */
    static JsonNode ws() {
        return PatchRequest.parse(PatchSetTest.SET + ":sbottom_300_100").apply(PatchSetTest.bkg(), "ws").spec();
    }

    static List<String> names(JsonNode arr) {
        return java.util.stream.StreamSupport.stream(arr.spliterator(), false).map(n -> n.get("name").asText())
                .toList();
    }

    static void assertSame(JsonNode a, JsonNode b) {
        assertThat(JsonPatch.jsonEquals(a, b)).as(a + "\n vs \n" + b).isTrue();
    }

    @Test
    void pruneChannelsThenCombineBack() {
        JsonNode w = ws();
        JsonNode sr = Workspaces.prune(w, "ws", List.of(), List.of(), List.of(), List.of("CR"), List.of());
        JsonNode cr = Workspaces.prune(w, "ws", List.of(), List.of(), List.of(), List.of("SR"), List.of());
        assertThat(names(sr.get("channels"))).containsExactly("SR");
        assertThat(names(sr.get("observations"))).containsExactly("SR");
        // identical measurements on both sides: the outer join keeps one, so the combination is the original
        assertSame(Workspaces.combine(sr, "sr", cr, "cr", Join.OUTER, false), w);
        // the default join refuses a measurement name present on both sides
        assertThatThrownBy(() -> Workspaces.combine(sr, "sr", cr, "cr", Join.NONE, false))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("cannot have any measurements in common with the same name: [NormalMeasurement]");
        JsonNode crRenamed = Workspaces.rename(cr, "cr", Map.of(), Map.of(), Map.of(), Map.of("NormalMeasurement", "M2"));
        JsonNode none = Workspaces.combine(sr, "sr", crRenamed, "cr", Join.NONE, false);
        assertThat(names(none.get("measurements"))).containsExactly("NormalMeasurement", "M2");
    }

    @Test
    void pruneModifiersAndTypesKeepsOtherConfigs() {
        JsonNode w = ws();
        JsonNode p = Workspaces.prune(w, "ws", List.of("bkg_norm"), List.of("staterror"), List.of(), List.of(),
                List.of());
        assertThat(p.at("/channels/0/samples/0/modifiers").size()).isZero();
        assertThat(names(p.at("/channels/1/samples/0/modifiers"))).containsExactly("syst_eff");
        // the configuration of a pruned modifier name goes; others stay
        assertThat(names(p.at("/measurements/0/config/parameters"))).containsExactly("mu_SIG");
        // pruning a sample everywhere, then the SR signal is gone but mu_SIG's config stays (pyhf keeps it)
        JsonNode noSig = Workspaces.prune(w, "ws", List.of(), List.of(), List.of("signal"), List.of(), List.of());
        assertSame(noSig, PatchSetTest.bkg());
        assertThatThrownBy(() -> Workspaces.prune(w, "ws", List.of(), List.of("shapesys"), List.of(), List.of(),
                List.of())).hasMessageContaining("no modifier type named 'shapesys'");
        assertThatThrownBy(() -> Workspaces.prune(w, "ws", List.of("bkg_nrom"), List.of(), List.of(), List.of(),
                List.of())).hasMessageContaining("no modifier named 'bkg_nrom'")
                .hasMessageContaining("did you mean 'bkg_norm'");
        assertThatThrownBy(() -> Workspaces.prune(w, "ws", List.of(), List.of(), List.of("bkg"), List.of("SR"),
                List.of())).hasMessageContaining("leaves channel 'CR' without samples");
        assertThatThrownBy(() -> Workspaces.prune(w, "ws", List.of(), List.of(), List.of(), List.of(),
                List.of("NormalMeasurement"))).hasMessageContaining("no measurements");
    }

    @Test
    void renameTwiceIsTheIdentityAndRenamesEverythingThatRefers() {
        JsonNode w = ws();
        JsonNode r = Workspaces.rename(w, "ws", Map.of("mu_SIG", "mu", "bkg_norm", "k_bkg"), Map.of("bkg", "B"),
                Map.of("SR", "signal_region"), Map.of("NormalMeasurement", "meas"));
        assertThat(names(r.get("channels"))).containsExactly("signal_region", "CR");
        assertThat(names(r.get("observations"))).containsExactly("signal_region", "CR");
        assertThat(r.at("/measurements/0/name").asText()).isEqualTo("meas");
        assertThat(r.at("/measurements/0/config/poi").asText()).isEqualTo("mu");
        assertThat(names(r.at("/measurements/0/config/parameters"))).containsExactly("mu", "k_bkg");
        assertThat(names(r.at("/channels/0/samples/0/modifiers"))).containsExactly("k_bkg", "staterror_SR");
        assertThat(r.at("/channels/0/samples/0/name").asText()).isEqualTo("B");
        assertThat(ModelCompiler.compile(WorkspaceReader.fromJson(r, "r")).parameters().poiName()).isEqualTo("mu");
        JsonNode back = Workspaces.rename(r, "r", Map.of("mu", "mu_SIG", "k_bkg", "bkg_norm"), Map.of("B", "bkg"),
                Map.of("signal_region", "SR"), Map.of("meas", "NormalMeasurement"));
        assertSame(back, w);
        // pyhf checks old names against the workspace
        assertThatThrownBy(() -> Workspaces.rename(w, "ws", Map.of(), Map.of("sig", "x"), Map.of(), Map.of()))
                .hasMessageContaining("no sample named 'sig'");
    }

    @Test
    void combineJoinConflicts() {
        JsonNode w = ws();
        JsonNode sr = Workspaces.prune(w, "ws", List.of(), List.of(), List.of(), List.of("CR"), List.of());
        // same channel name, different content
        ObjectNode changed = sr.deepCopy();
        ((ArrayNode) changed.at("/channels/0/samples/0/data")).set(0, 49.0);
        assertThatThrownBy(() -> Workspaces.combine(sr, "a", changed, "b", Join.NONE, false))
                .hasMessageContaining("any channels in common with the same name: [SR]");
        assertThatThrownBy(() -> Workspaces.combine(sr, "a", changed, "b", Join.OUTER, false))
                .hasMessageContaining("channels in common with incompatible structure: [SR]");
        // left / right outer: that side's channel wins, unchecked
        JsonNode left = Workspaces.combine(sr, "a", changed, "b", Join.LEFT_OUTER, false);
        assertThat(left.at("/channels/0/samples/0/data/0").asDouble()).isEqualTo(50.0);
        JsonNode right = Workspaces.combine(sr, "a", changed, "b", Join.RIGHT_OUTER, false);
        assertThat(right.at("/channels/0/samples/0/data/0").asDouble()).isEqualTo(49.0);
        // observations differ
        ObjectNode obs = sr.deepCopy();
        ((ArrayNode) obs.at("/observations/0/data")).set(0, 60);
        assertThatThrownBy(() -> Workspaces.combine(sr, "a", obs, "b", Join.OUTER, false))
                .hasMessageContaining("observations in common with incompatible structure: [SR]");
        // same measurement, other POI
        JsonNode cr = Workspaces.prune(w, "ws", List.of(), List.of(), List.of(), List.of("SR"), List.of());
        ObjectNode poi = cr.deepCopy();
        ((ObjectNode) poi.at("/measurements/0/config")).put("poi", "bkg_norm");
        assertThatThrownBy(() -> Workspaces.combine(sr, "a", poi, "b", Join.OUTER, false))
                .hasMessageContaining("same measurements with incompatible POI: [NormalMeasurement]");
        // same measurement and POI, one parameter configured differently; another only on one side merges
        ObjectNode cfg = cr.deepCopy();
        ((ObjectNode) cfg.at("/measurements/0/config/parameters/1")).putArray("inits").add(2.0);
        assertThatThrownBy(() -> Workspaces.combine(sr, "a", cfg, "b", Join.OUTER, false))
                .hasMessageContaining("measurement (NormalMeasurement) with incompatible parameter configs: [bkg_norm]");
        ObjectNode extra = cr.deepCopy();
        ((ArrayNode) extra.at("/measurements/0/config/parameters")).addObject().put("name", "syst_eff")
                .putArray("bounds").addArray().add(-3).add(3);
        JsonNode merged = Workspaces.combine(sr, "a", extra, "b", Join.OUTER, false);
        assertThat(names(merged.at("/measurements/0/config/parameters"))).containsExactly("mu_SIG", "bkg_norm",
                "syst_eff");
        // versions
        ObjectNode v = cr.deepCopy();
        v.put("version", "1.0.1");
        assertThatThrownBy(() -> Workspaces.combine(sr, "a", v, "b", Join.OUTER, false))
                .hasMessageContaining("different versions cannot be combined: 1.0.0 != 1.0.1");
        assertThatThrownBy(() -> Workspaces.combine(sr, "a", cr, "b", Join.NONE, true))
                .hasMessageContaining("--merge-channels");
        assertThat(Join.parse("left outer")).isEqualTo(Join.LEFT_OUTER);
        assertThatThrownBy(() -> Join.parse("inner")).hasMessageContaining("expected one of none, outer");
    }

    @Test
    void mergeChannelsJoinsSamples() {
        JsonNode bkg = PatchSetTest.bkg();
        JsonNode sig = Workspaces.prune(ws(), "ws", List.of(), List.of(), List.of("bkg"), List.of("CR"), List.of());
        // sig: channel SR with the signal sample only; merged into bkg's SR channel sample by sample
        JsonNode m = Workspaces.combine(bkg, "bkg", sig, "sig", Join.OUTER, true);
        assertThat(names(m.at("/channels/0/samples"))).containsExactly("bkg", "signal");
        assertThat(names(m.get("channels"))).containsExactly("SR", "CR");
        // the model is the signal-patched workspace's (channels and samples compile in sorted order)
        assertThat(ModelCompiler.compile(WorkspaceReader.fromJson(m, "m")).parameters().names())
                .isEqualTo(ModelCompiler.compile(WorkspaceReader.fromJson(ws(), "w")).parameters().names());
    }

    @Test
    void replicateRenamesChannelsAndNuisancesButSharesThePoi() {
        Workspace w = WorkspaceReader.fromJson(ws(), "ws");
        int n = ModelCompiler.compile(w).parameters().size(); // mu_SIG, bkg_norm, staterror_SR[2], syst_eff
        assertThat(n).isEqualTo(5);
        Workspace x3 = Workspaces.replicate(w, 3);
        assertThat(x3.channels()).extracting(Channel::name)
                .containsExactly("SR", "CR", "SR_rep1", "CR_rep1", "SR_rep2", "CR_rep2");
        var t = ModelCompiler.compile(x3).parameters();
        assertThat(t.size()).isEqualTo(3 * (n - 1) + 1);
        assertThat(t.poiName()).isEqualTo("mu_SIG");
        assertThat(t.indexOf("bkg_norm_rep2")).isGreaterThanOrEqualTo(0);
        assertThat(x3.measurements()).hasSize(1);
        assertThat(x3.measurements().get(0).parameters()).extracting(ParameterConfig::name)
                .containsExactly("mu_SIG", "bkg_norm", "bkg_norm_rep1", "bkg_norm_rep2");
        assertThat(Workspaces.replicate(w, 1).channels()).hasSize(2);
    }

    /** The enlargement the fit-scaling benchmark uses: Belle II ×2 has 2·231 + 1 parameters (μ shared). */
    @Test
    void replicateBelleII() {
        Workspace w = WorkspaceReader.read(org.kinvis.host.TestData.workspace());
        var t = ModelCompiler.compile(Workspaces.replicate(w, 2)).parameters();
        assertThat(ModelCompiler.compile(w).parameters().size()).isEqualTo(232);
        assertThat(t.size()).isEqualTo(463);
        assertThat(t.poiName()).isEqualTo("mu");
    }

    @Test
    void recordToJsonRoundTrips() {
        Workspace w = WorkspaceReader.fromJson(ws(), "ws");
        assertSame(w.toJson(), ws());
        JsonNode back = new JsonInput("x").parse(w.toJson().toString());
        assertSame(back, ws());
    }
}
