package org.kinvis.bench;

import java.util.concurrent.TimeUnit;
import org.kinvis.host.model.CompiledModel;
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
 * The analytic gradient of the Belle II logpdf (value and all 232 derivatives per point, as {@code Evaluator
 * .gradient}): time per batch of {@code batch} points drawn as in {@link LogpdfBenchmark}. Batch 64 is a lockstep
 * step of 64 HMC chains. Divide by the batch size for µs per gradient. Run with
 * {@code scripts/bench.sh GradientBenchmark -p backend=cpu}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class GradientBenchmark {
    @Param({"1", "64", "4096"})
    public int batch;

    @Param({"cpu", "opencl"})
    public String backend;

    private Backend be;
    private Evaluator eval;
    private double[] points;
    private double[] out;
    private double[] grad;

    @Setup(Level.Trial)
    public void setup() {
        CompiledModel model = LogpdfBenchmark.belle2();
        be = Backends.create(backend);
        eval = be.prepare(model.layout());
        points = LogpdfBenchmark.centralPoints(model.parameters(), batch, 42);
        out = new double[batch];
        grad = new double[batch * model.parameters().size()];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        eval.close();
        be.close();
    }

    @Benchmark
    public double[] gradient() {
        eval.gradient(points, batch, out, grad);
        return grad;
    }
}
