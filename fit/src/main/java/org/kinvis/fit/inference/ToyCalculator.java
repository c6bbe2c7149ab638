package org.kinvis.fit.inference;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.kinvis.fit.minimize.FitResult;
import org.kinvis.fit.minimize.Lockstep;
import org.kinvis.fit.minimize.Migrad;
import org.kinvis.host.model.HistFactoryLikelihood;
import org.kinvis.host.model.PseudoData;
import org.kinvis.kernels.DataSets;
import org.kinvis.kernels.Evaluator;

/**
 * Toy-based hypothesis tests with pyhf's {@code infer.calculators.ToyCalculator} semantics:
 * <ul>
 *   <li>the observed statistic from the free fit and the conditional fit at μ on the observed data;</li>
 *   <li>signal-like toys drawn ({@link PseudoData}, main and auxiliary data) at the conditional MLE
 *       θ̂(μ) on the observed data, background-like toys at θ̂(μ′) with μ′ = {@link TestStatistic#alternativeMu()}
 *       (0; 1 for q₀) — the LHC Higgs combination's recipe (ATL-PHYS-PUB-2011-11) that pyhf follows;</li>
 *   <li>on each toy the same statistic (free fit, conditional fit where it needs one); CLs+b and CLb the fractions
 *       of signal- and background-like toys whose statistic is at least the observed one, CLs their ratio;</li>
 *   <li>the expected CLs+b, CLb and CLs the 2.3, 15.9, 50, 84.1 and 97.7 % percentiles (Φ(−2 … 2), linear
 *       interpolation) of those p-values evaluated at each background-like toy's statistic, ascending, as pyhf.</li>
 * </ul>
 * Monte Carlo errors: binomial {@code √(p(1 − p)/N)} for CLs+b and CLb, propagated to CLs as independent
 * (the two toy sets are).
 *
 * <p>Batching: the toys' fits run in lockstep ({@link Lockstep}) in groups of {@link #groupSize} toys, each toy a
 * participant that runs its free fit and then its conditional fit; every round of all participants is one backend
 * call on the per-point data sets ({@link Evaluator#logpdf(double[], int, DataSets, int[], double[])}) — one call
 * for the values and one for the gradients where the backend has them for other data sets.
 *
 * <p>Fits that fail: pyhf stops the whole calculation with {@code FailedMinimization} at the first toy fit that
 * fails. kinvis recovers a failed fit as every fit ({@link MaximumLikelihood}); a toy whose fit still fails is left
 * out of its distribution and counted ({@link ToyDistribution#failed()}), and the result says so
 * ({@link Result#toysConverged()}). The observed-data fits are recorded as for the asymptotic tests
 * ({@link Result#observedFits()}).
 */
public final class ToyCalculator {
    private final HistFactoryLikelihood lik;
    private final TestStatistic statistic;
    private final String poi;
    private final int poiIndex;
    private final double[] lo;
    private final double[] hi;
    private final boolean[] baseFixed;
    private final Map<String, Double> fixedValues;
    private final Migrad.Options options;
    private final Migrad.Options toyOptions;
    private final FitResult free;
    private final FitRecord freeRecord;

    /**
     * One toy-based test at μ.
     *
     * @param q              the observed statistic
     * @param signal         the statistic over the signal-like toys (drawn at θ̂(μ))
     * @param background     the statistic over the background-like toys (drawn at θ̂(μ′))
     * @param expectedClsb   expected CLs+b at the percentiles Φ(−2 … 2) of the background-like toys, ascending
     * @param expectedClb    expected CLb, same percentiles
     * @param expectedCls    expected CLs, same percentiles (pyhf's expected set for CLs)
     * @param observedFits   the fits on the observed data: free, conditional at μ (= signal generation), at μ′
     * @param batches        backend calls the toys' fits took
     * @param points         points those calls evaluated
     * @param seconds        wall time of the toys (generation and fits)
     */
    public record Result(TestStatistic statistic, double mu, double q, ToyDistribution signal,
            ToyDistribution background, double clsb, double clb, double cls, double clsbError, double clbError,
            double clsError, double[] expectedClsb, double[] expectedClb, double[] expectedCls,
            List<FitRecord> observedFits, long batches, long points, double seconds) {

        /** Whether every fit on the observed data converged. */
        public boolean observedConverged() {
            return FitRecord.allValid(observedFits);
        }

        /** Whether every toy's fits converged. */
        public boolean toysConverged() {
            return signal.failed() == 0 && background.failed() == 0;
        }

        /** Toys per second (both sets). */
        public double toysPerSecond() {
            return (signal.size() + signal.failed() + background.size() + background.failed()) / seconds;
        }
    }

