package org.kinvis.host.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kinvis.host.input.InputException;
import org.kinvis.host.model.CompiledModel;
import org.kinvis.host.model.ModelCompiler;
import org.kinvis.host.model.PointsFile;

/** Malformed workspaces and parameter files end in one-line errors naming the file, the field and the fix. */
class BadInputTest {
    @TempDir
    Path dir;

    static final String GOOD = "{\"version\": \"1.0.0\", \"channels\": [{\"name\": \"c\", \"samples\": ["
            + "{\"name\": \"s\", \"data\": [5, 6], \"modifiers\": [{\"name\": \"mu\", \"type\": \"normfactor\","
            + " \"data\": null}]}, {\"name\": \"b\", \"data\": [10, 11], \"modifiers\": [{\"name\": \"u\","
            + " \"type\": \"staterror\", \"data\": [1, 1]}]}]}], \"observations\": [{\"name\": \"c\", \"data\":"
            + " [15, 17]}], \"measurements\": [{\"name\": \"m\", \"config\": {\"poi\": \"mu\", \"parameters\": []}}]}";

    Path write(String name, String text) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    void assertOneLineError(Throwable t, String... fragments) {
        assertThat(t).isInstanceOf(InputException.class);
        assertThat(t.getMessage()).doesNotContain("\n");
        for (String f : fragments) {
            assertThat(t.getMessage()).contains(f);
        }
    }

    @Test
    void goodWorkspaceReads() throws IOException {
        Workspace w = WorkspaceReader.read(write("ws.json", GOOD));
        CompiledModel m = ModelCompiler.compile(w);
        assertThat(m.parameters().names()).containsExactly("mu", "u[0]", "u[1]");
    }

    @Test
    void truncatedJson() throws IOException {
        Path p = write("ws.json", GOOD.substring(0, GOOD.length() / 2));
        assertOneLineError(catchIt(() -> WorkspaceReader.read(p)), "ws.json", "not valid JSON", "line 1");
    }

    @Test
    void missingFile() {
        assertOneLineError(catchIt(() -> WorkspaceReader.read(dir.resolve("nope.json"))), "nope.json", "no such file");
    }

    @Test
    void unknownModifierType() throws IOException {
        Path p = write("ws.json", GOOD.replace("\"staterror\"", "\"statterror\""));
        assertOneLineError(catchIt(() -> WorkspaceReader.read(p)), "ws.json",
                "channels[0].samples[1].modifiers[0].type", "unknown modifier type 'statterror'", "staterror");
    }

    @Test
    void wrongBinCount() throws IOException {
        Path p = write("ws.json", GOOD.replace("[5, 6]", "[5, 6, 7]"));
        assertOneLineError(catchIt(() -> WorkspaceReader.read(p)), "ws.json", "channels[0].samples[1].data",
                "has 2 bins, expected 3");
        Path q = write("ws2.json", GOOD.replace("[1, 1]", "[1, 1, 1]"));
        assertOneLineError(catchIt(() -> WorkspaceReader.read(q)), "channels[0].samples[1].modifiers[0].data",
                "has 3 entries, expected 2");
        Path r = write("ws3.json", GOOD.replace("[15, 17]", "[15]"));
        assertOneLineError(catchIt(() -> WorkspaceReader.read(r)), "observations[0].data", "has 1 bins, expected 2");
    }

    @Test
    void nonFiniteNumbers() throws IOException {
        Path p = write("ws.json", GOOD.replace("[15, 17]", "[15, NaN]"));
        assertOneLineError(catchIt(() -> WorkspaceReader.read(p)), "observations[0].data[1]",
                "expected a finite number, got NaN");
        Path q = write("ws2.json", GOOD.replace("[5, 6]", "[5, Infinity]"));
        assertOneLineError(catchIt(() -> WorkspaceReader.read(q)), "channels[0].samples[0].data[1]", "Infinity");
        Path r = write("ws3.json", GOOD.replace("[5, 6]", "[5, 1e999]"));
        assertOneLineError(catchIt(() -> WorkspaceReader.read(r)), "channels[0].samples[0].data[1]", "finite");
    }

    @Test
    void missingFieldsAndUnknownPoi() throws IOException {
        Path p = write("ws.json", GOOD.replace("\"version\": \"1.0.0\", ", ""));
        assertOneLineError(catchIt(() -> WorkspaceReader.read(p)), "version", "missing");
        Path q = write("ws2.json", GOOD.replace("\"poi\": \"mu\"", "\"poi\": \"sigma\""));
        assertOneLineError(catchIt(() -> ModelCompiler.compile(WorkspaceReader.read(q))), "config.poi",
                "'sigma' is not declared");
    }

    @Test
    void unknownParameterNameInPoints() throws IOException {
        CompiledModel m = ModelCompiler.compile(WorkspaceReader.read(write("ws.json", GOOD)));
        Path pars = write("p.json", "{\"mu\": 2, \"muu\": 1}");
        assertOneLineError(catchIt(() -> PointsFile.read(pars, m.parameters())), "p.json", "muu",
                "unknown parameter");
        Path wrongLen = write("q.json", "{\"u\": [1, 1, 1]}");
        assertOneLineError(catchIt(() -> PointsFile.read(wrongLen, m.parameters())), "q.json", "u",
                "has 3 values, expected 2");
        Path nan = write("r.json", "{\"points\": [{\"mu\": 1}, {\"mu\": NaN}]}");
        assertOneLineError(catchIt(() -> PointsFile.read(nan, m.parameters())), "points[1].mu", "finite");
    }

    @Test
    void pointsByNameFlatAndMany() throws IOException {
        CompiledModel m = ModelCompiler.compile(WorkspaceReader.read(write("ws.json", GOOD)));
        PointsFile.Points one = PointsFile.read(write("p.json", "{\"mu\": 2, \"u[1]\": 0.9}"), m.parameters());
        assertThat(one.values()).containsExactly(2.0, 1.0, 0.9);
        PointsFile.Points two = PointsFile.read(write("q.json",
                "{\"points\": [{\"u\": [0.5, 0.6]}, {\"mu\": 3}]}"), m.parameters());
        assertThat(two.count()).isEqualTo(2);
        assertThat(two.values()).containsExactly(1.0, 0.5, 0.6, 3.0, 1.0, 1.0);
    }

    @Test
    void pruneAndRename() throws IOException {
        Workspace w = WorkspaceReader.read(write("ws.json", GOOD));
        Workspace pruned = w.prune(Set.of("u"), Set.of(), Set.of(), Set.of(), Set.of());
        assertThat(ModelCompiler.compile(pruned).parameters().names()).containsExactly("mu");
        Workspace renamed = w.rename(Map.of("mu", "sig"), Map.of("b", "bkg"), Map.of(), Map.of());
        CompiledModel m = ModelCompiler.compile(renamed);
        assertThat(m.parameters().poiName()).isEqualTo("sig");
        assertThat(m.samples()).containsExactly("bkg", "s");
        assertOneLineError(catchIt(() -> w.prune(Set.of("nope"), Set.of(), Set.of(), Set.of(), Set.of())),
                "no modifier named 'nope'");
        assertOneLineError(catchIt(() -> w.prune(Set.of(), Set.of(), Set.of("s", "b"), Set.of(), Set.of())),
                "without samples");
    }

    static Throwable catchIt(Runnable r) {
        try {
            r.run();
        } catch (Throwable t) {
            return t;
        }
        throw new AssertionError("expected an error");
    }

    @Test
    void errorsAreInputExceptions() {
        assertThatThrownBy(() -> WorkspaceReader.read(dir.resolve("x.json"))).isInstanceOf(InputException.class);
    }
}
