package org.kinvis.host.input;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Input files that would hang or exhaust memory are refused with one line before anything is read. */
class InputFilesTest {
    @TempDir
    Path dir;

    @AfterEach
    void clearLimit() {
        System.clearProperty(InputFiles.LIMIT_PROPERTY);
    }

    @Test
    void fifoIsRefusedWithoutBlocking() throws Exception {
        Path f = Fifo.make(dir, "fifo");
        // opening a FIFO for reading blocks until a writer comes: the check must come first
        Throwable t = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> org.assertj.core.api.Assertions.catchThrowable(() -> JsonInput.read(f)));
        assertThat(t).isInstanceOf(InputException.class).hasMessageContaining("fifo")
                .hasMessageContaining("not a regular file");
    }

    @Test
    void deviceAndFolderAreRefused() {
        Path zero = Path.of("/dev/zero");
        Assumptions.assumeTrue(Files.exists(zero));
        assertThatThrownBy(() -> JsonInput.read(zero)).isInstanceOf(InputException.class)
                .hasMessage("/dev/zero: not a regular file (a FIFO, socket or device), expected a file");
        assertThatThrownBy(() -> InputFiles.readAllLines(dir)).isInstanceOf(InputException.class)
                .hasMessage(dir + ": is a folder, expected a file");
        assertThatThrownBy(() -> InputFiles.open(dir.resolve("nope.csv"))).hasMessage(dir.resolve("nope.csv")
                + ": no such file");
    }

    @Test
    void filesAboveTheLimitAreRefusedWithTheOverride() throws IOException {
        Path big = dir.resolve("big.json");
        Files.writeString(big, "[" + "0,".repeat(1500) + "0]");
        assertThat(JsonInput.read(big).size()).isEqualTo(1501);
        System.setProperty(InputFiles.LIMIT_PROPERTY, "0.001"); // 1049 bytes
        assertThat(InputFiles.limitBytes()).isEqualTo(1049);
        assertThatThrownBy(() -> JsonInput.read(big)).isInstanceOf(InputException.class)
                .hasMessageContaining("big.json").hasMessageContaining("larger than the input limit")
                .hasMessageContaining("$KINVIS_MAX_INPUT_MB");
        System.setProperty(InputFiles.LIMIT_PROPERTY, "lots");
        assertThatThrownBy(() -> JsonInput.read(big)).isInstanceOf(InputException.class)
                .hasMessageContaining("expected a positive number of megabytes");
    }

    @Test
    void theLimitHoldsWhileReading() throws IOException {
        // a file that passes the size check may still grow (or lie): the stream stops at the limit
        Path f = dir.resolve("f.csv");
        Files.writeString(f, "x".repeat(4000));
        System.setProperty(InputFiles.LIMIT_PROPERTY, "0.01"); // 10486 bytes
        try (var in = InputFiles.open(f)) {
            Files.writeString(f, "y".repeat(20000));
            assertThatThrownBy(in::readAllBytes).isInstanceOf(InputException.class)
                    .hasMessageContaining("larger than the input limit");
        }
    }
}
