package org.kinvis.host.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kinvis.host.input.InputException;
import org.kinvis.host.input.JsonInput;

/**
 * HEPData-style patchset (test resources {@code patchset/}: a background-only workspace and three signal
 * patches, its sha256 and md5 digests computed with Python's json module as pyhf.utils.digest does).
 */
class PatchSetTest {
    static final Path DIR = Path.of("src/test/resources/patchset");
    static final Path BKG = DIR.resolve("BkgOnly.json");
    static final Path SET = DIR.resolve("patchset.json");

    @TempDir
    Path tmp;

    static JsonNode bkg() {
        return JsonInput.read(BKG);
    }

    static PatchSet set() {
        return PatchSet.read(JsonInput.read(SET), SET.toString());
    }

    /** The SR signal sample the patches add, written out by hand. */
    static String signal(String data) {
        return "{\"name\": \"signal\", \"data\": " + data + ", \"modifiers\": [{\"name\": \"mu_SIG\", \"type\":"
                + " \"normfactor\", \"data\": null}]}";
    }

    @Test
    void metadataAndDigestsAsPyhfComputesThem() {
        PatchSet s = set();
        assertThat(s.labels()).containsExactly("m_sbottom", "m_neutralino");
        assertThat(s.patches()).extracting(PatchSet.Patch::name)
                .containsExactly("sbottom_300_100", "sbottom_400_100", "sbottom_500_250");
        assertThat(WorkspaceDigest.of(bkg(), "sha256")).isEqualTo(s.digests().get("sha256"));
        assertThat(WorkspaceDigest.of(bkg(), "md5")).isEqualTo(s.digests().get("md5"));
        s.verify(bkg(), BKG.toString());
    }

    @Test
    void applyByNameGivesTheHandWrittenWorkspace() {
        JsonNode got = PatchRequest.parse(SET + ":sbottom_400_100").apply(bkg(), BKG.toString()).spec();
        ObjectNode expected = bkg().deepCopy();
        ((com.fasterxml.jackson.databind.node.ArrayNode) expected.get("channels").get(0).get("samples"))
                .insert(1, new JsonInput("t").parse(signal("[6.0, 9.0]")));
        ((com.fasterxml.jackson.databind.node.ArrayNode) expected.get("channels").get(1).get("samples"))
                .add(new JsonInput("t").parse(signal("[0.5]")));
        assertThat(got).isEqualTo(expected);
        Workspace ws = WorkspaceReader.fromJson(got, "patched");
        assertThat(ws.channel("CR").samples()).extracting(Sample::name).containsExactly("bkg", "signal");
    }

    @Test
    void applyByValues() {
        PatchSet s = set();
        assertThat(s.select("400,100").name()).isEqualTo("sbottom_400_100");
        assertThat(s.select("[500, 250.5]").name()).isEqualTo("sbottom_500_250");
        assertThat(s.select("300.0,100").name()).isEqualTo("sbottom_300_100"); // numbers compare by value
        JsonNode got = PatchRequest.parse(SET + ":500,250.5").apply(bkg(), BKG.toString()).spec();
        assertThat(got.at("/measurements/0/config/parameters/0/bounds").toString()).isEqualTo("[[0.0,20.0]]");
        assertThat(got.at("/channels/0/samples/1/data").toString()).isEqualTo("[2.0,4.5]");
    }

    @Test
    void missingOrUnknownNameListsThePatches() {
        assertThatThrownBy(() -> PatchRequest.parse(SET.toString()).apply(bkg(), "ws"))
                .isInstanceOf(InputException.class).hasMessageContaining("a patchset of 3 patches")
                .hasMessageContaining("sbottom_300_100 (300,100), sbottom_400_100 (400,100),"
                        + " sbottom_500_250 (500,250.5)");
        assertThatThrownBy(() -> set().select("sbottom_600_100"))
                .hasMessageContaining("no patch named 'sbottom_600_100'").hasMessageContaining("sbottom_500_250");
        assertThatThrownBy(() -> set().select("400,101")).hasMessageContaining("values (400, 101)");
    }

