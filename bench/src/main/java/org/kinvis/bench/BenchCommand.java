package org.kinvis.bench;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
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
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kinvis bench}: batched logpdf throughput of the Belle II workspace per backend and batch size, measured
 * after warm-up (points drawn in the central 20 % of every parameter's range), so that machines compare with one
 * command. JMH benchmarks ({@code scripts/bench.sh}) give the statistically careful numbers.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, description = "Throughput table of the batched logpdf.")
public final class BenchCommand implements Callable<Integer> {
    @Option(names = "--data", paramLabel = "DIR", description = "Data folder (default data/belle2, else $KINVIS_DATA).")
    Path data;

    @Option(names = "--workspace", paramLabel = "W", description = "Workspace (default: the Belle II one).")
    Path workspace;

    @Option(names = "--backend", paramLabel = "NAME", split = ",",
            description = "Backends to compare (default: cpu, and opencl where a platform exists).")
    List<String> backends;

    @Option(names = "--device", paramLabel = "DEV", description = "OpenCL device (index or name substring).")
    String device;

    @Option(names = "--batch", paramLabel = "N", split = ",", description = "Batch sizes (default 1,100,10000,1000000).")
    List<Integer> batches;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "1.0",
            description = "Measuring time per row after warm-up (default 1 s).")
    double seconds;

    @Option(names = "--format", paramLabel = "FMT", defaultValue = "text", description = "text or json.")
    String format;

    @Option(names = "--output", paramLabel = "FILE", description = "Also write the result to FILE.")
    Path output;

    @Spec
    CommandSpec spec;

    /** One measured row of the table. */
    record Row(String backend, String device, String precision, int batch, double pointsPerSecond, long calls) {
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
        List<String> names = backends != null ? backends
                : (OpenClBackend.available() ? List.of("cpu", "opencl") : List.of("cpu"));
        List<Integer> sizes = batches != null ? batches : List.of(1, 100, 10_000, 1_000_000);
        for (int b : sizes) {
            if (b < 1) {
                throw InputException.at("--batch", String.valueOf(b), "expected batch sizes ≥ 1");
            }
        }
        Path ws = workspace != null ? workspace
                : CommonOptions.resolveDataDir(data).resolve("combined_likelihood.json");
        CompiledModel model = ModelCompiler.compile(WorkspaceReader.read(ws));
        int maxBatch = sizes.stream().mapToInt(Integer::intValue).max().orElse(1);
        double[] points = LogpdfBenchmark.centralPoints(model.parameters(), maxBatch, 42);
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
                for (int batch : sizes) {
                    err.printf(Locale.ROOT, "kinvis: bench %s batch %d ...%n", name, batch);
                    err.flush();
                    rows.add(measure(name, be.device(), precision, ev, points, batch));
                }
            }
        }
        ObjectNode result = JsonInput.mapper().createObjectNode();
        result.put("workspace", ws.toString());
        result.put("parameters", model.parameters().size());
        result.put("bins", model.layout().nBins());
        ArrayNode arr = result.putArray("rows");
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%-8s %-9s %10s %14s %12s  %s%n", "backend",
                "precision", "batch", "points/s", "µs/point", "device"));
        for (Row r : rows) {
            ObjectNode o = arr.addObject();
            o.put("backend", r.backend());
            o.put("device", r.device());
            o.put("precision", r.precision());
            o.put("batch", r.batch());
            o.put("points_per_s", r.pointsPerSecond());
            o.put("us_per_point", r.microsPerPoint());
            o.put("calls", r.calls());
            text.append(String.format(Locale.ROOT, "%-8s %-9s %10d %14.4g %12.4g  %s%n", r.backend(), r.precision(),
                    r.batch(), r.pointsPerSecond(), r.microsPerPoint(), r.device()));
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

    private Row measure(String name, String dev, String precision, Evaluator ev, double[] points, int batch) {
        double[] out = new double[batch];
        long warmEnd = System.nanoTime() + (long) (0.3 * seconds * 1e9);
        do {
            ev.logpdf(points, batch, out);
        } while (System.nanoTime() < warmEnd);
        long calls = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long now;
        do {
            ev.logpdf(points, batch, out);
            calls++;
            now = System.nanoTime();
        } while (now < end);
        double pps = (double) calls * batch / ((now - start) / 1e9);
        return new Row(name, dev, precision, batch, pps, calls);
    }
}
