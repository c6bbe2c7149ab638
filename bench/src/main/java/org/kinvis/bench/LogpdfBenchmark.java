package org.kinvis.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.kinvis.host.model.CompiledModel;
import org.kinvis.host.model.ModelCompiler;
import org.kinvis.host.model.ParameterTable;
import org.kinvis.host.workspace.WorkspaceReader;
import org.kinvis.kernels.Backend;
import org.kinvis.kernels.Backends;
import org.kinvis.kernels.Evaluator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Throughput of the batched Belle II logpdf: time per batch of {@code batch} points, each point drawn
 * uniformly in the central 20 % of every parameter's bounds (as the pyhf reference points). Divide by the
 * batch size for µs per point. Data folder: {@code $KINVIS_DATA}, else {@code data/belle2}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class LogpdfBenchmark {
    @Param({"1", "100", "1000", "10000", "100000", "1000000"})
    public int batch;

    @Param({"cpu", "opencl"})
    public String backend;

    private Backend be;
    private Evaluator eval;
    private double[] points;
    private double[] out;

    /** The Belle II workspace from $KINVIS_DATA or data/belle2. */
    static CompiledModel belle2() {
        return ModelCompiler.compile(WorkspaceReader.read(belle2Workspace()));
    }

    /** The Belle II workspace file from $KINVIS_DATA or data/belle2, which must exist. */
    static Path belle2Workspace() {
        String env = System.getenv("KINVIS_DATA");
        Path dir = env != null && !env.isBlank() ? Path.of(env) : Path.of("data", "belle2");
        Path ws = dir.resolve("combined_likelihood.json");
        if (!Files.isRegularFile(ws)) {
            throw new IllegalStateException("Belle II workspace not found at " + ws + " (set KINVIS_DATA)");
        }
        return ws;
    }

    /** {@code count} points uniform in the central 20 % of each parameter's bounds; fixed ones at init. */
    static double[] centralPoints(ParameterTable t, int count, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int n = t.size();
        double[] lo = t.lowerBounds();
        double[] hi = t.upperBounds();
        double[] init = t.inits();
        boolean[] fixed = t.fixed();
        double[] x = new double[count * n];
        for (int p = 0; p < count; p++) {
            for (int i = 0; i < n; i++) {
                double c = 0.5 * (lo[i] + hi[i]);
                double w = hi[i] - lo[i];
                x[p * n + i] = fixed[i] ? init[i] : c - 0.1 * w + 0.2 * w * rng.nextDouble();
            }
        }
        return x;
    }

    @Setup(Level.Trial)
    public void setup() {
        CompiledModel model = belle2();
        be = Backends.create(backend);
        eval = be.prepare(model.layout());
        points = centralPoints(model.parameters(), batch, 42);
        out = new double[batch];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        eval.close();
        be.close();
    }

    @Benchmark
    public double[] logpdf() {
        eval.logpdf(points, batch, out);
        return out;
    }
}
