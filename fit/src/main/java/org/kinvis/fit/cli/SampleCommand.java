package org.kinvis.fit.cli;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.function.IntConsumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.kinvis.fit.inference.MaximumLikelihood;
import org.kinvis.fit.minimize.FitResult;
import org.kinvis.fit.minimize.Migrad;
import org.kinvis.fit.output.OutputFile;
import org.kinvis.fit.plot.Plots;
import org.kinvis.fit.sample.CheesHmc;
import org.kinvis.fit.sample.CmdStanCsv;
import org.kinvis.fit.sample.Draws;
import org.kinvis.fit.sample.EnsembleSampler;
import org.kinvis.fit.sample.LaplaceStart;
import org.kinvis.fit.sample.Metric;
import org.kinvis.fit.sample.Posterior;
import org.kinvis.fit.sample.Summary;
import org.kinvis.host.input.InputException;
import org.kinvis.host.model.HistFactoryLikelihood;
import org.kinvis.host.model.InterpolationSettings;
import org.kinvis.host.model.Likelihood;
import org.kinvis.host.physics.Scenario;
import org.kinvis.host.reweight.Reinterpretation;
import org.kinvis.kernels.Backend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code kinvis sample}: Bayesian posterior sampling. Default: many-chain ChEES-HMC in lockstep
 * ({@link CheesHmc}), every leapfrog step of all chains one batched gradient evaluation, the metric from HESSE at
 * the MLE, chains started over-dispersed from the Laplace approximation ({@link LaplaceStart}); or
 * {@code --method ensemble}, the Goodman–Weare stretch move for small models. The posterior: the likelihood with
 * its constraint terms as nuisance priors, flat priors within bounds for the free parameters unless
 * {@code --prior name=mean,sd} gives a normal one ({@link Posterior}). The verdict (R̂ ≤ 1.01 and bulk ESS ≥ 400
 * for every parameter, no divergences) decides the exit status: 0 converged, 1 not (the result is printed
 * either way), 2 bad input.
 */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = {"Posterior sampling (ChEES-HMC, or the stretch-move ensemble) of a workspace or a physics scenario.",
            "--plot draws the corner plot of the --params (at most " + SampleCommand.CORNER_MAX + "), by default of"
                    + " the POI (with --scenario: the free physics parameters) and the " + SampleCommand.CORNER_EXTRA
                    + " parameters most correlated with it."})
final class SampleCommand implements Callable<Integer> {
    /** Default number of HMC chains. */
    static final int CHAINS = 64;
    static final int WARMUP = 300;
    static final int DRAWS = 500;
    static final int ENSEMBLE_WARMUP = 500;
    static final int ENSEMBLE_DRAWS = 1500;
    /**
     * Most parameters a corner plot holds: a k × k grid of panels, unreadable (and beyond a raster image's size for
     * Belle II's 232) past this.
     */
    static final int CORNER_MAX = 10;
    /** Parameters the default corner plot adds to the POI (or physics parameters): the most correlated with them. */
    static final int CORNER_EXTRA = 3;

    @Mixin
    CommonOptions common;

    @Mixin
    ModelOptions modelOptions;

    /** A physics scenario to sample (reinterpretation) instead of the workspace, at these parameter values. */
    @Mixin
    ScenarioOptions scenario;

    @Option(names = "--free", paramLabel = "NAME", split = ",",
            description = "With --scenario: physics parameters to sample (default: the scenario's usual ones).")
    List<String> free;

    @Option(names = "--method", paramLabel = "M", defaultValue = "hmc",
            description = "hmc (ChEES-HMC, default) or ensemble (stretch move, for small models).")
    String method;

    @Option(names = "--chains", paramLabel = "N",
            description = "Number of chains (default " + CHAINS + "; ensemble: walkers, default 2 × parameters + 2).")
    Integer chains;

    @Option(names = "--warmup", paramLabel = "N",
            description = "Warm-up iterations per chain, adapting and discarded (default " + WARMUP
                    + "; 0 with --resume).")
    Integer warmup;

    @Option(names = "--draws", paramLabel = "N",
            description = "Kept draws per chain (default " + DRAWS + "; ensemble " + ENSEMBLE_DRAWS + ").")
    Integer draws;

