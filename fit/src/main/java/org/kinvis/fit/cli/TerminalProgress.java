package org.kinvis.fit.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import org.kinvis.fit.inference.Progress;

/**
 * The progress bar of the long commands, drawn on stderr: task, bar, units done of the total, percentage, elapsed
 * time and ETA, redrawn in place four times a second and erased when the command ends, before its result is
 * printed. Drawn only where it helps a person watching: stderr is a terminal, the result is not JSON (a pipeline),
 * and the work has taken more than {@link #DELAY_MILLIS} (short runs never flash a bar). {@code $KINVIS_PROGRESS}
 * (or {@code -Dkinvis.progress}) = {@code never} turns it off, {@code always} on (any stderr, JSON too).
 */
final class TerminalProgress implements Progress, AutoCloseable {
    /** Time before a bar appears. */
    static final long DELAY_MILLIS = 1000;
    private static final long REDRAW_MILLIS = 250;
    private static final int BAR = 24;

    private final PrintWriter err;
    private final String task;
    private final String unit;
    private final long start = System.nanoTime();
    private final AtomicLong total = new AtomicLong();
    private final AtomicLong done = new AtomicLong();
    private final Thread ticker;
    private final long delayNanos;
    private final boolean active;
    private volatile int drawnWidth;
    private volatile long lastDraw;
    private volatile boolean closed;

    private TerminalProgress(PrintWriter err, String task, String unit, long delayMillis, boolean active) {
        this.err = err;
        this.task = task;
        this.unit = unit;
        this.delayNanos = delayMillis * 1_000_000;
        this.active = active;
        this.ticker = active ? Thread.ofPlatform().daemon().name("kinvis-progress").unstarted(this::tick) : null;
    }

    /**
     * A bar for {@code task} counting {@code unit}s ("fits", "points") on {@code err}; one that draws nothing where
     * no bar is wanted (see the class comment). Close it (idempotent) before printing the result.
     */
    static TerminalProgress open(PrintWriter err, boolean json, String task, String unit) {
        String mode = System.getProperty("kinvis.progress", System.getenv().getOrDefault("KINVIS_PROGRESS", "auto"));
        boolean show = switch (mode.toLowerCase(Locale.ROOT)) {
            case "always" -> true;
            case "never", "0", "off" -> false;
            default -> !json && stderrIsTerminal();
        };
        TerminalProgress p = new TerminalProgress(err, task, unit,
                Long.getLong("kinvis.progress.delay", DELAY_MILLIS), show);
        if (show) {
            p.ticker.start();
        }
        return p;
    }

    /** Whether this bar draws (stderr a terminal, or forced). */
    boolean active() {
        return active;
    }

    /** Whether fd 2 is a terminal: on Linux, whether /proc/self/fd/2 is a tty or pseudo-terminal. */
    static boolean stderrIsTerminal() {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/2")).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public void expect(long units) {
        if (active) {
            total.addAndGet(units);
            maybeDraw();
        }
    }

    @Override
    public void advance(long units) {
        if (active) {
            done.addAndGet(units);
            maybeDraw();
        }
    }

    private void tick() {
        try {
            while (!closed) {
                Thread.sleep(REDRAW_MILLIS);
                maybeDraw();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Draws when the delay is over and the last drawing is older than the redraw interval. */
    private void maybeDraw() {
        long now = System.nanoTime();
        if (now - start < delayNanos || now - lastDraw < REDRAW_MILLIS * 1_000_000 && drawnWidth > 0) {
            return;
        }
        synchronized (this) {
            if (!closed) {
                draw();
                lastDraw = now;
            }
        }
    }

    /** The line as it stands now. */
    String line() {
        long n = done.get();
        long t = Math.max(total.get(), n);
        double elapsed = (System.nanoTime() - start) / 1e9;
        StringBuilder sb = new StringBuilder("kinvis ").append(task).append(' ');
        if (t > 0) {
            double f = (double) n / t;
            int full = (int) Math.round(f * BAR);
            sb.append('[').append("#".repeat(full)).append(".".repeat(BAR - full)).append("] ");
            sb.append(String.format(Locale.ROOT, "%d/%d %s %3.0f%%  %s", n, t, unit, 100 * f, duration(elapsed)));
            if (n > 0 && n < t) {
                sb.append("  ETA ").append(duration(elapsed * (t - n) / n));
            }
        } else {
            sb.append(String.format(Locale.ROOT, "%d %s  %s", n, unit, duration(elapsed)));
        }
        return sb.toString();
    }

    private void draw() {
        String s = line();
        int width = columns() - 1;
        if (s.length() > width) {
            s = s.substring(0, width);
        }
        err.print('\r' + s + " ".repeat(Math.max(0, drawnWidth - s.length())));
        err.flush();
        drawnWidth = s.length();
    }

    private static int columns() {
        try {
            return Math.max(40, Integer.parseInt(System.getenv().getOrDefault("COLUMNS", "80").strip()));
        } catch (NumberFormatException e) {
            return 80;
        }
    }

    /** "45 s", "3 min 05 s", "1 h 02 min". */
    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s < 60) {
            return s + " s";
        }
        if (s < 3600) {
            return String.format(Locale.ROOT, "%d min %02d s", s / 60, s % 60);
        }
        return String.format(Locale.ROOT, "%d h %02d min", s / 3600, (s % 3600) / 60);
    }

    /** Stops redrawing and erases the bar (drawn once more in its final state first, if it was shown). */
    @Override
    public void close() {
        if (!active) {
            return;
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (drawnWidth > 0) {
                draw();
                err.print('\r' + " ".repeat(drawnWidth) + '\r');
                err.flush();
            }
        }
        ticker.interrupt();
    }
}
