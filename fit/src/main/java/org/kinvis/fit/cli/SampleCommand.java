package org.kinvis.fit.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.zip.GZIPOutputStream;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.kinvis.fit.inference.MaximumLikelihood;
import org.kinvis.fit.minimize.FitResult;
import org.kinvis.fit.plot.Plots;
import org.kinvis.fit.sample.Diagnostics;
import org.kinvis.fit.sample.EnsembleSampler;
import org.kinvis.fit.sample.Posterior;
import org.kinvis.host.input.InputException;
import org.kinvis.host.input.JsonInput;
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
 * {@code kinvis sample}: Bayesian posterior sampling with the affine-invariant ensemble sampler, every half-step
 * one backend batch. Posterior: the likelihood with its constraint terms as nuisance priors, uniform priors
 * within bounds for the free parameters unless {@code --prior name=mean,sd} gives a normal one.
 */
@Command(name = "sample", mixinStandardHelpOptions = true,
        description = "Posterior sampling (Goodman-Weare stretch move) of a workspace or a physics scenario.")
final class SampleCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--scenario", paramLabel = "S", description = "Sample a physics scenario (reinterpretation).")
    String scenario;

    @Option(names = "--set", paramLabel = "NAME=VALUE", description = "Scenario parameter value.")
    List<String> set;

    @Option(names = "--free", paramLabel = "NAME", split = ",", description = "Scenario parameters to sample.")
    List<String> free;

    @Option(names = "--walkers", defaultValue = "0", description = "Walkers (default: 2 × free parameters + 2, even).")
    int walkers;

    @Option(names = "--steps", defaultValue = "2000", description = "Steps per walker (default 2000).")
    int steps;

    @Option(names = "--burn", defaultValue = "500", description = "Burn-in steps discarded (default 500).")
    int burn;

    @Option(names = "--thin", defaultValue = "1", description = "Keep every N-th step (default 1).")
    int thin;

    @Option(names = "--start", defaultValue = "mle", description = "Start walkers around the mle (default) or init.")
    String start;

    @Option(names = "--prior", paramLabel = "NAME=MEAN,SD", description = "Normal prior for a free parameter.")
    List<String> priors;

    @Option(names = "--chains", paramLabel = "CSV", description = "Write the chain (CSV, .gz compresses).")
    Path chains;

    @Option(names = "--resume", paramLabel = "CSV",
            description = "Start every walker where a saved chain (kinvis sample --chains) ended.")
    Path resume;

    @Option(names = "--plot", paramLabel = "FILE", description = "Corner plot of --params; .png, .svg or .pdf.")
    Path plot;

    @Option(names = "--params", paramLabel = "NAME", split = ",",
            description = "Parameters for the summary text and the corner plot (default: POI / physics).")
    List<String> params;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        common.json();
        if (steps < 1 || burn < 0 || burn >= steps || thin < 1) {
            throw InputException.at("--steps/--burn/--thin", steps + "/" + burn + "/" + thin,
                    "expected steps ≥ 1, 0 ≤ burn < steps, thin ≥ 1");
        }
        if (!start.equals("mle") && !start.equals("init")) {
            throw InputException.at("--start", start, "expected mle or init");
        }
        Plots.check(plot);
        try (Backend backend = common.createBackend(); Likelihood lik = likelihood(backend)) {
            Map<String, double[]> normal = new LinkedHashMap<>();
            if (priors != null) {
                for (String p : priors) {
                    String[] kv = p.split("=", 2);
                    String[] ms = kv.length == 2 ? kv[1].split(",") : new String[0];
                    try {
                        double mean = Double.parseDouble(ms[0]);
                        double sd = Double.parseDouble(ms[1]);
                        if (ms.length != 2 || !(sd > 0) || lik.parameters().indexOf(kv[0]) < 0) {
                            throw new NumberFormatException();
                        }
                        normal.put(kv[0], new double[] {mean, sd});
                    } catch (RuntimeException e) {
                        throw InputException.at("--prior", p, "expected NAME=MEAN,SD with a known parameter and SD > 0");
                    }
                }
            }
            double[] center = lik.parameters().inits();
            double[] width = MaximumLikelihood.initialErrors(lik.parameters());
            double[][] cov = null;
            if (start.equals("mle") && resume == null) {
                FitResult r = MaximumLikelihood.fit(lik, Map.of(), org.kinvis.fit.minimize.Migrad.Options.DEFAULT);
                center = r.values();
                cov = r.covariance();
            }
            Posterior post = new Posterior(lik, center, normal);
            int n = post.dimension();
            List<String> freeNames = new ArrayList<>();
            for (int j : post.free()) {
                freeNames.add(lik.parameters().names().get(j));
            }
            double[] resumed = resume != null ? readLastPositions(resume, freeNames) : null;
            int w = walkers > 0 ? walkers : resumed != null ? resumed.length / n : 2 * n + 2;
            if (resumed != null && resumed.length != w * n) {
                throw InputException.at(resume.toString(), "walkers", "holds " + resumed.length / n
                        + " walkers, expected " + w);
            }
            if (w % 2 != 0 || w < 4) {
                throw InputException.at("--walkers", String.valueOf(w), "expected an even number ≥ 4");
            }
            if (w < 2 * n) {
                spec.commandLine().getErr().printf(Locale.ROOT, "kinvis: warning: %d walkers for %d free parameters:"
                        + " the stretch move needs at least twice as many walkers as parameters to explore them all%n",
                        w, n);
            }
            int[] free = post.free();
            double[] x0 = resumed != null ? resumed
                    : startingEnsemble(post, center, width, cov, w, new SplittableRandom(common.seed));
            EnsembleSampler sampler = new EnsembleSampler(post, w, 2.0, common.seed);
            EnsembleSampler.Chain ch;
            boolean bar = System.console() != null && System.getenv("CI") == null;
            if (bar) {
                try (ProgressBar pb = new ProgressBarBuilder().setTaskName("sampling").setInitialMax(steps)
                        .setStyle(ProgressBarStyle.ASCII).setConsumer(new me.tongfei.progressbar.ConsoleProgressBarConsumer(
                                System.err)).build()) {
                    ch = sampler.run(x0, steps, burn, thin, pb::stepTo);
                }
            } else {
                ch = sampler.run(x0, steps, burn, thin, null);
            }
            List<String> names = new ArrayList<>();
            for (int j : free) {
                names.add(lik.parameters().names().get(j));
            }
            ObjectNode result = JsonInput.mapper().createObjectNode();
            result.put("walkers", w);
            result.put("steps", steps);
            result.put("burn", burn);
            result.put("thin", thin);
            result.put("acceptance_fraction", ch.acceptanceFraction());
            double evals = (double) steps * w;
            result.put("samples_per_s", evals / ch.seconds());
            result.put("seconds", ch.seconds());
            result.put("backend", backend.name());
            if (chains != null) {
                writeChains(chains, names, ch);
                result.put("chains", chains.toString());
            }
            List<String> shown = params != null ? params : defaultShown(lik, names);
            int[] cols = new int[shown.size()];
            for (int i = 0; i < cols.length; i++) {
                cols[i] = names.indexOf(shown.get(i));
                if (cols[i] < 0) {
                    throw InputException.at("--params", shown.get(i), "not a sampled parameter");
                }
            }
            ObjectNode summary = result.putObject("summary");
            StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "%d walkers × %d steps (burn %d,"
                    + " thin %d): acceptance %.3f, %.3g posterior evaluations/s on %s%n%-30s %10s %10s %10s %10s"
                    + " %10s %7s %9s%n", w, steps, burn, thin, ch.acceptanceFraction(), evals / ch.seconds(),
                    backend.device(), "parameter", "mean", "sd", "q16", "q50", "q84", "R̂", "ESS"));
            double worstTau = 0;
            for (int j = 0; j < n; j++) {
                Diagnostics.Summary s = Diagnostics.summary(ch, j);
                worstTau = Math.max(worstTau, Double.isFinite(s.tau()) ? s.tau() : 0);
                ObjectNode o = summary.putObject(names.get(j));
                o.put("mean", s.mean());
                o.put("sd", s.sd());
                o.put("q16", s.q16());
                o.put("q50", s.q50());
                o.put("q84", s.q84());
                o.put("rhat", s.rhat());
                o.put("ess", s.ess());
                o.put("tau", s.tau());
                if (shown.contains(names.get(j))) {
                    text.append(String.format(Locale.ROOT, "%-30.30s %10.4g %10.4g %10.4g %10.4g %10.4g %7.3f %9.0f%n",
                            names.get(j), s.mean(), s.sd(), s.q16(), s.q50(), s.q84(), s.rhat(), s.ess()));
                }
            }
            if (ch.samples() < 50 * worstTau) {
                String warn = String.format(Locale.ROOT, "kinvis: warning: the chain (%d stored steps) is shorter"
                        + " than 50 autocorrelation times (τ up to %.0f): estimates of τ, ESS and R̂ are unreliable",
                        ch.samples(), worstTau);
                spec.commandLine().getErr().println(warn);
                result.put("warning", warn);
            }
            if (plot != null) {
                double[] flat = new double[ch.samples() * w * n];
                System.arraycopy(ch.values(), 0, flat, 0, flat.length);
                double[] mle = cov == null ? null : new double[cols.length];
                for (int i = 0; mle != null && i < cols.length; i++) {
                    mle[i] = center[free[cols[i]]];
                }
                Plots.corner(plot, shown, cols, flat, ch.samples() * w, n, mle);
            }
            Output.emit(common, result, text.toString(), spec.commandLine().getOut());
            return 0;
        }
    }

    /**
     * Walkers drawn from the Laplace approximation at the MLE (HESSE covariance of the free parameters, so that
     * the ensemble starts close to the posterior's shape — the stretch move adapts slowly in ~200 dimensions),
     * else a ball of a tenth of the initial step sizes around the inits; clipped into the bounds.
     */
    static double[] startingEnsemble(Posterior post, double[] center, double[] width, double[][] cov, int w,
            SplittableRandom rng) {
        int[] free = post.free();
        int n = free.length;
        double[][] l = null;
        if (cov != null) {
            double[][] c = new double[n][n];
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++) {
                    c[a][b] = 0.5 * (cov[free[a]][free[b]] + cov[free[b]][free[a]]);
                }
                c[a][a] += 1e-12;
            }
            try {
                l = new org.apache.commons.math3.linear.CholeskyDecomposition(
                        new org.apache.commons.math3.linear.Array2DRowRealMatrix(c), 1e-10, 1e-14).getL().getData();
            } catch (RuntimeException e) {
                System.err.println("kinvis: note: HESSE covariance not usable for the starting ensemble (" + e
                        .getMessage() + "); starting in a small ball");
                l = null;
            }
        }
        double[] x0 = new double[w * n];
        double[] z = new double[n];
        for (int k = 0; k < w; k++) {
            for (int j = 0; j < n; j++) {
                z[j] = rng.nextGaussian();
            }
            for (int j = 0; j < n; j++) {
                double v = center[free[j]];
                if (l != null) {
                    for (int i = 0; i <= j; i++) {
                        v += l[j][i] * z[i];
                    }
                } else {
                    v += 0.1 * width[free[j]] * z[j];
                }
                x0[k * n + j] = Math.max(post.lower(j), Math.min(post.upper(j), v));
            }
        }
        return x0;
    }

    private Likelihood likelihood(Backend backend) {
        if (scenario != null) {
            Scenario sc = Scenario.byName(scenario);
            double[] v = SpectrumCommand.values(sc, set);
            java.util.Set<String> f = free != null ? new java.util.LinkedHashSet<>(free) : ReinterpretCommand.defaultFree(sc);
            return new Reinterpretation(modelOptions.workspace(common), common.dataDir(), sc, v, f,
                    InterpolationSettings.parse(modelOptions.interp), backend);
        }
        return new HistFactoryLikelihood(modelOptions.compile(common), backend);
    }

    /** The walker positions of the last stored step of a chain file, checked against the parameter names. */
    static double[] readLastPositions(Path file, List<String> names) {
        List<String[]> last = new ArrayList<>();
        long lastSample = -1;
        try (java.io.InputStream raw = org.kinvis.host.input.InputFiles.open(file);
                java.io.InputStream in = file.toString().endsWith(".gz") ? new java.util.zip.GZIPInputStream(raw) : raw;
                java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(in,
                        StandardCharsets.UTF_8))) {
            String header = r.readLine();
            String want = "sample,walker,logp," + String.join(",", names);
            if (header == null || !header.equals(want)) {
                throw InputException.at(file.toString(), "header", "expected the columns of this model's free"
                        + " parameters (" + names.size() + " after sample,walker,logp)");
            }
            String line;
            int row = 1;
            while ((line = r.readLine()) != null) {
                row++;
                String[] c = line.split(",");
                if (c.length != names.size() + 3) {
                    throw InputException.at(file.toString(), "row " + row, "has " + c.length + " columns, expected "
                            + (names.size() + 3));
                }
                long sample = Long.parseLong(c[0]);
                if (sample > lastSample) {
                    last.clear();
                    lastSample = sample;
                }
                last.add(c);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InputException(file + ": no such file");
        } catch (NumberFormatException e) {
            throw InputException.at(file.toString(), "sample", "expected an integer step index");
        } catch (IOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage());
        }
        if (last.isEmpty()) {
            throw new InputException(file + ": no samples to resume from");
        }
        int n = names.size();
        double[] x = new double[last.size() * n];
        for (String[] c : last) {
            int k = Integer.parseInt(c[1]);
            if (k < 0 || k >= last.size()) {
                throw InputException.at(file.toString(), "walker", "index " + k + " out of range");
            }
            for (int d = 0; d < n; d++) {
                double v = Double.parseDouble(c[3 + d]);
                if (!Double.isFinite(v)) {
                    throw InputException.at(file.toString(), names.get(d), "expected finite positions");
                }
                x[k * n + d] = v;
            }
        }
        return x;
    }

    private static List<String> defaultShown(Likelihood lik, List<String> names) {
        List<String> out = new ArrayList<>();
        String poi = lik.parameters().poiName();
        for (String s : names) {
            org.kinvis.host.model.ParameterSet set = lik.parameters().set(s);
            if (s.equals(poi) || (set != null && set.modifierType().equals("physics"))) {
                out.add(s);
            }
        }
        return out.isEmpty() ? names.subList(0, Math.min(4, names.size())) : out;
    }

    private static void writeChains(Path file, List<String> names, EnsembleSampler.Chain ch) throws IOException {
        Path abs = file.toAbsolutePath();
        if (abs.getParent() == null || !Files.isDirectory(abs.getParent())) {
            throw InputException.at("--chains", file.toString(), "folder does not exist");
        }
        Path tmp = Files.createTempFile(abs.getParent(), ".chains", ".tmp");
        try {
            try (OutputStream raw = Files.newOutputStream(tmp);
                    OutputStream os = file.toString().endsWith(".gz") ? new GZIPOutputStream(raw) : raw;
                    Writer wr = new java.io.BufferedWriter(new java.io.OutputStreamWriter(os, StandardCharsets.UTF_8));
                    PrintWriter out = new PrintWriter(wr)) {
                out.print("sample,walker,logp");
                for (String n : names) {
                    out.print(',');
                    out.print(n.contains(",") ? "\"" + n + "\"" : n);
                }
                out.println();
                int dim = ch.dim();
                for (int s = 0; s < ch.samples(); s++) {
                    for (int k = 0; k < ch.walkers(); k++) {
                        out.print(s);
                        out.print(',');
                        out.print(k);
                        out.print(',');
                        out.print(ch.logp()[s * ch.walkers() + k]);
                        for (int d = 0; d < dim; d++) {
                            out.print(',');
                            out.print(ch.values()[(s * ch.walkers() + k) * dim + d]);
                        }
                        out.println();
                    }
                }
            }
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
