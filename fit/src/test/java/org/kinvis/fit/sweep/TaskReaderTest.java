package org.kinvis.fit.sweep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kinvis.host.input.InputException;

/** Task lines: every field checked with file:line and field in the message; written tasks read back equal. */
class TaskReaderTest {
    private final TaskReader reader = new TaskReader(7);

    private static void bad(String line, String... parts) {
        assertThatThrownBy(() -> new TaskReader(7).parse(line, "t.jsonl:3")).isInstanceOf(InputException.class)
                .hasMessageStartingWith("t.jsonl:3: ").hasMessageContainingAll(parts);
    }

    @Test
    void badFieldsAreNamed() {
        bad("{\"id\":\"a\",\"command\":\"hypotest\",\"mu\":1,\"calctyp\":\"asymptotic\"}", "calctyp: unknown field",
                "did you mean 'calctype'");
        bad("{\"command\":\"fit\"}", "id: missing");
        bad("{\"id\":\"a\",\"command\":\"fitt\"}", "command: unknown command 'fitt'", "did you mean 'fit'");
        bad("{\"id\":\"a\",\"command\":\"hypotest\"}", "mu: missing");
        bad("{\"id\":\"a\",\"command\":\"limit\",\"cl\":1.5}", "cl: expected a confidence level");
        bad("{\"id\":\"a\",\"command\":\"fit\",\"mu\":1}", "mu: only with \"command\": \"hypotest\"");
        bad("{\"id\":\"a\",\"command\":\"scan\",\"value\":1,\"strategy\":3}", "strategy: expected 0, 1 or 2");
        bad("{\"id\":\"a\",\"command\":\"scan\",\"value\":1,\"poi_bounds\":[2,1]}", "poi_bounds: expected [lo, hi]");
        bad("{\"id\":\"a\",\"command\":\"hypotest\",\"mu\":1,\"calctype\":\"toybased\"}", "toys: missing");
        bad("{\"id\":\"a\",\"command\":\"hypotest\",\"mu\":1,\"toys\":10}",
                "toys: only with \"calctype\": \"toybased\"");
        bad("{\"id\":\"a/chunk=0\",\"command\":\"hypotest\",\"mu\":1,\"calctype\":\"toybased\",\"toys\":10,"
                + "\"chunk\":0}", "chunks: missing");
        bad("{\"id\":\"a/chunk=2\",\"command\":\"hypotest\",\"mu\":1,\"calctype\":\"toybased\",\"toys\":10,"
                + "\"chunk\":2,\"chunks\":2}", "chunk: expected 0 ≤ chunk < chunks");
        bad("{\"id\":\"a\",\"command\":\"hypotest\",\"mu\":1,\"calctype\":\"toybased\",\"toys\":10,"
                + "\"chunk\":1,\"chunks\":2}", "id: a chunk's id ends in /chunk=1");
        bad("{\"id\":\"a\",\"scenario\":\"scalar\",\"set\":{\"mass\":9},\"free\":[\"gs\"],\"command\":\"fit\"}",
                "set.mass: expected a value in [0.0, 4.78");
        bad("{\"id\":\"a\",\"scenario\":\"scalar\",\"free\":[\"ff_fp0\"],\"command\":\"fit\"}",
                "free[0]: 'ff_fp0' is not a physics parameter of scenario scalar");
        bad("{\"id\":\"a\",\"scenario\":\"scalar\",\"command\":\"fit\"}", "free: a scenario task names");
        bad("{\"id\":\"a\",\"scenario\":\"scalar\",\"poi\":\"gs\",\"patches\":[\"p.json\"],\"command\":\"limit\"}",
                "patches: not with \"scenario\"");
        bad("{\"id\":\"a\",\"command\":\"fit\",\"seed\":1.5}", "seed: expected an integer");
        bad("[1]", "(task): expected an object");
    }

    @Test
    void tasksReadBackEqual() {
        List<String> lines = List.of(
                "{\"id\":\"f\",\"workspace\":\"w.json\",\"patches\":[\"p.json:a\"],\"command\":\"fit\","
                        + "\"fix\":{\"b\":1}}",
                "{\"id\":\"h\",\"command\":\"hypotest\",\"mu\":1.5,\"poi_bounds\":[0,10],\"tolerance\":0.01,"
                        + "\"seed\":-3}",
                "{\"id\":\"l\",\"scenario\":\"scalar\",\"set\":{\"mass\":1.0},\"poi\":\"gs\",\"command\":\"limit\"}",
                "{\"id\":\"s\",\"command\":\"scan\",\"value\":2,\"poi\":\"mu\",\"strategy\":0}");
        for (int i = 0; i < lines.size(); i++) {
            SweepTask t = reader.parse(lines.get(i), "t:" + i);
            assertThat(reader.parse(t.toJson(), "again")).isEqualTo(t);
            assertThat(reader.parse(t.toJson(), "again").toJson()).isEqualTo(t.toJson());
        }
        SweepTask l = reader.parse(lines.get(2), "t:2");
        assertThat(((ModelSpec.Scenario) l.model()).free()).containsExactly("gs");
        assertThat(l.seed()).isEqualTo(Seeds.forTask(7, "l"));
        assertThat(reader.parse(lines.get(1), "t:1").seed()).isEqualTo(-3);
        assertThat(reader.parse(lines.get(0), "t:0").command()).isEqualTo(new SweepTask.Fit(new java.util.TreeMap<>(
                Map.of("b", 1.0))));
    }

    @Test
    void seedsDependOnSweepSeedAndIdOnly() {
        assertThat(Seeds.forTask(1, "a")).isEqualTo(Seeds.forTask(1, "a"));
        assertThat(Seeds.forTask(1, "a")).isNotEqualTo(Seeds.forTask(1, "b"));
        assertThat(Seeds.forTask(1, "a")).isNotEqualTo(Seeds.forTask(2, "a"));
        assertThat(Seeds.forChunk(5, 0)).isNotEqualTo(Seeds.forChunk(5, 1));
    }
}
