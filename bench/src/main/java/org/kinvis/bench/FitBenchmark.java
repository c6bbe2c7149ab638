package org.kinvis.bench;

import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.kinvis.fit.inference.MaximumLikelihood;
import org.kinvis.fit.inference.ProfileScan;
import org.kinvis.fit.minimize.FitResult;
import org.kinvis.fit.minimize.Migrad;
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
 * Inference on the Belle II workspace: one full maximum-likelihood fit (MIGRAD + HESSE from the inits, as
 * {@code kinvis fit}) and a 21-point profile scan of μ on [0, 10] (global fit plus 21 conditional fits in
 * lockstep, as {@code kinvis scan --values 0:10:21}). pyhf + iminuit take ~11 s for the fit on this machine.
 * Run with {@code scripts/bench.sh FitBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 4)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED"})
public class FitBenchmark {
    @Param({"cpu", "opencl"})
    public String backend;

    private Backend be;
    private HistFactoryLikelihood lik;
    private final double[] grid = new double[21];

    @Setup(Level.Trial)
    public void setUp() {
        be = Backends.create(backend, Backends.Options.DEFAULT);
        lik = new HistFactoryLikelihood(LogpdfBenchmark.belle2(), be);
        for (int i = 0; i < grid.length; i++) {
            grid[i] = 0.5 * i;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        lik.close();
        be.close();
    }

    @Benchmark
    public FitResult mle() {
        return mle(lik);
    }

    /** One maximum-likelihood fit from the inits, as {@code kinvis fit}; a fit that did not converge fails the run. */
    static FitResult mle(HistFactoryLikelihood lik) {
        FitResult r = MaximumLikelihood.fit(lik, Map.of(), Migrad.Options.DEFAULT);
        if (!r.valid()) {
            throw new IllegalStateException("fit did not converge: " + r.status());
        }
        return r;
    }

    @Benchmark
    public ProfileScan.Result scan21() {
        return ProfileScan.scan(lik, "mu", grid, Migrad.Options.DEFAULT);
    }
}