    @Option(names = "--thin", paramLabel = "N", defaultValue = "1", description = "Iterations per kept draw (default 1).")
    int thin;

    @Option(names = "--target-accept", paramLabel = "A", defaultValue = "0.651",
            description = "HMC: target of the chains' harmonic-mean acceptance probability (default 0.651; raise it,"
                    + " e.g. 0.9, when transitions diverge).")
    double targetAccept;

    @Option(names = "--start", paramLabel = "S", defaultValue = "mle",
            description = "Start around the mle (default; HESSE metric) or the init values (diagonal metric).")
    String start;

    @Option(names = "--prior", paramLabel = "NAME=MEAN,SD", description = "Normal prior for a free parameter.")
    List<String> priors;

    @Option(names = "--params", paramLabel = "NAME", split = ",",
            description = "Parameters to report and write (default: all sampled; the text table shows the POI or"
                    + " physics parameters unless given).")
    List<String> params;

    @Option(names = "--draws-file", paramLabel = "FILE.csv[.gz]",
            description = "Write the draws in CmdStan CSV, one file per chain: FILE_1.csv, FILE_2.csv, ... (what"
                    + " arviz.from_cmdstan reads; .gz compresses).")
    Path drawsFile;

    @Option(names = "--resume", paramLabel = "FILE.csv[.gz]",
            description = "Continue from the chains' final positions in a --draws-file run (HMC: with its adapted"
                    + " step size, trajectory length and metric).")
    Path resume;

