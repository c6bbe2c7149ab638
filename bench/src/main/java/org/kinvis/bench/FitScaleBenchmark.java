package org.kinvis.bench;

import java.util.concurrent.TimeUnit;
import org.kinvis.fit.minimize.FitResult;
import org.kinvis.host.model.HistFactoryLikelihood;
import org.kinvis.kernels.Backend;
import org.kinvis.kernels.Backends;
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
 * Fit cost against model size: one maximum-likelihood fit (MIGRAD + HESSE from the inits, as {@code kinvis fit})
 * of the Belle II workspace enlarged ×1, ×2, ×4, ×8 ({@link EnlargedWorkspace}: 232, 463, 925, 1849 parameters),
 * on the CPU backend with its analytic gradient. Single-shot: each measurement is one whole fit. Run with
 * {@code scripts/bench.sh FitScaleBenchmark} (or {@code -p copies=8} for one size).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class FitScaleBenchmark {
    @Param({"1", "2", "4", "8"})
    public int copies;

    @Param({"cpu"})
    public String backend;

    private Backend be;
    private HistFactoryLikelihood lik;

    @Setup(Level.Trial)
    public void setUp() {
        be = Backends.create(backend, Backends.Options.DEFAULT);
        lik = new HistFactoryLikelihood(EnlargedWorkspace.model(LogpdfBenchmark.belle2Workspace(), copies), be);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        lik.close();
        be.close();
    }

    @Benchmark
    public FitResult mle() {
        return FitBenchmark.mle(lik);
    }
}
