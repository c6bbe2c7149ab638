package org.kinvis.host.input;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Locale;

/**
 * Opens the files kinvis reads (workspaces, parameter points, number densities, chains) so that hostile paths
 * fail fast with one line instead of hanging or exhausting memory: only regular files are read (a FIFO would
 * block forever, {@code /dev/zero} never ends, a folder is no document), and no file larger than the input limit
 * is read — {@value #DEFAULT_LIMIT_MB} MB unless {@code $KINVIS_MAX_INPUT_MB} (or the system property
 * {@code kinvis.maxInputMb}) says otherwise. The limit is also enforced while reading, for files that grow.
 */
public final class InputFiles {
    /** Default input limit in MB. */
    public static final long DEFAULT_LIMIT_MB = 1024;
    /** The environment variable that overrides the limit (whole or fractional MB). */
    public static final String LIMIT_ENV = "KINVIS_MAX_INPUT_MB";
    /** The system property that overrides the limit (takes precedence over the environment). */
    public static final String LIMIT_PROPERTY = "kinvis.maxInputMb";

    private InputFiles() {
    }

    /** The input limit in bytes. */
    public static long limitBytes() {
        String p = System.getProperty(LIMIT_PROPERTY);
        String source = "-D" + LIMIT_PROPERTY;
        if (p == null || p.isBlank()) {
            p = System.getenv(LIMIT_ENV);
            source = "$" + LIMIT_ENV;
        }
        if (p == null || p.isBlank()) {
            return DEFAULT_LIMIT_MB << 20;
        }
        double mb;
        try {
            mb = Double.parseDouble(p.strip());
        } catch (NumberFormatException e) {
            mb = Double.NaN;
        }
        if (!(mb > 0) || mb > 1e12) {
            throw new InputException(source + "=" + p + ": expected a positive number of megabytes (the input"
                    + " file size limit, default " + DEFAULT_LIMIT_MB + ")");
        }
        return (long) Math.ceil(mb * (1 << 20));
    }

    /**
     * Checks that {@code path} is a readable regular file within the input limit and opens it. The stream fails
     * with an {@link InputException} when more than the limit is read.
     */
    public static InputStream open(Path path) {
        String name = path.toString();
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            throw new InputException(name + ": no such file");
        } catch (IOException e) {
            throw new InputException(name + ": cannot read: " + reason(e));
        }
        if (a.isDirectory()) {
            throw new InputException(name + ": is a folder, expected a file");
        }
        if (!a.isRegularFile()) {
            throw new InputException(name + ": not a regular file (a FIFO, socket or device), expected a file");
        }
        long limit = limitBytes();
        if (a.size() > limit) {
            throw tooLarge(name, a.size(), limit);
        }
        try {
            return new Limited(Files.newInputStream(path), name, limit);
        } catch (IOException e) {
            throw new InputException(name + ": cannot read: " + reason(e));
        }
    }

    /** The whole file (see {@link #open}). */
    public static byte[] readAllBytes(Path path) {
        try (InputStream in = open(path)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new InputException(path + ": cannot read: " + reason(e));
        }
    }

    /** The file's lines, UTF-8 (see {@link #open}). */
    public static List<String> readAllLines(Path path) {
        byte[] bytes = readAllBytes(path);
        try {
            String text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
            return text.lines().toList();
        } catch (CharacterCodingException e) {
            throw new InputException(path + ": not UTF-8 text");
        }
    }

    /** A short reason for an I/O failure: the exception's message without the repeated file name. */
    public static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static InputException tooLarge(String name, long size, long limit) {
        return new InputException(name + ": " + (size < 0 ? "more than " + mb(limit) : mb(size))
                + ", larger than the input limit of " + mb(limit) + " (raise it with $" + LIMIT_ENV + "=MB)");
    }

    private static String mb(long bytes) {
        return String.format(Locale.ROOT, "%.4g MB", bytes / (double) (1 << 20));
    }

    /** Counts bytes and fails once more than the limit has been read. */
    private static final class Limited extends FilterInputStream {
        private final String name;
        private final long limit;
        private long read;

        Limited(InputStream in, String name, long limit) {
            super(in);
            this.name = name;
            this.limit = limit;
        }

        private int count(int n) {
            if (n > 0) {
                read += n;
                if (read > limit) {
                    throw tooLarge(name, -1, limit);
                }
            }
            return n;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count(1);
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return count(super.read(b, off, len));
        }

        @Override
        public long skip(long n) throws IOException {
            long s = super.skip(n);
            read += s;
            return s;
        }
    }
}