    /**
     * @param poiBounds   {low, high} for the POI in every fit (pyhf: the suggested bounds unless given)
     * @param fixedValues parameters fixed in every fit besides the workspace's fixed ones (a POI the workspace
     *                    fixes is freed: it is what the tests vary)
     */
    public ToyCalculator(HistFactoryLikelihood lik, TestStatistic statistic, double[] poiBounds,
            Map<String, Double> fixedValues, Migrad.Options options) {
        this.lik = lik;
        this.statistic = statistic;
        this.poi = lik.requirePoi("a toy-based test");
        this.poiIndex = lik.parameters().poiIndex();
        this.lo = lik.parameters().lowerBounds();
        this.hi = lik.parameters().upperBounds();
        lo[poiIndex] = poiBounds[0];
        hi[poiIndex] = poiBounds[1];
        if (fixedValues.containsKey(poi)) {
            throw new IllegalArgumentException("the parameter of interest '" + poi + "' cannot be fixed for a test");
        }
        this.baseFixed = lik.parameters().fixed();
        baseFixed[poiIndex] = false;
        this.fixedValues = Map.copyOf(fixedValues);
        this.options = options;
        // the toys need only each minimum: no HESSE, a tighter EDM goal (as the profiled fits of a scan)
        // toy fits start at their generating point with the observed fit's covariance: the first gradient is
        // analytic too (no 2N+1-point numerical one); a toy fit that fails is recovered with the numerical path
        this.toyOptions = options.withStrategy(0).withTolerance(options.tolerance() / 10).withSeededCurvature(true);
        double[] init = lik.parameters().inits();
        init[poiIndex] = Math.max(lo[poiIndex], Math.min(hi[poiIndex], init[poiIndex]));
        // with HESSE: its covariance is every toy fit's starting metric
        fixedValues.forEach((k, v) -> init[lik.parameters().indexOf(k)] = v);
        this.free = fit(new Objective(lik), Map.of(), init, options.strategy() == 0 ? options.withStrategy(1) : options,
                null);
        this.freeRecord = FitRecord.of("observed", Map.of(), free);
    }

    /** The free fit on the observed data. */
    public FitResult freeFit() {
        return free;
    }

    /**
     * Toys fitted together in one lockstep group: as many as keep the group's N × N metrics, which every MIGRAD
     * iteration reads and rewrites, within 16 MiB (a last-level cache's scale: Belle II's 232 parameters, 0.4 MB
     * per metric, give 38; measured there, 32 toys per group take 8.6 ms CPU per toy against 15 ms for 128, whose
     * 55 MB of metrics stream from memory), at least 8 and at most 128 (small models: larger batches).
     */
    static int groupSize(int nPars) {
        long perToy = 8L * nPars * nPars;
        return (int) Math.max(8, Math.min(128, (16L << 20) / Math.max(1, perToy)));
    }

