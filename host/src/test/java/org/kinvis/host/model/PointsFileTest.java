package org.kinvis.host.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kinvis.host.input.InputException;
import org.kinvis.host.input.JsonInput;

/** {@link PointsFile#stream}: the same points as the whole-document reading, delivered in bounded chunks. */
class PointsFileTest {
    @TempDir
    Path dir;

    static final CompiledModel MODEL = ModifierSemanticsTest.model(
            "{\"name\": \"c\", \"samples\": [{\"name\": \"s\", \"data\": [5, 6], \"modifiers\": [{\"name\": \"mu\","
                    + " \"type\": \"normfactor\", \"data\": null}, {\"name\": \"g\", \"type\": \"shapefactor\","
                    + " \"data\": null}]}]}",
            "{\"name\": \"c\", \"data\": [6, 7]}", "", null);

    Path write(String text) throws IOException {
        Path p = dir.resolve("p.json");
        Files.writeString(p, text);
        return p;
    }

    record Chunk(double[] values, int count, long first, List<String> labels) {
    }

    List<Chunk> chunks(Path p, int size) {
        List<Chunk> out = new ArrayList<>();
        long n = PointsFile.stream(p, MODEL.parameters(), size, (v, c, f, l) -> out.add(new Chunk(
                Arrays.copyOf(v, c * MODEL.parameters().size()), c, f, List.of(Arrays.copyOf(l, c)))));
        assertThat(out.stream().mapToLong(Chunk::count).sum()).isEqualTo(n);
        return out;
    }

    @Test
    void chunksCoverThePointsInOrder() throws IOException {
        StringBuilder sb = new StringBuilder("{\"points\": [");
        for (int i = 0; i < 7; i++) {
            sb.append(i > 0 ? "," : "").append("{\"mu\": ").append(i).append(", \"g\": [").append(i).append(", 2]}");
        }
        Path p = write(sb.append("]}").toString());
        List<Chunk> cs = chunks(p, 3);
        assertThat(cs).extracting(Chunk::count).containsExactly(3, 3, 1);
        assertThat(cs).extracting(Chunk::first).containsExactly(0L, 3L, 6L);
        assertThat(cs.get(2).labels()).containsExactly("points[6]");
        double[] all = PointsFile.parse(JsonInput.read(p), new JsonInput("p"), MODEL.parameters()).values();
        double[] streamed = cs.stream().flatMapToDouble(c -> Arrays.stream(c.values())).toArray();
        assertThat(streamed).containsExactly(all);
        assertThat(Arrays.copyOfRange(streamed, 18, 21)).containsExactly(6, 6, 2); // mu, g[0], g[1] of point 6
        assertThat(PointsFile.read(p, MODEL.parameters()).values()).containsExactly(all);
    }

    @Test
    void onePointAndInits() throws IOException {
        List<Chunk> one = chunks(write("{\"g[1]\": 4, \"mu\": 2}"), 5);
        assertThat(one).hasSize(1);
        assertThat(one.get(0).values()).containsExactly(2, 1, 4);
        assertThat(one.get(0).labels()).containsExactly("");
        assertThat(chunks(write("{}"), 5).get(0).values()).containsExactly(MODEL.parameters().inits());
    }

    @Test
    void errorsNameTheFileAndPath() throws IOException {
        assertThatThrownBy(() -> chunks(write("{\"points\": [{\"mu\": 1}, {\"mu\": NaN}]}"), 1))
                .isInstanceOf(InputException.class).hasMessageContaining("p.json: points[1].mu: expected a finite");
        assertThatThrownBy(() -> chunks(write("{\"mu\": 1, \"points\": []}"), 1))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> chunks(write("{\"points\": [], \"mu\": 1}"), 1))
                .hasMessageContaining("points: expected at least one point");
        assertThatThrownBy(() -> chunks(write("{\"points\": [{\"mu\": 1}], \"mu\": 1}"), 1))
                .hasMessageContaining("not both");
        assertThatThrownBy(() -> chunks(write("{\"points\": [{\"mu\": 1}, {\"mu\": 2, \"mu\": 3}]}"), 1))
                .hasMessageContaining("not valid JSON at line 1").hasMessageContaining("Duplicate field 'mu'");
        assertThatThrownBy(() -> chunks(write("{\"points\": [{\"mu\": 1}]} {}"), 1))
                .hasMessageContaining("trailing content");
        assertThatThrownBy(() -> chunks(write("[1, 2]"), 1))
                .hasMessageContaining("(top level): expected an object, got an array");
        assertThatThrownBy(() -> chunks(write("{\"points\": {\"mu\": 1}}"), 1))
                .hasMessageContaining("points: expected an array, got an object");
        assertThatThrownBy(() -> chunks(write("{\"points\": [{\"g\": [1]}]}"), 1))
                .hasMessageContaining("points[0].g: has 1 values, expected 2");
        assertThatThrownBy(() -> chunks(write(""), 1)).hasMessageContaining("empty file");
        assertThatThrownBy(() -> chunks(write("{\"points\": [{\"mu\": 1}"), 1))
                .hasMessageContaining("not valid JSON");
    }
}
