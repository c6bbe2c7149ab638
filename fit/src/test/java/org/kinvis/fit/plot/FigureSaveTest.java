package org.kinvis.fit.plot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kinvis.host.input.InputException;

/** {@link Figure#save}: atomic — a render that fails leaves the target as it was and no temporary file behind. */
class FigureSaveTest {
    @TempDir
    Path dir;

    private static Figure figure(double[] y) {
        Figure f = new Figure("test", 200, 150);
        f.axes("main", 40, 10, 150, 110).xLabel("x").yLabel("y")
                .add(Artist.Line.solid(new double[] {0, 1, 2}, y, Color.BLACK), "line");
        return f;
    }

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void failedRenderLeavesNoFileAndNoTemporary() throws IOException {
        // a line with fewer y than x values fails while it is drawn (inside the renderer, after the temporary exists)
        Figure broken = figure(new double[] {0, 1});
        for (String name : List.of("new.png", "new.svg", "new.pdf")) {
            assertThatThrownBy(() -> broken.save(dir.resolve(name))).isInstanceOf(IndexOutOfBoundsException.class);
        }
        assertThat(files()).isEmpty();
        // an existing figure is kept byte for byte
        Path old = Files.writeString(dir.resolve("old.svg"), "the previous figure");
        assertThatThrownBy(() -> broken.save(old)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThat(Files.readString(old)).isEqualTo("the previous figure");
        assertThat(files()).containsExactly("old.svg");
        // the same figure with consistent data replaces it, and leaves nothing else
        figure(new double[] {0, 1, 4}).save(old);
        assertThat(Files.readString(old)).contains("<svg ", "class='axes main'");
        figure(new double[] {0, 1, 4}).save(dir.resolve("fig.png"));
        assertThat(Files.readAllBytes(dir.resolve("fig.png"))).startsWith(0x89, 'P', 'N', 'G');
        assertThat(files()).containsExactly("fig.png", "old.svg");
    }

    @Test
    void symbolicLinkIsFollowedAndBadPathsAreInputErrors() throws IOException {
        Path target = Files.writeString(dir.resolve("target.svg"), "old");
        Path link = Files.createSymbolicLink(dir.resolve("link.svg"), target);
        figure(new double[] {0, 1, 4}).save(link);
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(target)).contains("<svg ", "class='figure figure-test'");
        assertThatThrownBy(() -> Plots.check(dir.resolve("x.gif"))).isInstanceOf(InputException.class)
                .hasMessageContaining("--plot").hasMessageContaining(".png, .svg or .pdf");
        assertThatThrownBy(() -> Plots.check(dir.resolve("none/x.png"))).isInstanceOf(InputException.class)
                .hasMessageContaining("does not exist");
        assertThatThrownBy(() -> Plots.check(dir.resolve("y".repeat(300) + ".png")))
                .isInstanceOf(InputException.class).hasMessageContaining("more than the 255");
        assertThat(files()).containsExactly("link.svg", "target.svg");
    }
}
