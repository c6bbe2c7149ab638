package org.kinvis.fit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Toy-based limits and significances draw the stderr bar of the long commands, counting toys (2 per toy pair, the
 * total of every --mu announced up front), and erase it before the result.
 */
class ToyProgressTest {
    @TempDir
    Path tmp;

    @Test
    void toyCommandsCountToysOnTheBar() throws IOException {
        Path ws = tmp.resolve("readme.json");
        Files.writeString(ws, FigureCommandsTest.WS);
        String before = System.getProperty("kinvis.progress");
        String delay = System.getProperty("kinvis.progress.delay");
        try {
            System.setProperty("kinvis.progress", "always");
            System.setProperty("kinvis.progress.delay", "0");
            EvalCommandTest.Run s = EvalCommandTest.run("significance", "--workspace", ws.toString(), "--backend",
                    "cpu", "--calctype", "toybased", "--toys", "20");
            assertThat(s.code()).as(s.err()).isZero();
            assertThat(s.err()).contains("\rkinvis significance [").contains("40/40 toys 100%").endsWith("\r");
            assertThat(s.out()).doesNotContain("\r");
            EvalCommandTest.Run l = EvalCommandTest.run("limit", "--workspace", ws.toString(), "--backend", "cpu",
                    "--calctype", "toybased", "--toys", "10", "--mu", "1:2:2");
            assertThat(l.code()).as(l.err()).isIn(0, 1); // 1: a toy limit may need more --mu values
            assertThat(l.err()).contains("\rkinvis limit [").contains("40/40 toys 100%").doesNotContain("/20 toys");
        } finally {
            CommandLineTest.restore("kinvis.progress", before);
            CommandLineTest.restore("kinvis.progress.delay", delay);
        }
    }
}
