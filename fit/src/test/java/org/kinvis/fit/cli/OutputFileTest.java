package org.kinvis.fit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kinvis.fit.output.OutputFile;
import org.kinvis.host.TestData;
import org.kinvis.host.input.Fifo;

/**
 * {@code --output}: checked before any computation, special files written in place, symbolic links followed,
 * permissions as for any new file (or kept when replacing), short temporary names, stale temporaries removed.
 */
class OutputFileTest {
    @TempDir
    Path dir;

    static EvalCommandTest.Run eval(Path output) {
        return EvalCommandTest.run("eval", "--workspace", TestData.workspace().toString(), "--backend", "cpu",
                "--output", output.toString());
    }

    @Test
    void badPathsAreOneLineErrorsBeforeAnyComputation() {
        EvalCommandTest.Run root = eval(Path.of("/"));
        assertThat(root.code()).isEqualTo(2);
        assertThat(root.err()).isEqualTo("kinvis: error: --output: /: is a folder, expected a file name"
                + System.lineSeparator());
        EvalCommandTest.Run prune = EvalCommandTest.run("prune", "--workspace", TestData.workspace().toString(),
                "--output-file", "/");
        assertThat(prune.err()).isEqualTo("kinvis: error: --output-file: /: is a folder, expected a file name"
                + System.lineSeparator());
        EvalCommandTest.Run folder = eval(dir);
        assertThat(folder.err()).contains("is a folder");
        EvalCommandTest.Run missing = eval(dir.resolve("no/such/out.json"));
        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err()).contains("folder " + dir.resolve("no/such") + " does not exist");
        EvalCommandTest.Run longName = eval(dir.resolve("x".repeat(256)));
        assertThat(longName.err()).contains("256 bytes, more than the 255");
        // a scan with a bad --output fails at once, not after its fits (and without reading the workspace)
        long t0 = System.nanoTime();
        EvalCommandTest.Run scan = EvalCommandTest.run("scan", "--workspace", dir.resolve("absent.json").toString(),
                "--values", "0:2:3", "--output", dir.resolve("none/x.json").toString());
        assertThat(scan.code()).isEqualTo(2);
        assertThat(scan.err()).startsWith("kinvis: error: --output:").contains("does not exist");
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(5);
    }

    /**
     * Several files as one result (sample --draws-file's chains): a failure while writing any of them leaves every
     * target as it was and no temporary behind; on success all are replaced.
     */
    @Test
    void severalFilesAreReplacedAllOrNone() throws IOException {
        java.util.List<Path> files = java.util.List.of(dir.resolve("d_1.csv"), dir.resolve("d_2.csv"),
                dir.resolve("d_3.csv"));
        Files.writeString(files.get(0), "old 1");
        Files.writeString(files.get(2), "old 3");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> OutputFile.writeAll("--draws-file", files, (k, out) -> {
            out.write(("new " + (k + 1)).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            if (k == 2) {
                throw new IOException("disk full");
            }
        })).isInstanceOf(org.kinvis.host.input.InputException.class).hasMessageContaining("--draws-file")
                .hasMessageContaining("disk full");
        assertThat(Files.readString(files.get(0))).isEqualTo("old 1");
        assertThat(files.get(1)).doesNotExist();
        assertThat(Files.readString(files.get(2))).isEqualTo("old 3");
        try (var s = Files.list(dir)) {
            assertThat(s.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("d_1.csv", "d_3.csv");
        }
        OutputFile.writeAll("--draws-file", files, (k, out) -> out.write(("new " + (k + 1)).getBytes(
                java.nio.charset.StandardCharsets.UTF_8)));
        for (int k = 0; k < 3; k++) {
            assertThat(Files.readString(files.get(k))).isEqualTo("new " + (k + 1));
        }
        try (var s = Files.list(dir)) {
            assertThat(s.count()).isEqualTo(3);
        }
    }

    @Test
    void symbolicLinkTargetIsWrittenAndTheLinkStays() throws IOException {
        Path target = dir.resolve("real.txt");
        Files.writeString(target, "old");
        Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rw-r-----"));
        Path link = dir.resolve("link.txt");
        Files.createSymbolicLink(link, Path.of("real.txt"));
        EvalCommandTest.Run r = eval(link);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readString(target)).isEqualTo(r.out());
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(target))).isEqualTo("rw-r-----");
        // a dangling link: its target is created
        Path dangling = dir.resolve("dangling.txt");
        Files.createSymbolicLink(dangling, Path.of("made.txt"));
        assertThat(eval(dangling).code()).isZero();
        assertThat(Files.isSymbolicLink(dangling)).isTrue();
        assertThat(Files.readString(dir.resolve("made.txt"))).contains("logpdf");
    }

    @Test
    void newFilesGetTheUmaskPermissionsAndLongNamesWork() throws IOException {
        Path reference = Files.createFile(dir.resolve("reference")); // what the umask gives any new file
        Path out = dir.resolve("y".repeat(249));
        EvalCommandTest.Run r = eval(out);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(Files.getPosixFilePermissions(out)).isEqualTo(Files.getPosixFilePermissions(reference));
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.endsWith(".tmp"));
        }
    }

    @Test
    void fifoIsWrittenInPlace() throws Exception {
        Path fifo = Fifo.make(dir, "out.fifo");
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return Files.readString(fifo);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        EvalCommandTest.Run r = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> eval(fifo));
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(reader.get()).isEqualTo(r.out());
        assertThat(Files.readAttributes(fifo, java.nio.file.attribute.BasicFileAttributes.class).isOther()).isTrue();
    }

    @Test
    void staleTemporariesOfDeadProcessesAreRemoved() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        long dead = p.pid();
        Assumptions.assumeTrue(ProcessHandle.of(dead).isEmpty());
        Path stale = Files.writeString(dir.resolve(".kinvis-" + dead + "-1a2b3.tmp"), "partial");
        Files.setLastModifiedTime(stale, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        Path fresh = Files.writeString(dir.resolve(".kinvis-" + dead + "-4c5d6.tmp"), "maybe another namespace");
        Path live = Files.writeString(dir.resolve(".kinvis-1-7e8f9.tmp"), "pid 1 runs");
        Files.setLastModifiedTime(live, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        Path other = Files.writeString(dir.resolve(".other-" + dead + "-1.tmp"), "not ours");
        Files.setLastModifiedTime(other, FileTime.fromMillis(System.currentTimeMillis() - 3_600_000));
        assertThat(eval(dir.resolve("out.txt")).code()).isZero();
        assertThat(stale).doesNotExist();
        assertThat(fresh).exists();
        assertThat(live).exists();
        assertThat(other).exists();
        assertThat(OutputFile.pidOf(".kinvis-123-ab.tmp")).isEqualTo(123);
        assertThat(OutputFile.pidOf(".kinvis-x-ab.tmp")).isEqualTo(-1);
    }

    @Test
    void jsonNeverHoldsNaN() {
        var node = org.kinvis.host.input.JsonInput.mapper().createObjectNode();
        node.put("x", Double.NaN);
        node.putArray("a").add(1.5).add(Double.NEGATIVE_INFINITY);
        node.putObject("o").put("y", Double.POSITIVE_INFINITY);
        String json = Output.json(node);
        assertThat(json).doesNotContain("NaN").doesNotContain("Infinity");
        assertThat(json.replaceAll("\\s", "")).isEqualTo("{\"x\":null,\"a\":[1.5,null],\"o\":{\"y\":null}}");
        assertThat(node.get("x").isNumber()).isTrue(); // the caller's tree is not changed
    }

    @Test
    void failedRunLeavesTheTargetAsItWas() throws IOException {
        Path out = dir.resolve("keep.json");
        Files.writeString(out, "previous");
        Path ws = Files.writeString(dir.resolve("bad.json"), "{");
        EvalCommandTest.Run r = EvalCommandTest.run("eval", "--workspace", ws.toString(), "--output", out.toString());
        assertThat(r.code()).isEqualTo(2);
        assertThat(Files.readString(out, java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("previous");
        assertThat(Files.isRegularFile(out, LinkOption.NOFOLLOW_LINKS)).isTrue();
    }
}