    @Mixin
    PlotOption plotOption;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        long t0 = System.nanoTime();
        common.json();
        boolean hmc = switch (method) {
            case "hmc" -> true;
            case "ensemble" -> false;
            default -> throw InputException.at("--method", method, "expected hmc or ensemble");
        };
        plot = plotOption.checked();
        validateOptions();
        try (Backend backend = common.createBackend(); Likelihood lik = likelihood(backend)) {
            if (hmc && !lik.hasGradient()) {
                throw InputException.at("--backend", backend.name(), "has no analytic gradient for HMC; use"
                        + " --backend cpu or --method ensemble");
            }
            Map<String, double[]> normal = normalPriors(lik);
            // the fixed parameters keep their init values (an MLE fit does not move them either)
            Posterior post = new Posterior(lik, lik.parameters().inits(), normal);
            int n = post.dimension();
            List<String> names = post.names();
            int[] cols = columns(names);
            CmdStanCsv.Resume resumed = resume != null ? CmdStanCsv.read(resume, names) : null;
            int c = chainCount(hmc, n, resumed);
            int w = warmup != null ? warmup : resumed != null ? 0 : hmc ? WARMUP : ENSEMBLE_WARMUP;
            int d = draws != null ? draws : hmc ? DRAWS : ENSEMBLE_DRAWS;
            checkMemory(c, d, n);
            if (drawsFile != null) { // every chain's file writable, before the run
                CmdStanCsv.files(drawsFile, c).forEach(f -> OutputFile.check("--draws-file", f));
            }
            FitResult mle = null;
            if (start.equals("mle") && resume == null) {
                mle = MaximumLikelihood.fit(lik, Map.of(), Migrad.Options.DEFAULT);
                if (!mle.valid()) {
                    warn("the maximum-likelihood fit is not valid (" + mle.status() + "); the sampler starts"
                            + " around it and adapts its metric from there");
                }
            }
            Draws result = hmc ? runHmc(post, mle, resumed, c, w, d) : runEnsemble(post, mle, resumed, c, w, d);
            List<Summary> all = Summary.all(result, post);
            Summary.Verdict verdict = Summary.verdict(all, result.divergences());
            List<Path> files = null;
            if (drawsFile != null) {
                files = CmdStanCsv.files(drawsFile.toAbsolutePath(), result.chains());
                List<String> config = config(hmc, c, w, d);
                OutputFile.writeAll("--draws-file", files, (k, out) -> CmdStanCsv.writeChain(out,
                        CmdStanCsv.gzip(drawsFile), result, k, cols, config, warmupSeconds));
            }
            List<String> shown = new ArrayList<>();
            if (plot != null) {
                int[] plotted = params != null ? cols : cornerColumns(defaultShown(lik, names), result);
                for (int j : plotted) {
                    shown.add(names.get(j));
                }
                double[] best = null;
                if (mle != null) {
                    best = new double[plotted.length];
                    int[] free = post.free();
                    for (int i = 0; i < plotted.length; i++) {
                        best[i] = mle.values()[free[plotted[i]]];
                    }
                }
                Plots.corner(plot, shown, plotted, result.values(), result.chains() * result.draws(), n, best);
            }
            double seconds = (System.nanoTime() - t0) / 1e9;
            SampleView.of(new SampleView.Run(result, all, cols, params != null ? cols : defaultShown(lik, names),
                    verdict, mle, w, thin, seconds, backend.name(), backend.device(), files, plot, shown))
                    .emit(common, spec.commandLine().getOut());
            double[] bfmi = result.ebfmi();
            if (bfmi != null && SampleView.min(bfmi) < 0.3) {
                warn(String.format(Locale.ROOT, "E-BFMI below 0.3 in some chains (min %.2f): the momentum resampling"
                        + " explores the energy slowly; the posterior may have heavy tails", SampleView.min(bfmi)));
            }
            if (!verdict.converged()) {
                warn(verdict.message());
                return 1;
            }
            return 0;
        }
    }

    private double warmupSeconds;
    private Path plot;

    private Draws runHmc(Posterior post, FitResult mle, CmdStanCsv.Resume resumed, int c, int w, int d) {
        int n = post.dimension();
        SplittableRandom rng = new SplittableRandom(common.seed);
        double[] u0;
        Metric metric;
        Draws.Adaptation adapted = null;
        if (resumed != null) {
            u0 = new double[c * n];
            post.unconstrain(resumed.finals(), u0, c);
            nudgeInside(u0, c, n);
            double[] mean = new double[n];
            for (int k = 0; k < c; k++) {
                for (int j = 0; j < n; j++) {
                    mean[j] += u0[k * n + j] / c;
                }
            }
            if (resumed.covariance() != null) {
                metric = Metric.fromCovariance(mean, resumed.covariance());
                adapted = new Draws.Adaptation(resumed.stepSize(), resumed.trajectoryLength(), metric);
            } else {
                metric = Metric.identity(mean);
                if (w == 0) {
                    throw InputException.at("--resume", resume.toString(), "holds no HMC adaptation (an ensemble"
                            + " run): give --warmup N to adapt");
                }
            }
        } else {
            double[] point = mle != null ? mle.values() : post.likelihood().parameters().inits();
            LaplaceStart laplace = LaplaceStart.of(post, point, mle != null ? mle.covariance() : null,
                    MaximumLikelihood.initialErrors(post.likelihood().parameters()));
            metric = laplace.metric();
            u0 = laplace.draw(post, c, 1.5, rng);
        }
        CheesHmc sampler = new CheesHmc(post, new CheesHmc.Options(c, w, d, thin, targetAccept, 1000,
                common.seed + 1));
        long total = (long) w + (long) d * thin;
        long ts = System.nanoTime();
        double[] start = u0;
        Metric initial = metric;
        Draws.Adaptation from = adapted;
        Draws out = withProgress("HMC", total, p -> sampler.run(start, initial, from, it -> {
            if (it == w) {
                warmupSeconds = (System.nanoTime() - ts) / 1e9;
            }
            if (p != null) {
                p.accept(it);
            }
        }));
        return out;
    }

    /** Unconstrained coordinates of resumed points that sit exactly on a bound (±∞) are moved 30 units inside. */
    private static void nudgeInside(double[] u, int c, int n) {
        for (int i = 0; i < c * n; i++) {
            if (u[i] == Double.NEGATIVE_INFINITY) {
                u[i] = -30;
            } else if (u[i] == Double.POSITIVE_INFINITY) {
                u[i] = 30;
            } else if (Double.isNaN(u[i])) {
                throw InputException.at("--resume", "final position", "holds a value outside the parameter's bounds");
            }
        }
    }

    private Draws runEnsemble(Posterior post, FitResult mle, CmdStanCsv.Resume resumed, int c, int w, int d) {
        int n = post.dimension();
        double[] x0 = resumed != null ? resumed.finals() : startingEnsemble(post, mle, c,
                new SplittableRandom(common.seed));
        EnsembleSampler sampler = new EnsembleSampler(post, c, 2.0, common.seed);
        long steps = (long) w + (long) d * thin;
        if (steps > Integer.MAX_VALUE) {
            throw InputException.at("--warmup/--draws/--thin", w + "/" + d + "/" + thin, "too many steps");
        }
        EnsembleSampler.Chain ch = withProgress("ensemble", steps, p -> sampler.run(x0, (int) steps, w, thin, p));
        warmupSeconds = ch.seconds() * w / steps;
        if (ch.acceptanceFraction() < 0.1) {
            warn(String.format(Locale.ROOT, "ensemble acceptance %.3f: the stretch move is not moving (it fails"
                    + " in high dimensions); use --method hmc", ch.acceptanceFraction()));
        }
        return ch.toDraws(post.names(), ch.last());
    }

    /**
     * Walkers drawn from the Laplace approximation at the MLE (HESSE covariance of the free parameters), else a
     * ball of a tenth of the initial step sizes around the inits; clipped into the bounds.
     */
    static double[] startingEnsemble(Posterior post, FitResult mle, int w, SplittableRandom rng) {
        int[] free = post.free();
        int n = free.length;
        double[] width = MaximumLikelihood.initialErrors(post.likelihood().parameters());
        double[] center = mle != null ? mle.values() : post.likelihood().parameters().inits();
        double[] cov = new double[n * n];
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                cov[a * n + b] = mle != null && mle.covariance() != null ? mle.covariance()[free[a]][free[b]]
                        : a == b ? Math.pow(0.1 * width[free[a]], 2) : 0;
            }
        }
        double[] mean = new double[n];
        for (int j = 0; j < n; j++) {
            mean[j] = center[free[j]];
        }
        Metric m = Metric.fromCovariance(mean, cov);
        double[] z = new double[w * n];
        for (int i = 0; i < z.length; i++) {
            z[i] = rng.nextGaussian();
        }
        double[] x0 = new double[w * n];
        m.toUnconstrained(z, x0, w);
        for (int k = 0; k < w; k++) {
            for (int j = 0; j < n; j++) {
                x0[k * n + j] = Math.max(post.lower(j), Math.min(post.upper(j), x0[k * n + j]));
            }
        }
        return x0;
    }

    private <T> T withProgress(String task, long total, Function<IntConsumer, T> body) {
        if (!terminal()) {
            return body.apply(null);
        }
        try (ProgressBar pb = new ProgressBarBuilder().setTaskName(task).setInitialMax(total)
                .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).build()) {
            return body.apply(pb::stepTo);
        }
    }

    /** Whether stderr is (most likely) a terminal: a console attached, not in CI. */
    private static boolean terminal() {
        java.io.Console console = System.console();
        if (console == null || System.getenv("CI") != null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // Java 21: System.console() is null unless on a terminal
        }
    }

    private void validateOptions() {
        if (chains != null && chains < 2) {
            throw InputException.at("--chains", String.valueOf(chains), "expected a number of chains ≥ 2");
        }
        if (warmup != null && warmup < 0) {
            throw InputException.at("--warmup", String.valueOf(warmup), "expected a number of iterations ≥ 0");
        }
        if (draws != null && draws < 1) {
            throw InputException.at("--draws", String.valueOf(draws), "expected a number of draws ≥ 1");
        }
        if (thin < 1) {
            throw InputException.at("--thin", String.valueOf(thin), "expected an integer ≥ 1");
        }
        if (!(targetAccept > 0 && targetAccept < 1)) {
            throw InputException.at("--target-accept", String.valueOf(targetAccept), "expected a number in (0, 1)");
        }
        if (!start.equals("mle") && !start.equals("init")) {
            throw InputException.at("--start", start, "expected mle or init");
        }
        if (scenario.scenario == null && free != null) {
            throw InputException.at("--free", String.join(",", free), "only with --scenario");
        }
        if (scenario.scenario == null && scenario.set != null) {
            throw InputException.at("--set", String.join(" ", scenario.set), "only with --scenario");
        }
        if (plot != null && params != null && new LinkedHashSet<>(params).size() > CORNER_MAX) {
            throw InputException.at("--params", String.join(",", params), "at most " + CORNER_MAX + " parameters"
                    + " with --plot (a corner plot of k × k panels); name fewer, or drop --plot");
        }
        if (drawsFile != null) {
            OutputFile.check("--draws-file", CmdStanCsv.chainFile(drawsFile, 1));
        }
    }

    private int chainCount(boolean hmc, int n, CmdStanCsv.Resume resumed) {
        if (resumed != null) {
            if (chains != null && chains != resumed.chains()) {
                throw InputException.at("--chains", String.valueOf(chains), "the resumed run has " + resumed.chains()
                        + " chains");
            }
            if (!hmc && resumed.chains() % 2 != 0) {
                throw InputException.at("--resume", resume.toString(), "holds " + resumed.chains()
                        + " chains; the ensemble needs an even number of walkers");
            }
            return resumed.chains();
        }
        if (hmc) {
            return chains != null ? chains : CHAINS;
        }
        int w = chains != null ? chains : 2 * n + 2;
        if (w % 2 != 0 || w < 4) {
            throw InputException.at("--chains", String.valueOf(w), "the ensemble needs an even number of walkers ≥ 4");
        }
        if (w < 2 * n) {
            warn(String.format(Locale.ROOT, "%d walkers for %d free parameters: the stretch move needs at least twice"
                    + " as many walkers as parameters to explore them all", w, n));
        }
        return w;
    }

    /** Refuses runs whose draws and chain states would not fit in the Java heap (sizes in long arithmetic). */
    private void checkMemory(int c, int d, int n) {
        long values = (long) c * d * n;
        long bytes = 8 * values + 40L * c * d + 8L * 24 * c * n;
        Runtime rt = Runtime.getRuntime();
        long available = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
        if (values > Integer.MAX_VALUE - 8 || bytes > 0.8 * available) {
            throw InputException.at("--chains/--draws", c + "/" + d, String.format(Locale.ROOT,
                    "%d chains × %d draws × %d parameters need %.3g GB; at most %.3g GB are available (raise the"
                            + " heap with KINVIS_JAVA_OPTS=-Xmx..., or use fewer chains or draws, or --thin)",
                    c, d, n, bytes / 1e9, 0.8 * available / 1e9));
        }
    }

    private Map<String, double[]> normalPriors(Likelihood lik) {
        Map<String, double[]> normal = new LinkedHashMap<>();
        if (priors == null) {
            return normal;
        }
        for (String p : priors) {
            String[] kv = p.split("=", 2);
            String[] ms = kv.length == 2 ? kv[1].split(",") : new String[0];
            try {
                double mean = Double.parseDouble(ms[0]);
                double sd = Double.parseDouble(ms[1]);
                int k = lik.parameters().indexOf(kv[0]);
                if (ms.length != 2 || !(sd > 0) || !Double.isFinite(mean) || !Double.isFinite(sd) || k < 0
                        || lik.parameters().fixed()[k]) {
                    throw new NumberFormatException();
                }
                normal.put(kv[0], new double[] {mean, sd});
            } catch (RuntimeException e) {
                throw InputException.at("--prior", p, "expected NAME=MEAN,SD with a free parameter's name and SD > 0");
            }
        }
        return normal;
    }

    private int[] columns(List<String> names) {
        if (params == null) {
            return java.util.stream.IntStream.range(0, names.size()).toArray();
        }
        Set<String> unique = new LinkedHashSet<>(params);
        int[] cols = new int[unique.size()];
        int i = 0;
        for (String p : unique) {
            cols[i] = names.indexOf(p);
            if (cols[i] < 0) {
                throw InputException.at("--params", p, "not a sampled parameter");
            }
            i++;
        }
        return cols;
    }

    private List<String> config(boolean hmc, int c, int w, int d) {
        List<String> out = new ArrayList<>();
        out.add("method = sample");
        out.add("algorithm = " + (hmc ? "hmc" : "ensemble"));
        out.add("engine = " + (hmc ? "chees" : "stretch"));
        out.add("num_chains = " + c);
        out.add("num_samples = " + d);
        out.add("num_warmup = " + w);
        out.add("save_warmup = 0");
        out.add("thin = " + thin);
        out.add("seed = " + common.seed);
        if (hmc) {
            out.add("metric = dense_e");
            out.add("delta = " + targetAccept);
        }
        if (scenario.scenario != null) {
            out.add("scenario = " + scenario.scenario);
        }
        return out;
    }

    private void warn(String message) {
        spec.commandLine().getErr().println("kinvis: warning: " + message);
        spec.commandLine().getErr().flush();
    }

    private Likelihood likelihood(Backend backend) {
        if (scenario.scenario != null) {
            Scenario sc = scenario.scenario();
            double[] v = scenario.values(sc);
            Set<String> f = free != null ? new LinkedHashSet<>(free) : ReinterpretCommand.defaultFree(sc);
            for (String name : f) {
                int k = sc.indexOf(name);
                if (k < 0 || k >= sc.parameters().size() - 8) {
                    throw InputException.at("--free", name, "not a physics parameter of scenario " + sc.name());
                }
            }
            return new Reinterpretation(modelOptions.workspace(common), common.dataDir(), sc, v, f,
                    InterpolationSettings.parse(modelOptions.interp), backend);
        }
        return new HistFactoryLikelihood(modelOptions.compile(common), backend);
    }

    /**
     * The default corner plot: the {@code primary} columns (at most {@link #CORNER_MAX}) and the
     * {@link #CORNER_EXTRA} others whose draws are most correlated (|ρ|) with any of them.
     */
    static int[] cornerColumns(int[] primary, Draws d) {
        int n = d.dim();
        int count = d.chains() * d.draws();
        int keep = Math.min(primary.length, CORNER_MAX);
        double[] mean = new double[n];
        double[] var = new double[n];
        double[] v = d.values();
        for (int s = 0; s < count; s++) {
            for (int j = 0; j < n; j++) {
                mean[j] += v[s * n + j] / count;
            }
        }
        for (int s = 0; s < count; s++) {
            for (int j = 0; j < n; j++) {
                double x = v[s * n + j] - mean[j];
                var[j] += x * x;
            }
        }
        double[] rho = new double[n];
        for (int a = 0; a < keep; a++) {
            int p = primary[a];
            double[] cov = new double[n];
            for (int s = 0; s < count; s++) {
                double xp = v[s * n + p] - mean[p];
                for (int j = 0; j < n; j++) {
                    cov[j] += xp * (v[s * n + j] - mean[j]);
                }
            }
            for (int j = 0; j < n; j++) {
                double r = Math.abs(cov[j] / Math.sqrt(var[p] * var[j]));
                rho[j] = Math.max(rho[j], Double.isFinite(r) ? r : 0);
            }
        }
        List<Integer> out = new ArrayList<>();
        for (int a = 0; a < keep; a++) {
            out.add(primary[a]);
        }
        List<Integer> others = new ArrayList<>();
        for (int j = 0; j < n; j++) {
            if (!out.contains(j)) {
                others.add(j);
            }
        }
        others.sort((x, y) -> Double.compare(rho[y], rho[x]));
        for (int i = 0; i < others.size() && i < CORNER_EXTRA && out.size() < CORNER_MAX; i++) {
            out.add(others.get(i));
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Columns the text table shows without --params: the POI and physics parameters (else the first four). */
    private static int[] defaultShown(Likelihood lik, List<String> names) {
        List<Integer> out = new ArrayList<>();
        String poi = lik.parameters().poiName();
        for (int j = 0; j < names.size(); j++) {
            String s = names.get(j);
            org.kinvis.host.model.ParameterSet set = lik.parameters().set(s);
            if (s.equals(poi) || (set != null && set.modifierType().equals("physics"))) {
                out.add(j);
            }
        }
        if (out.isEmpty()) {
            for (int j = 0; j < Math.min(4, names.size()); j++) {
                out.add(j);
            }
        }
        return out.stream().mapToInt(Integer::intValue).toArray();
    }
}
