package org.kinvis.fit.output;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.kinvis.host.input.InputException;
import org.kinvis.host.input.InputFiles;

/**
 * A file a command writes its result to ({@code --output}, {@code --plot}, {@code --output-file},
 * {@code --draws-file}), checked before any computation and written so that no run leaves a half-written file
 * (the brief's bad-input rule); the one atomic writer of kinvis, for the command line and the figures alike:
 * <ul>
 *   <li>symbolic links are followed: the link's target is written, the link stays;</li>
 *   <li>a regular file (or a new one) is written to a short temporary name in the same folder and renamed over
 *       the target, which is atomic; a new file gets the permissions of any new file (the umask decides), a
 *       replaced one keeps its permissions;</li>
 *   <li>a FIFO, device or socket ({@code /dev/null}), and the process's own descriptors ({@code /dev/stdout},
 *       {@code /proc/self/fd/N}), are written directly (appending), never replaced;</li>
 *   <li>temporaries are named {@code .kinvis-PID-XXXX.tmp}; those of processes that no longer run (killed) and
 *       untouched for a minute are removed by the next write into that folder.</li>
 * </ul>
 */
public final class OutputFile {
    public static final String TEMP_PREFIX = ".kinvis-";
    public static final String TEMP_SUFFIX = ".tmp";
    /** Age after which a dead process's temporary counts as stale (guards against other PID namespaces). */
    static final long STALE_MILLIS = 60_000;
    private static final int NAME_MAX = 255;

    /** Writes the content of a file. */
    @FunctionalInterface
    public interface Body {
        void write(OutputStream out) throws IOException;
    }

    /**
     * The destination behind {@code given}: {@code file} is what is written (symbolic links followed),
     * {@code special} whether it is a FIFO, device or socket written in place.
     */
    public record Target(String option, Path given, Path file, boolean special) {
        public InputException error(String expected) {
            return InputException.at(option, given.toString(), expected);
        }
    }

    private OutputFile() {
    }