    /**
     * The toy-based test at μ with {@code toys} toys per hypothesis, drawn from a generator seeded by
     * {@code seed} and μ (the same seed and μ give the same toys, whatever else is tested). Each toy done (its fits
     * over, 2·toys in all: {@link #units}) advances {@code progress} by one; the caller announces them
     * ({@link Progress#expect}) — all tests of a limit at once, say — so the total is known from the start. Null
     * means {@link Progress#NONE}.
     */
    public Result test(double mu, int toys, long seed, Progress progress) {
        if (toys < 1) {
            throw new IllegalArgumentException("need at least one toy, got " + toys);
        }
        if (!(mu >= lo[poiIndex] && mu <= hi[poiIndex])) {
            throw new IllegalArgumentException(poi + " = " + mu + " is outside the POI bounds [" + lo[poiIndex] + ", "
                    + hi[poiIndex] + "]");
        }
        List<FitRecord> fits = new ArrayList<>();
        fits.add(freeRecord);
        Migrad.Options conditional = options.withStrategy(0).withTolerance(options.tolerance() / 10);
        FitResult atMu = fit(new Objective(lik), Map.of(poi, mu), free.values(), conditional, free.covariance());
        fits.add(FitRecord.of("observed", Map.of(poi, mu), atMu));
        double muHat = free.values()[poiIndex];
        double q = statistic.value(mu, muHat, atMu.fval() - free.fval());
        double alt = statistic.alternativeMu();
        FitResult atAlt = alt == mu ? atMu : fit(new Objective(lik), Map.of(poi, alt), free.values(), conditional,
                free.covariance());
        if (alt != mu) {
            fits.add(FitRecord.of("observed", Map.of(poi, alt), atAlt));
        }
        long t0 = System.nanoTime();
        SplittableRandom rng = new SplittableRandom(seed ^ Long.rotateLeft(Double.doubleToLongBits(mu), 17)
                ^ 0x9E3779B97F4A7C15L);
        var layout = lik.model().layout();
        DataSets sData = PseudoData.sample(layout, atMu.values(), lik.expected(atMu.values()), toys, rng);
        DataSets bData = PseudoData.sample(layout, atAlt.values(), lik.expected(atAlt.values()), toys, rng);
        DataSets all = concat(sData, bData);
        double[][] starts = new double[2 * toys][];
        for (int t = 0; t < 2 * toys; t++) {
            starts[t] = t < toys ? atMu.values() : atAlt.values();
        }
        Counting objective = new Counting(lik.evaluator(), all);
        double[] stat = statistics(objective, mu, starts, atMu.values(), progress == null ? Progress.NONE : progress);
        double seconds = (System.nanoTime() - t0) / 1e9;
        ToyDistribution sDist = distribution(mu, stat, 0, toys);
        ToyDistribution bDist = distribution(alt, stat, toys, 2 * toys);
        double clsb = sDist.pvalue(q);
        double clb = bDist.pvalue(q);
        double cls = clsb / clb;
        double eSb = sDist.pvalueError(q);
        double eB = bDist.pvalueError(q);
        double eCls = cls * Math.sqrt(sq(eSb / clsb) + sq(eB / clb));
        double[][] expected = expected(sDist, bDist);
        return new Result(statistic, mu, q, sDist, bDist, clsb, clb, cls, eSb, eB, Double.isFinite(eCls) ? eCls
                : Double.NaN, expected[0], expected[1], expected[2], List.copyOf(fits), objective.batches.get(),
                objective.points.get(), seconds);
    }

    /** The progress units of one {@link #test} with {@code toys} toys per hypothesis: one per toy. */
    public static long units(int toys) {
        return 2L * toys;
    }

    private static double sq(double x) {
        return x * x;
    }

    /** The distribution of the toys [from, to) of {@code stat}, NaN marking a toy whose fits failed. */
    private static ToyDistribution distribution(double generatedAt, double[] stat, int from, int to) {
        double[] v = new double[to - from];
        int n = 0;
        for (int t = from; t < to; t++) {
            if (!Double.isNaN(stat[t])) {
                v[n++] = stat[t];
            }
        }
        return new ToyDistribution(generatedAt, java.util.Arrays.copyOf(v, n), to - from - n);
    }

    /**
     * Percentiles Φ(−2 … 2) of CLs+b, CLb and CLs at the background-like toys' statistics (pyhf's expected set);
     * public for merging the distributions of toy chunks run apart (kinvis sweep --toys N --chunks K).
     */
    public static double[][] expected(ToyDistribution s, ToyDistribution b) {
        int n = b.size();
        double[][] out = new double[3][5];
        if (n == 0 || s.size() == 0) {
            for (double[] row : out) {
                java.util.Arrays.fill(row, Double.NaN);
            }
            return out;
        }
        double[] clsb = new double[n];
        double[] clb = new double[n];
        double[] cls = new double[n];
        for (int i = 0; i < n; i++) {
            double t = b.values()[i];
            clsb[i] = s.pvalue(t);
            clb[i] = b.pvalue(t);
            cls[i] = clsb[i] / clb[i];
        }
        for (int k = 0; k < 5; k++) {
            double percent = 100 * TestStatistic.phi(k - 2);
            out[0][k] = ToyDistribution.percentile(clsb, percent);
            out[1][k] = ToyDistribution.percentile(clb, percent);
            out[2][k] = ToyDistribution.percentile(cls, percent);
        }
        return out;
    }

