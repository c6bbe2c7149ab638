package org.kinvis.fit.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.kinvis.host.input.InputException;
import org.kinvis.host.input.JsonInput;
import org.kinvis.host.workspace.PatchRequest;
import org.kinvis.host.workspace.PatchSet;

/**
 * The files a sweep's tasks read — workspaces, patch files, the data folder (number densities and form-factor
 * inputs of scenario tasks) — as they are found where the tasks are read, checked there before anything runs
 * ({@link #check}). {@link #local} reads them in place (the in-process engine); {@link #ship} carries their
 * bytes, so that a distributed engine broadcasts them once and every executor writes them to a folder of its own
 * once per JVM ({@link #file}): executors need no shared file system and read exactly the bytes the driver read.
 */
public final class SweepInputs implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String DEFAULT_WORKSPACE = "combined_likelihood.json";
    /** Shipped inputs materialised in this JVM, by their id. */
    private static final Map<String, Path> MATERIALISED = new ConcurrentHashMap<>();

    private final String dataDir;
    private final String id;
    /** Shipped file contents by the name the tasks use; null when local. */
    private final Map<String, byte[]> files;
    /** Shipped data-folder files by file name; null when local or not needed. */
    private final Map<String, byte[]> dataFiles;
    /** {@code FILE[:NAME]} → {file, name}, split where the file exists. */
    private final Map<String, String[]> patches;

    private SweepInputs(String dataDir, String id, Map<String, byte[]> files, Map<String, byte[]> dataFiles,
            Map<String, String[]> patches) {
        this.dataDir = dataDir;
        this.id = id;
        this.files = files;
        this.dataFiles = dataFiles;
        this.patches = patches;
    }

    /** Inputs read in place, from this machine's file system. */
    public static SweepInputs local(Path dataDir, List<SweepTask> tasks) {
        return new SweepInputs(dataDir.toString(), null, null, null, splitPatches(tasks));
    }

    /** Inputs carried as bytes, for engines that run tasks elsewhere. */
    public static SweepInputs ship(Path dataDir, List<SweepTask> tasks) {
        Map<String, String[]> split = splitPatches(tasks);
        Map<String, byte[]> files = new LinkedHashMap<>();
        boolean needData = false;
        for (SweepTask t : tasks) {
            if (t.model().workspace() == null || t.model() instanceof ModelSpec.Scenario) {
                needData = true;
            }
            if (t.model().workspace() != null) {
                files.computeIfAbsent(t.model().workspace(), f -> bytes(Path.of(f), t.id(), "workspace"));
            }
            if (t.model() instanceof ModelSpec.Workspace w) {
                for (String p : w.patches()) {
                    files.computeIfAbsent(split.get(p)[0], f -> bytes(Path.of(f), t.id(), "patches"));
                }
            }
        }
        Map<String, byte[]> data = null;
        if (needData) {
            data = new LinkedHashMap<>();
            try (var s = Files.list(dataDir)) {
                for (Path p : s.sorted().toList()) {
                    if (Files.isRegularFile(p)) {
                        data.put(p.getFileName().toString(), Files.readAllBytes(p));
                    }
                }
            } catch (IOException e) {
                throw InputException.at("--data", dataDir.toString(), "cannot read the data folder: " + e.getMessage());
            }
        }
        return new SweepInputs(dataDir.toString(), java.util.UUID.randomUUID().toString(), files, data, split);
    }

    private static byte[] bytes(Path p, String task, String field) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw InputException.at("task '" + task + "'", field, p + ": no such file or not readable");
        }
    }

    private static Map<String, String[]> splitPatches(List<SweepTask> tasks) {
        Map<String, String[]> out = new HashMap<>();
        for (SweepTask t : tasks) {
            if (t.model() instanceof ModelSpec.Workspace w) {
                for (String p : w.patches()) {
                    out.computeIfAbsent(p, a -> {
                        PatchRequest r = PatchRequest.parse(a);
                        return new String[] {r.file().toString(), r.key()};
                    });
                }
            }
        }
        return out;
    }

    /** Total bytes carried (0 when local). */
    public long size() {
        long n = 0;
        for (Map<String, byte[]> m : java.util.Arrays.asList(files, dataFiles)) {
            if (m != null) {
                for (byte[] b : m.values()) {
                    n += b.length;
                }
            }
        }
        return n;
    }

    /**
     * Checks on the machine that read the tasks that every file exists and parses, and every patch of a patchset
     * is there (by name or values) and was made for its workspace (the digest check, once per workspace and
     * patchset): bad input fails before any task runs.
     */
    public void check(List<SweepTask> tasks) {
        Map<String, PatchSet> sets = new HashMap<>();
        Set<String> digestChecked = new LinkedHashSet<>();
        Map<String, JsonNode> workspaces = new HashMap<>();
        for (SweepTask t : tasks) {
            String where = "task '" + t.id() + "'";
            Path ws = workspace(t.model());
            if (!Files.isRegularFile(ws)) {
                throw InputException.at(where, "workspace", ws + ": no such file");
            }
            if (!(t.model() instanceof ModelSpec.Workspace w)) {
                continue;
            }
            for (String p : w.patches()) {
                String[] fk = patches.get(p);
                Path f = file(fk[0]);
                if (!Files.isRegularFile(f)) {
                    throw InputException.at(where, "patches", fk[0] + ": no such file");
                }
                PatchSet set = sets.computeIfAbsent(fk[0], k -> {
                    JsonNode doc = JsonInput.read(f);
                    return PatchSet.isPatchSet(doc) ? PatchSet.read(doc, k) : null;
                });
                if (set == null) {
                    continue;
                }
                set.select(fk[1]);
                if (w.patches().indexOf(p) == 0 && digestChecked.add(ws + "\n" + fk[0])) {
                    set.verify(workspaces.computeIfAbsent(ws.toString(), k -> JsonInput.read(ws)), ws.toString());
                }
            }
        }
    }

    /** The data folder: as given where the tasks were read, or this JVM's copy of it. */
    public Path dataDir() {
        return files == null ? Path.of(dataDir) : materialised().resolve("data");
    }

    /** The workspace file of a model (the data folder's Belle II workspace when it names none). */
    public Path workspace(ModelSpec m) {
        return m.workspace() == null ? dataDir().resolve(DEFAULT_WORKSPACE) : file(m.workspace());
    }

    /** The patch request {@code FILE[:NAME]} of a task, its file where this JVM reads it. */
    public PatchRequest patch(String arg) {
        String[] fk = patches.get(arg);
        if (fk == null) {
            throw new IllegalArgumentException("patch '" + arg + "' was not among the sweep's tasks");
        }
        return new PatchRequest(file(fk[0]), fk[1]);
    }

    /** Where this JVM reads the file the tasks call {@code name}. */
    public Path file(String name) {
        if (files == null) {
            return Path.of(name);
        }
        Path dir = materialised();
        int k = 0;
        for (String f : files.keySet()) {
            if (f.equals(name)) {
                return dir.resolve(k + "-" + Path.of(f).getFileName());
            }
            k++;
        }
        throw new IllegalArgumentException("file '" + name + "' was not shipped with the sweep");
    }

    private Path materialised() {
        return MATERIALISED.computeIfAbsent(id, k -> {
            try {
                Path dir = Files.createTempDirectory("kinvis-sweep-");
                int i = 0;
                for (Map.Entry<String, byte[]> e : files.entrySet()) {
                    Files.write(dir.resolve(i++ + "-" + Path.of(e.getKey()).getFileName()), e.getValue());
                }
                Path data = Files.createDirectory(dir.resolve("data"));
                if (dataFiles != null) {
                    for (Map.Entry<String, byte[]> e : dataFiles.entrySet()) {
                        Files.write(data.resolve(e.getKey()), e.getValue());
                    }
                }
                deleteOnExit(dir);
                return dir;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the sweep's inputs to a temporary folder", e);
            }
        });
    }

    private static void deleteOnExit(Path dir) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try (var s = Files.walk(dir)) {
                s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException | UncheckedIOException e) {
                // best effort: a temporary folder left behind
            }
        }));
    }
}