    /** Checks that {@code given} can be written (folder exists and is writable, not a folder itself, ...). */
    public static Target check(String option, Path given) {
        if (given.toString().isEmpty()) {
            throw InputException.at(option, "''", "expected a file name");
        }
        Target t = new Target(option, given, null, false);
        Path abs = given.toAbsolutePath();
        requireNameLength(t, abs);
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(abs, BasicFileAttributes.class); // through any symbolic links
        } catch (NoSuchFileException e) {
            a = null;
        } catch (IOException e) {
            throw t.error("cannot inspect: " + InputFiles.reason(e));
        }
        if (a != null) {
            if (a.isDirectory()) {
                throw t.error("is a folder, expected a file name");
            }
            // FIFOs, devices, sockets and the process's own descriptors (/dev/stdout → /proc/self/fd/1 → a pipe)
            // are written in place through the path as given; a regular file is replaced where it really lies
            boolean special = !a.isRegularFile() || abs.startsWith("/proc") || abs.startsWith("/dev/fd")
                    || abs.equals(Path.of("/dev/stdout")) || abs.equals(Path.of("/dev/stderr"));
            Path file;
            try {
                file = special ? abs : abs.toRealPath();
            } catch (IOException e) {
                throw t.error("cannot follow the symbolic link: " + InputFiles.reason(e));
            }
            if (!Files.isWritable(file)) {
                throw t.error("no permission to write " + file);
            }
            return new Target(option, given, file, special);
        }
        Path file = abs;
        try {
            for (int hops = 0; Files.isSymbolicLink(file); hops++) { // a dangling link: create its target
                if (hops >= 40) {
                    throw t.error("too many levels of symbolic links");
                }
                file = file.resolveSibling(Files.readSymbolicLink(file));
            }
        } catch (IOException e) {
            throw t.error("cannot follow the symbolic link: " + InputFiles.reason(e));
        }
        requireNameLength(t, file);
        Path dir = file.getParent();
        if (!Files.isDirectory(dir)) {
            throw t.error("folder " + dir + " does not exist");
        }
        if (!Files.isWritable(dir)) {
            throw t.error("no permission to create files in folder " + dir);
        }
        return new Target(option, given, file, false);
    }

    private static void requireNameLength(Target t, Path file) {
        Path name = file.getFileName();
        if (name == null) {
            throw t.error("is a folder, expected a file name");
        }
        int bytes = name.toString().getBytes(StandardCharsets.UTF_8).length;
        if (bytes > NAME_MAX) {
            throw t.error("the file name has " + bytes + " bytes, more than the " + NAME_MAX
                    + " a file system allows");
        }
    }

    /** Writes {@code text} (UTF-8) to {@code given}; see the class comment. */
    public static void write(String option, Path given, String text) {
        write(option, given, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    /** Writes what {@code body} produces to {@code given}; on any failure the target is left as it was. */
    public static void write(String option, Path given, Body body) {
        writeAll(option, List.of(given), (i, out) -> body.write(out));
    }

    /** Writes the content of file {@code index} of several. */
    @FunctionalInterface
    public interface IndexedBody {
        void write(int index, OutputStream out) throws IOException;
    }

    /**
     * Writes several files that make one result (the chains of {@code kinvis sample --draws-file}): each to its
     * temporary, and only when all are complete all renamed into place; on any failure every target is left as it
     * was (special files, written directly, excepted).
     */
    public static void writeAll(String option, List<Path> given, IndexedBody body) {
        List<Target> targets = new ArrayList<>();
        for (Path g : given) {
            targets.add(check(option, g));
        }
        Path[] temps = new Path[targets.size()];
        Target current = targets.get(0);
        try {
            try {
                for (int i = 0; i < targets.size(); i++) {
                    current = targets.get(i);
                    if (current.special()) {
                        // appending: /dev/stdout redirected to a file must not be overwritten from its start
                        try (OutputStream out = Files.newOutputStream(current.file(), StandardOpenOption.APPEND)) {
                            body.write(i, out);
                        }
                        continue;
                    }
                    Path dir = current.file().getParent();
                    if (i == 0 || !dir.equals(targets.get(i - 1).file().getParent())) {
                        removeStale(dir);
                    }
                    temps[i] = createTemp(dir);
                    try (OutputStream out = Files.newOutputStream(temps[i], StandardOpenOption.WRITE)) {
                        body.write(i, out);
                    }
                    keepPermissions(current.file(), temps[i]);
                }
                for (int i = 0; i < targets.size(); i++) {
                    current = targets.get(i);
                    if (temps[i] != null) {
                        Files.move(temps[i], current.file(), StandardCopyOption.ATOMIC_MOVE,
                                StandardCopyOption.REPLACE_EXISTING);
                    }
                }
            } finally {
                for (Path tmp : temps) {
                    if (tmp != null) {
                        Files.deleteIfExists(tmp);
                    }
                }
            }
        } catch (IOException e) {
            throw current.error("cannot write: " + InputFiles.reason(e));
        }
    }

    /** A new empty file {@code .kinvis-PID-XXXX.tmp} in {@code dir}, with the default permissions of a new file. */
    private static Path createTemp(Path dir) throws IOException {
        long pid = ProcessHandle.current().pid();
        for (int attempt = 0;; attempt++) {
            String n = TEMP_PREFIX + pid + "-" + Integer.toHexString(ThreadLocalRandom.current().nextInt(1 << 16, 1 << 20))
                    + TEMP_SUFFIX;
            try {
                return Files.createFile(dir.resolve(n));
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    /** A replaced file keeps its permission bits (the temporary got those of a new file). */
    private static void keepPermissions(Path target, Path tmp) {
        try {
            if (Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
                Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(target, LinkOption.NOFOLLOW_LINKS));
            }
        } catch (IOException | UnsupportedOperationException e) {
            // not a POSIX file system, or not ours to inspect: the new file's permissions stay
        }
    }

    /** Removes temporaries of kinvis processes that no longer run, untouched for {@link #STALE_MILLIS}. */
    static void removeStale(Path dir) {
        long self = ProcessHandle.current().pid();
        long now = System.currentTimeMillis();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, TEMP_PREFIX + "*" + TEMP_SUFFIX)) {
            for (Path p : ds) {
                long pid = pidOf(p.getFileName().toString());
                if (pid <= 0 || pid == self || ProcessHandle.of(pid).isPresent()) {
                    continue;
                }
                try {
                    FileTime m = Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS);
                    if (now - m.toMillis() >= STALE_MILLIS && Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                        Files.deleteIfExists(p);
                    }
                } catch (IOException e) {
                    // another process removed it, or we may not: leave it
                }
            }
        } catch (IOException | java.nio.file.DirectoryIteratorException e) {
            // an unreadable folder: nothing to clean
        }
    }

    /** The process id in {@code .kinvis-PID-XXXX.tmp}, or −1. */
    public static long pidOf(String name) {
        int from = TEMP_PREFIX.length();
        int to = name.indexOf('-', from);
        if (!name.startsWith(TEMP_PREFIX) || to < 0) {
            return -1;
        }
        try {
            return Long.parseLong(name.substring(from, to));
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