    /**
     * The statistic of every toy (NaN where a fit failed): each toy a lockstep participant running its free fit
     * from its generating point and, where the statistic needs it, the conditional fit at μ from the observed
     * data's conditional minimum θ̂(μ) — a start with every nuisance already profiled at μ, where the observed free
     * fit's covariance is a good metric (from the toy's free minimum with only μ moved, it is not).
     */
    private double[] statistics(Counting objective, double mu, double[][] starts, double[] conditionalStart,
            Progress progress) {
        int count = starts.length;
        double[] stat = new double[count];
        int group = groupSize(lik.dimension());
        RuntimeException[] failure = new RuntimeException[1];
        double[][] cov = startingCovariance();
        for (int from = 0; from < count; from += group) {
            int to = Math.min(count, from + group);
            Lockstep ls = new Lockstep(objective, to - from);
            try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = from; i < to; i++) {
                    final int t = i;
                    ex.submit(() -> {
                        try {
                            stat[t] = toyStatistic(ls.view(t), mu, starts[t], conditionalStart, cov);
                        } catch (RuntimeException e) {
                            synchronized (failure) {
                                failure[0] = e;
                            }
                        } finally {
                            ls.leave();
                            progress.advance();
                        }
                    });
                }
            }
            if (failure[0] != null) {
                throw failure[0];
            }
        }
        return stat;
    }

    /**
     * The toys' starting metric: the observed free fit's covariance, where a free parameter's variance is degenerate
     * (far below its initial step², e.g. a POI fitted onto its bound, whose error the bound's transformation
     * squeezes) with that row and column replaced by the initial step² alone, so that no toy starts unable to move
     * it.
     */
    private double[][] startingCovariance() {
        double[][] c = free.covariance();
        if (c == null) {
            return null;
        }
        c = java.util.Arrays.stream(c).map(double[]::clone).toArray(double[][]::new);
        double[] step = MaximumLikelihood.initialErrors(lik.parameters());
        for (int i = 0; i < c.length; i++) {
            if (!free.fixed()[i] && !(c[i][i] > 1e-4 * step[i] * step[i])) {
                for (int j = 0; j < c.length; j++) {
                    c[i][j] = 0;
                    c[j][i] = 0;
                }
                c[i][i] = step[i] * step[i];
            }
        }
        return c;
    }

    /** One toy's statistic, NaN when a fit failed. */
    private double toyStatistic(org.kinvis.fit.minimize.BatchFunction view, double mu, double[] start,
            double[] conditionalStart, double[][] cov) {
        FitResult f = fit(view, Map.of(), start, toyOptions, cov);
        if (!f.valid()) {
            return Double.NaN;
        }
        double muHat = f.values()[poiIndex];
        if (!statistic.needsConditional(mu, muHat)) {
            return statistic.value(mu, muHat, 0);
        }
        FitResult c = fit(view, Map.of(poi, mu), conditionalStart, toyOptions, cov);
        if (!c.valid()) {
            return Double.NaN;
        }
        return statistic.value(mu, muHat, c.fval() - f.fval());
    }


    /** A fit of {@code objective} with the calculator's bounds and fixed parameters, {@code at} fixed too. */
    private FitResult fit(org.kinvis.fit.minimize.BatchFunction objective, Map<String, Double> at, double[] start,
            Migrad.Options o, double[][] cov) {
        Map<String, Double> fixed = new java.util.LinkedHashMap<>(fixedValues);
        fixed.putAll(at);
        return MaximumLikelihood.fit(lik, objective, baseFixed, fixed, start, lo, hi, o, cov);
    }

    private static DataSets concat(DataSets a, DataSets b) {
        return new DataSets(a.nBins(), a.nAux(), cat(a.main(), b.main()), cat(a.aux(), b.aux()),
                cat(a.constants(), b.constants()));
    }

    private static double[] cat(double[] a, double[] b) {
        double[] c = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /**
     * −2 log L of each point against its own pseudo-experiment (errordef 1, NaN read as +∞ like
     * {@link Objective}), counting backend calls and points.
     */
    static final class Counting implements Lockstep.SetFunction {
        private final Evaluator evaluator;
        private final DataSets data;
        final AtomicLong batches = new AtomicLong();
        final AtomicLong points = new AtomicLong();

        Counting(Evaluator evaluator, DataSets data) {
            this.evaluator = evaluator;
            this.data = data;
        }

        @Override
        public int dimension() {
            return evaluator.layout().nPars();
        }

        @Override
        public void values(double[] pts, int count, int[] set, double[] out) {
            evaluator.logpdf(pts, count, data, set, out);
            finish(count, out);
        }

        @Override
        public boolean hasGradient() {
            return evaluator.hasDataSetGradient();
        }

        @Override
        public void gradients(double[] pts, int count, int[] set, double[] out, double[] grad) {
            evaluator.gradient(pts, count, data, set, out, grad);
            finish(count, out);
            for (int i = 0; i < count * dimension(); i++) {
                grad[i] *= -2;
            }
        }

        private void finish(int count, double[] out) {
            batches.incrementAndGet();
            points.addAndGet(count);
            for (int i = 0; i < count; i++) {
                double v = -2 * out[i];
                out[i] = Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
            }
        }
    }
}
