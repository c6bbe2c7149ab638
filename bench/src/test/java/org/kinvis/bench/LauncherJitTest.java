package org.kinvis.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The launcher's compiler choice ({@code kinvis_jit_for} in scripts/kinvis), run by bash under the launcher's
 * {@code set -euo pipefail}: every command line must come back with status 0 (a non-zero status ends the launcher
 * silently with exit 1 — {@code limit --calctype toybased} did) and the choice the launcher documents.
 */
class LauncherJitTest {
    private static String jit(String args) throws IOException, InterruptedException {
        Path launcher = Path.of("..", "scripts", "kinvis").toAbsolutePath().normalize();
        String fn = Files.readString(launcher);
        int from = fn.indexOf("kinvis_jit_for() {");
        int to = fn.indexOf("\n}\n", from) + 3;
        assertThat(from).isNotNegative();
        String script = "set -euo pipefail\n" + fn.substring(from, to) + "kinvis_jit_for " + args + "\necho \"$jit\"\n";
        Process p = new ProcessBuilder("bash", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor()).as("status of kinvis_jit_for " + args + ": " + out).isZero();
        return out;
    }

    @Test
    void everyCommandLineGetsAChoiceAndStatusZero() throws Exception {
        for (String c1 : List.of("fit", "-V", "eval --expected", "scan --values 0:10:21", "limit --mu 1,3",
                "limit --calctype asymptotics --mu 7", "significance", "reinterpret --scenario wet --fit",
                "spectrum --list", "gof --fix mu=0")) {
            assertThat(jit(c1)).as(c1).isEqualTo("c1");
        }
        for (String tiered : List.of("sample", "sweep --mu 1", "bench", "fit --estimator marginal",
                "fit --estimator=marginal", "limit --calctype toybased --toys 10 --mu 7", "limit --calctype=toybased",
                "significance --calctype toybased", "scan --poi2 x --values2 0:1:2",
                "reinterpret --scenario wet --scan cvl --values 0:1:2", "nosuchcommand")) {
            assertThat(jit(tiered)).as(tiered).isEqualTo("tiered");
        }
    }
}
