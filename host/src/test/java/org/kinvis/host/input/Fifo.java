package org.kinvis.host.input;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/** Makes a named pipe for tests of hostile paths (the test is skipped where {@code mkfifo} is missing). */
public final class Fifo {
    private Fifo() {
    }

    public static Path make(Path dir, String name) throws IOException, InterruptedException {
        Path f = dir.resolve(name);
        Process p;
        try {
            p = new ProcessBuilder("mkfifo", f.toString()).start();
        } catch (IOException e) {
            Assumptions.abort("no mkfifo here: " + e.getMessage());
            return null;
        }
        Assumptions.assumeTrue(p.waitFor() == 0 && Files.exists(f), "mkfifo failed");
        return f;
    }
}
