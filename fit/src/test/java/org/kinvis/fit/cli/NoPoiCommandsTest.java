package org.kinvis.fit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inference commands on a workspace without a POI ({@code "poi": ""}): exit 2 with one line naming the file, the
 * field {@code measurements['m'].config.poi} and what to do; a scan can be told its parameter with --poi.
 */
class NoPoiCommandsTest {
    @TempDir
    Path tmp;

    static void assertNoPoi(EvalCommandTest.Run r, String ws, String command, String remedy) {
        assertThat(r.code()).as(r.err()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err().lines()).containsExactly("kinvis: error: " + ws + ": measurements['m'].config.poi: is"
                + " empty (no parameter of interest), but " + command + " needs one; pick a measurement that has one"
                + " (--measurement)" + remedy);
    }

    @Test
    void limitScanSignificanceAndRankingSayWhatIsMissing() throws IOException {
        Path ws = tmp.resolve("nopoi.json");
        Files.writeString(ws, WorkspaceCommandsTest.poiWorkspace(""));
        String w = ws.toString();
        String patch = " or set config.poi with --patch";
        assertNoPoi(EvalCommandTest.run("limit", "--workspace", w, "--backend", "cpu"), w, "kinvis limit", patch);
        assertNoPoi(EvalCommandTest.run("limit", "--workspace", w, "--backend", "cpu", "--calctype", "toybased",
                "--toys", "10", "--mu", "1"), w, "kinvis limit", patch);
        assertNoPoi(EvalCommandTest.run("significance", "--workspace", w, "--backend", "cpu", "--calctype",
                "toybased", "--toys", "10"), w, "kinvis significance", patch);
        assertNoPoi(EvalCommandTest.run("ranking", "--workspace", w, "--backend", "cpu"), w, "kinvis ranking", patch);
        assertNoPoi(EvalCommandTest.run("scan", "--workspace", w, "--backend", "cpu", "--values", "0:2:3"), w,
                "kinvis scan", ", set config.poi with --patch, or give --poi NAME");
        // named: the scan runs
        EvalCommandTest.Run named = EvalCommandTest.run("scan", "--workspace", w, "--backend", "cpu", "--values",
                "0.8:1.2:3", "--poi", "gam[0]");
        assertThat(named.code()).as(named.err()).isZero();
    }
}
