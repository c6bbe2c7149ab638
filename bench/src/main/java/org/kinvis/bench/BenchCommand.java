package org.kinvis.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.IntSupplier;
import org.kinvis.fit.cli.CommonOptions;
import org.kinvis.fit.cli.Output;
import org.kinvis.host.input.InputException;
import org.kinvis.host.input.JsonInput;
import org.kinvis.host.model.CompiledModel;
import org.kinvis.host.model.ModelCompiler;
import org.kinvis.host.workspace.WorkspaceReader;
import org.kinvis.kernels.Backend;
import org.kinvis.kernels.Backends;
import org.kinvis.kernels.Evaluator;
import org.kinvis.kernels.opencl.OpenClBackend;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kinvis bench}: throughput of the batched logpdf and of the analytic gradient (value and every derivative)
 * on the Belle II workspace per backend and batch size, measured after warm-up (points drawn in the central 20 % of
 * every parameter's range), so that machines compare with one command. A batch larger than one chunk of bounded
 * memory ({@link #CHUNK_BYTES} of points, or a quarter of the heap) streams through the backend in chunks, the chunk's points re-evaluated;
 * a row then times as many chunks as fit in {@code --seconds} (at least one), which may be part of a pass. JMH
 * benchmarks ({@code scripts/bench.sh}) give the statistically careful numbers.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Throughput table of the batched logpdf and gradient.")
public final class BenchCommand implements Callable<Integer> {
    /** Memory for the points of one backend call (and as much again for gradients), at most a quarter of the heap. */
    static final long CHUNK_BYTES = 64L << 20;

    @Option(names = "--data", paramLabel = "DIR", description = "Data folder (default data/belle2, else $KINVIS_DATA).")
    Path data;

    @Option(names = "--workspace", paramLabel = "W", description = "Workspace (default: the Belle II one).")
    Path workspace;

    @Option(names = "--backend", paramLabel = "NAME", split = ",",
            description = "Backends to compare (default: cpu, and opencl where a platform exists).")
    List<String> backends;

    @Option(names = "--device", paramLabel = "DEV", description = "OpenCL device (index or name substring).")
    String device;

    @Option(names = "--batch", paramLabel = "N", split = ",", converter = BatchSize.class,
            description = "Batch sizes (default 1,100,10000,1000000; 1e7 notation accepted). Batches above one"
                    + " chunk of bounded memory stream through the backend in chunks.")
    List<Long> batches;

    @Option(names = "--eval", paramLabel = "WHAT", split = ",", defaultValue = "logpdf",
            description = "What to time: logpdf, gradient (value and all derivatives), or both (default logpdf).")
    List<String> evals;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "1.0",
            description = "Measuring time per row after warm-up (default 1 s).")
    double seconds;

    @Option(names = "--format", paramLabel = "FMT", defaultValue = "text", description = "text or json.")
    String format;

    @Option(names = "--output", paramLabel = "FILE", description = "Also write the result to FILE.")
    Path output;

    @Spec
    CommandSpec spec;

    /** {@code --batch} values: positive integers, also written like 1e7. */
    static final class BatchSize implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                BigDecimal d = new BigDecimal(value.trim());
                if (d.signum() > 0 && d.stripTrailingZeros().scale() <= 0 && d.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) {
                    return d.longValueExact();
                }
            } catch (NumberFormatException | ArithmeticException e) {
                // reported below
            }
            throw new CommandLine.TypeConversionException("'" + value + "' is not a batch size: expected a whole"
                    + " number from 1 to " + Long.MAX_VALUE + ", e.g. 4096 or 1e7");
        }
    }

    /**
     * One measured row of the table.
     *
     * @param eval           "logpdf" or "gradient"
     * @param pointsPerCall  points per backend call (the batch, or one chunk of it)
     * @param points         points evaluated while timing
     */
    record Row(String backend, String device, String precision, String eval, long batch, int pointsPerCall,
            double pointsPerSecond, long calls, long points) {
        double microsPerPoint() {
            return 1e6 / pointsPerSecond;
        }
    }

    @Override
    public Integer call() {
        if (!format.equals("text") && !format.equals("json")) {
            throw InputException.at("--format", format, "expected text or json");
        }
        if (!(seconds > 0)) {
            throw InputException.at("--seconds", String.valueOf(seconds), "expected a positive number");
        }
        for (String e : evals) {
            if (!e.equals("logpdf") && !e.equals("gradient")) {
                throw InputException.at("--eval", e, "expected logpdf, gradient or both (logpdf,gradient)");
            }
        }
        List<String> names = backends != null ? backends
                : (OpenClBackend.available() ? List.of("cpu", "opencl") : List.of("cpu"));
        List<Long> sizes = batches != null ? batches : List.of(1L, 100L, 10_000L, 1_000_000L);
        Path ws = workspace != null ? workspace
                : CommonOptions.resolveDataDir(data).resolve("combined_likelihood.json");
        CompiledModel model = ModelCompiler.compile(WorkspaceReader.read(ws));
        int n = model.parameters().size();
        int maxCall = 1;
        for (long b : sizes) {
            for (String e : evals) {
                maxCall = Math.max(maxCall, pointsPerCall(b, n, e.equals("gradient")));
            }
        }
        double[] points;
        try {
            points = LogpdfBenchmark.centralPoints(model.parameters(), maxCall, 42);
        } catch (OutOfMemoryError e) {
            throw InputException.at("--batch", String.valueOf(sizes.stream().mapToLong(Long::longValue).max()
                    .orElse(1)), "one chunk of " + maxCall + " points needs " + ((long) maxCall * n * Double.BYTES >> 20)
                    + " MB, more than the Java heap has free (" + (Runtime.getRuntime().maxMemory() >> 20)
                    + " MB in all): give it more, e.g. KINVIS_JAVA_OPTS=-Xmx2g");
        }
        PrintWriter err = spec.commandLine().getErr();
        List<Row> rows = new ArrayList<>();
        for (String name : names) {
            Backend be;
            try {
                be = Backends.create(name, new Backends.Options(device, OpenClBackend.Precision.AUTO, 1.0, 0, 1));
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw InputException.at("--backend", name, e.getMessage());
            }
            try (be; Evaluator ev = be.prepare(model.layout())) {
                String precision = be instanceof OpenClBackend o && !o.fp64() ? "float32" : "float64";
                for (String e : evals) {
                    boolean gradient = e.equals("gradient");
                    if (gradient && !ev.hasGradient()) {
                        throw InputException.at("--eval", e, "backend '" + name + "' has no analytic gradient");
                    }
                    prewarm(ev, points, gradient);
                    for (long batch : sizes) {
                        err.printf(Locale.ROOT, "kinvis: bench %s %s batch %d ...%n", name, e, batch);
                        err.flush();
                        rows.add(measure(name, be.device(), precision, ev, points, batch, gradient));
                    }
                }
            }
        }
        ObjectNode result = JsonInput.mapper().createObjectNode();
        result.put("workspace", ws.toString());
        result.put("parameters", n);
        result.put("bins", model.layout().nBins());
        ArrayNode arr = result.putArray("rows");
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%-8s %-9s %-8s %12s %14s %12s  %s%n",
                "backend", "precision", "eval", "batch", "points/s", "µs/point", "device"));
        for (Row r : rows) {
            ObjectNode o = arr.addObject();
            o.put("backend", r.backend());
            o.put("device", r.device());
            o.put("precision", r.precision());
            o.put("eval", r.eval());
            o.put("batch", r.batch());
            o.put("points_per_call", r.pointsPerCall());
            o.put("points_per_s", r.pointsPerSecond());
            o.put("us_per_point", r.microsPerPoint());
            o.put("calls", r.calls());
            o.put("points", r.points());
            text.append(String.format(Locale.ROOT, "%-8s %-9s %-8s %12d %14.4g %12.4g  %s%n", r.backend(),
                    r.precision(), r.eval(), r.batch(), r.pointsPerSecond(), r.microsPerPoint(), r.device()));
        }
        if (rows.stream().anyMatch(r -> r.pointsPerCall() < r.batch())) {
            text.append("(batches above one chunk streamed through the backend in chunks; see points_per_call in"
                    + " --format json)\n");
        }
        String body = format.equals("json") ? Output.json(result) : text.toString();
        if (output != null) {
            Output.writeAtomically(output, body);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(body);
        out.flush();
        return 0;
    }

    /** Points per backend call: the whole batch, or as many as {@link #CHUNK_BYTES} hold. */
    static int pointsPerCall(long batch, int nPars, boolean gradient) {
        long perPoint = (long) nPars * Double.BYTES * (gradient ? 2 : 1) + 2L * Double.BYTES;
        long bytes = Math.min(CHUNK_BYTES, Runtime.getRuntime().maxMemory() / 4);
        return (int) Math.max(1, Math.min(batch, Math.min(Integer.MAX_VALUE / Math.max(nPars, 1), bytes / perPoint)));
    }

    /**
     * Runs the evaluation on batches of 1 and 64 points for min(1 s, 3 × --seconds) so that the JIT has compiled
     * both the single-point and the batched paths before the first row is timed (otherwise the first batched row
     * measures compilation).
     */
    private void prewarm(Evaluator ev, double[] points, boolean gradient) {
        int n = ev.layout().nPars();
        int big = Math.min(64, points.length / Math.max(n, 1));
        double[] out = new double[big];
        double[] grad = new double[big * n];
        long end = System.nanoTime() + (long) (Math.min(1.0, 3 * seconds) * 1e9);
        do {
            for (int c : new int[] {1, big}) {
                if (gradient) {
                    ev.gradient(points, c, out, grad);
                } else {
                    ev.logpdf(points, c, out);
                }
            }
        } while (System.nanoTime() < end);
    }

    private Row measure(String name, String dev, String precision, Evaluator ev, double[] points, long batch,
            boolean gradient) {
        int n = ev.layout().nPars();
        int per = pointsPerCall(batch, n, gradient);
        double[] out = new double[per];
        double[] grad = gradient ? new double[per * n] : null;
        long[] pos = {0}; // position within the current pass
        IntSupplier call = () -> {
            int c = (int) Math.min(per, batch - pos[0]);
            if (gradient) {
                ev.gradient(points, c, out, grad);
            } else {
                ev.logpdf(points, c, out);
            }
            pos[0] = (pos[0] + c) % batch;
            return c;
        };
        long warmEnd = System.nanoTime() + (long) (0.3 * seconds * 1e9);
        do {
            call.getAsInt();
        } while (System.nanoTime() < warmEnd);
        pos[0] = 0;
        long calls = 0;
        long done = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long now;
        do {
            done += call.getAsInt();
            calls++;
            now = System.nanoTime();
        } while (now < end);
        double pps = done / ((now - start) / 1e9);
        return new Row(name, dev, precision, gradient ? "gradient" : "logpdf", batch, per, pps, calls, done);
    }
}