    @Test
    void digestMismatchIsRefusedAsPyhfDoes() {
        ObjectNode other = bkg().deepCopy();
        ((ObjectNode) other.get("observations").get(0)).putArray("data").add(52).add(48);
        assertThatThrownBy(() -> PatchRequest.parse(SET + ":sbottom_300_100").apply(other, "other.json"))
                .isInstanceOf(InputException.class)
                .hasMessageContaining("metadata.digests.").hasMessageContaining("other.json has");
        // the same numbers written as floats: Python's json writes 51.0, not 51, so pyhf's digest differs too
        ObjectNode floats = bkg().deepCopy();
        ((ObjectNode) floats.get("observations").get(0)).putArray("data").add(51.0).add(48.0);
        assertThatThrownBy(() -> set().verify(floats, "floats.json")).hasMessageContaining("floats.json has");
    }

    @Test
    void plainJsonPatchAndSinglePatchFiles() throws IOException {
        Path plain = tmp.resolve("signal.json");
        Files.writeString(plain, "[{\"op\": \"add\", \"path\": \"/channels/0/samples/-\", \"value\": "
                + signal("[1.0, 2.0]") + "}]");
        JsonNode got = PatchRequest.parse(plain.toString()).apply(bkg(), "ws").spec();
        assertThat(got.at("/channels/0/samples/1/name").asText()).isEqualTo("signal");
        assertThatThrownBy(() -> PatchRequest.parse(plain + ":x").apply(bkg(), "ws"))
                .hasMessageContaining("a name selects a patch of a patchset");
        Path single = tmp.resolve("single.json");
        Files.writeString(single, "{\"metadata\": {\"name\": \"p\", \"values\": [1]}, \"patch\": [{\"op\": \"remove\","
                + " \"path\": \"/channels/1\"}, {\"op\": \"remove\", \"path\": \"/observations/1\"}]}");
        JsonNode pruned = PatchRequest.parse(single.toString()).apply(bkg(), "ws").spec();
        assertThat(pruned.get("channels").size()).isEqualTo(1);
        // patches apply in order
        JsonNode both = PatchRequest.applyAll(List.of(PatchRequest.parse(single.toString()),
                PatchRequest.parse(plain.toString())), bkg(), "ws").spec();
        assertThat(both.at("/channels/0/samples").size()).isEqualTo(2);
    }

    @Test
    void malformedPatchsets() throws IOException {
        String good = Files.readString(SET);
        Path dupName = tmp.resolve("dup.json");
        Files.writeString(dupName, good.replace("sbottom_400_100", "sbottom_300_100"));
        assertThatThrownBy(() -> PatchSet.read(JsonInput.read(dupName), "dup.json"))
                .hasMessageContaining("patches[1].metadata.name").hasMessageContaining("a second patch named");
        Path dupValues = tmp.resolve("dupv.json");
        Files.writeString(dupValues, good.replace("400,", "300,"));
        assertThatThrownBy(() -> PatchSet.read(JsonInput.read(dupValues), "dupv.json"))
                .hasMessageContaining("a second patch with values");
        Path count = tmp.resolve("count.json");
        Files.writeString(count, good.replace("\"m_neutralino\"", "\"m_neutralino\", \"x\""));
        assertThatThrownBy(() -> PatchSet.read(JsonInput.read(count), "count.json"))
                .hasMessageContaining("has 2 values, expected 3");
        Path alg = tmp.resolve("alg.json");
        Files.writeString(alg, good.replace("\"md5\"", "\"sha1\""));
        assertThatThrownBy(() -> PatchSet.read(JsonInput.read(alg), "alg.json"))
                .hasMessageContaining("metadata.digests.sha1").hasMessageContaining("unsupported");
    }
}
