package org.kinvis.host;

import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.kinvis.host.input.JsonInput;

/**
 * Locates the Belle II data folder and the reference numbers for tests. Data: {@code $KINVIS_DATA}, else
 * {@code data/belle2} under the repository root. References: {@code $KINVIS_REFERENCE}, else
 * {@code ../shared/reference} beside the repository. When either is absent the test is skipped with a message,
 * unless {@code KINVIS_REQUIRE_DATA} is set (as {@code .ci/run} does), in which case it fails.
 */
public final class TestData {
    private TestData() {
    }

    public static Path root() {
        String env = System.getenv("KINVIS_ROOT");
        if (env != null && !env.isBlank() && Files.isDirectory(Path.of(env))) {
            return Path.of(env).toAbsolutePath();
        }
        Path p = Path.of("").toAbsolutePath();
        while (p != null) {
            if (Files.isDirectory(p.resolve("kernels")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
            p = p.getParent();
        }
        return Path.of("").toAbsolutePath();
    }

    public static Path dataDir() {
        String env = System.getenv("KINVIS_DATA");
        Path p = env != null && !env.isBlank() ? Path.of(env) : root().resolve("data/belle2");
        require(Files.isRegularFile(p.resolve("combined_likelihood.json")),
                "Belle II data not found in " + p + " (run scripts/fetch-data.sh or set KINVIS_DATA)");
        return p;
    }

    public static Path workspace() {
        return dataDir().resolve("combined_likelihood.json");
    }

    public static Path referenceDir() {
        String env = System.getenv("KINVIS_REFERENCE");
        Path p = env != null && !env.isBlank() ? Path.of(env) : root().resolveSibling("shared").resolve("reference");
        require(Files.isRegularFile(p.resolve("pyhf-eval.json")),
                "reference numbers not found in " + p + " (set KINVIS_REFERENCE)");
        return p;
    }

    public static JsonNode reference(String file) {
        return JsonInput.read(referenceDir().resolve(file));
    }

    private static void require(boolean present, String message) {
        if (present) {
            return;
        }
        String strict = System.getenv("KINVIS_REQUIRE_DATA");
        if (strict != null && !strict.isBlank() && !strict.equals("0")) {
            fail(message + " — KINVIS_REQUIRE_DATA is set, so this is a failure");
        }
        Assumptions.abort("SKIPPED: " + message);
    }

    public static double[] doubles(JsonNode arr) {
        double[] v = new double[arr.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = arr.get(i).asDouble();
        }
        return v;
    }
}
