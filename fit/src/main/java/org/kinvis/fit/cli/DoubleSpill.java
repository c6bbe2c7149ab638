package org.kinvis.fit.cli;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import org.kinvis.host.input.InputException;
import org.kinvis.host.input.InputFiles;

/**
 * An append-only sequence of doubles that stays in memory up to a limit and continues in a temporary file
 * beyond it, read back from the start as often as needed. Lets a command stream results whose output layout
 * (JSON arrays of columns) needs several passes, without holding them all in the heap: {@code kinvis eval}
 * over millions of points. The file is unlinked as soon as it is open, so nothing is left behind even when the
 * process is killed.
 */
final class DoubleSpill implements AutoCloseable {
    private static final int BUFFER = 1 << 16;
    private final int memoryLimit;
    private double[] memory = new double[16];
    private long size;
    private FileChannel file;
    private Path filePath;
    private ByteBuffer out;

    /** Keeps up to {@code memoryLimit} doubles in memory. */
    DoubleSpill(int memoryLimit) {
        this.memoryLimit = Math.max(16, memoryLimit);
    }

    long size() {
        return size;
    }

    void add(double v) {
        if (file == null && size == memory.length) {
            if (size < memoryLimit) {
                memory = Arrays.copyOf(memory, (int) Math.min(memoryLimit, 2 * size));
            } else {
                spill();
            }
        }
        if (file == null) {
            memory[(int) size] = v;
        } else {
            if (!out.hasRemaining()) {
                drain();
            }
            out.putDouble(v);
        }
        size++;
    }

    private void spill() {
        try {
            filePath = Files.createTempFile("kinvis-spill-", ".bin");
            file = FileChannel.open(filePath, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    StandardOpenOption.DELETE_ON_CLOSE);
            Files.deleteIfExists(filePath);
        } catch (IOException e) {
            throw failed(e);
        }
        out = ByteBuffer.allocate(BUFFER);
        for (int i = 0; i < size; i++) {
            if (!out.hasRemaining()) {
                drain();
            }
            out.putDouble(memory[i]);
        }
        memory = null;
    }

    private void drain() {
        out.flip();
        try {
            while (out.hasRemaining()) {
                file.write(out);
            }
        } catch (IOException e) {
            throw failed(e);
        }
        out.clear();
    }

    private InputException failed(IOException e) {
        return new InputException("cannot keep intermediate results in " + System.getProperty("java.io.tmpdir")
                + ": " + InputFiles.reason(e) + " (free space there, or choose another folder with"
                + " KINVIS_JAVA_OPTS=-Djava.io.tmpdir=DIR)");
    }

    /** A reader from the first value. */
    Reader reader() {
        if (file != null && out.position() > 0) {
            drain();
        }
        return new Reader();
    }

    /** Reads the values in order. */
    final class Reader {
        private long next;
        private long filePos;
        private final ByteBuffer in = file == null ? null : ByteBuffer.allocate(BUFFER).flip();

        double next() {
            if (next >= size) {
                throw new IllegalStateException("read past the end of the spill (" + size + " values)");
            }
            next++;
            if (file == null) {
                return memory[(int) next - 1];
            }
            if (!in.hasRemaining()) {
                in.clear();
                try {
                    // the file holds whole doubles (8 bytes each) and the buffer is a multiple of 8: read it full
                    while (in.hasRemaining()) {
                        int r = file.read(in, filePos);
                        if (r < 0) {
                            break;
                        }
                        filePos += r;
                    }
                } catch (IOException e) {
                    throw failed(e);
                }
                in.flip();
            }
            return in.getDouble();
        }
    }

    @Override
    public void close() {
        memory = null;
        if (file != null) {
            try {
                file.close();
                Files.deleteIfExists(filePath);
            } catch (IOException e) {
                // unlinked at open already
            }
        }
    }
}
