package org.kinvis.fit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kinvis.host.TestData;
import org.kinvis.host.input.JsonInput;

/**
 * The default data folder does not depend on the working directory: it is the installation's data/belle2
 * (-Dkinvis.home, else found from where the classes lie), then $KINVIS_DATA; a missing default file names the
 * options that supply one.
 */
class DataFolderTest {
    @TempDir
    Path dir;

    /** Runs kinvis in a fresh JVM in {@code cwd}, without $KINVIS_DATA, with extra JVM options. */
    static EvalCommandTest.Run runIn(Path cwd, List<String> jvm, String... args) throws IOException,
            InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-Xshare:auto");
        cmd.addAll(jvm);
        cmd.add(Kinvis.class.getName());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(cwd.toFile());
        pb.environment().remove(DataFolder.DATA_ENV);
        pb.redirectOutput(cwd.resolve("out.txt").toFile()).redirectError(cwd.resolve("err.txt").toFile());
        Process p = pb.start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("kinvis finished").isTrue();
        return new EvalCommandTest.Run(p.exitValue(), Files.readString(cwd.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(cwd.resolve("err.txt"), StandardCharsets.UTF_8));
    }

    /** From a folder that has no data/belle2, the installation's data is found: one process, two commands' worth. */
    @Test
    void defaultWorkspaceFoundFromAnotherFolder() throws Exception {
        Path ws = TestData.workspace(); // skips without the data
        EvalCommandTest.Run r = runIn(dir, List.of(), "eval", "--backend", "cpu", "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode j = new JsonInput("stdout").parse(r.out());
        assertThat(Path.of(j.get("workspace").asText()).toRealPath()).isEqualTo(ws.toRealPath());
        assertThat(j.get("logpdf").size()).isEqualTo(1);
    }

    /** -Dkinvis.home names the installation; with no data there and no $KINVIS_DATA, the error says what to do. */
    @Test
    void missingDefaultDataNamesTheOptions() throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        EvalCommandTest.Run r = runIn(dir, List.of("-D" + DataFolder.HOME_PROPERTY + "=" + home), "fit");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err().lines().count()).as(r.err()).isEqualTo(1);
        assertThat(r.err()).startsWith("kinvis: error: " + home.resolve("data/belle2/combined_likelihood.json")
                + ": no such file").contains("--workspace FILE").contains("--data DIR").contains("$KINVIS_DATA")
                .contains("scripts/fetch-data.sh");
        assertThat(r.out()).isEmpty();
    }

    /** Precedence: --data, then the installation's data/belle2, then $KINVIS_DATA (in-process, property set). */
    @Test
    void precedenceDataThenInstallationThenEnvironment() throws IOException {
        Path home = Files.createDirectories(dir.resolve("home"));
        Path installed = Files.createDirectories(home.resolve("data/belle2"));
        Path given = Files.createDirectories(dir.resolve("given"));
        String before = System.getProperty(DataFolder.HOME_PROPERTY);
        try {
            System.setProperty(DataFolder.HOME_PROPERTY, home.toString());
            assertThat(DataFolder.resolve(given)).isEqualTo(new DataFolder(given, "--data"));
            assertThat(DataFolder.resolve(null)).isEqualTo(new DataFolder(installed, "installation"));
            Files.delete(installed);
            DataFolder none = DataFolder.resolve(null);
            String env = System.getenv(DataFolder.DATA_ENV);
            if (env == null || env.isBlank()) {
                assertThat(none).isEqualTo(new DataFolder(installed, "none"));
            } else {
                assertThat(none).isEqualTo(new DataFolder(Path.of(env), "$KINVIS_DATA"));
            }
        } finally {
            if (before == null) {
                System.clearProperty(DataFolder.HOME_PROPERTY);
            } else {
                System.setProperty(DataFolder.HOME_PROPERTY, before);
            }
        }
        EvalCommandTest.Run bad = EvalCommandTest.run("eval", "--data", dir.resolve("nowhere").toString());
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--data").contains("no such folder");
    }
}
