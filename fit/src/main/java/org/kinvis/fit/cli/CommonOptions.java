package org.kinvis.fit.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.kinvis.host.input.InputException;
import org.kinvis.kernels.Backend;
import org.kinvis.kernels.Backends;
import picocli.CommandLine.Option;

/** Options every kinvis command accepts (DESIGN.md, command line contract). */
public final class CommonOptions {
    @Option(names = "--data", paramLabel = "DIR",
            description = "Belle II data folder (default: data/belle2, else $KINVIS_DATA).")
    Path data;

    @Option(names = "--backend", paramLabel = "NAME", defaultValue = "auto",
            description = "cpu, opencl or verify (default: opencl where a platform exists, else cpu).")
    String backend;

    @Option(names = "--format", paramLabel = "FMT", defaultValue = "text", description = "text or json.")
    String format;

    @Option(names = "--output", paramLabel = "FILE", description = "Also write the result to FILE.")
    Path output;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "20261125",
            description = "Random seed where the command draws random numbers.")
    long seed;

    /** The data folder: --data, else data/belle2 when it exists, else $KINVIS_DATA, else data/belle2. */
    public Path dataDir() {
        if (data != null) {
            if (!Files.isDirectory(data)) {
                throw InputException.at("--data", data.toString(), "no such folder");
            }
            return data;
        }
        Path local = Path.of("data", "belle2");
        if (Files.isDirectory(local)) {
            return local;
        }
        String env = System.getenv("KINVIS_DATA");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        return local;
    }

    public boolean json() {
        return switch (format) {
            case "json" -> true;
            case "text" -> false;
            default -> throw InputException.at("--format", format, "expected text or json");
        };
    }

    public Backend createBackend() {
        try {
            return Backends.create(backend);
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            throw InputException.at("--backend", backend, e.getMessage());
        }
    }
}
