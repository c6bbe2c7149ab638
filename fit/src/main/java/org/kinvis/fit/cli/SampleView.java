package org.kinvis.fit.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.kinvis.fit.minimize.FitResult;
import org.kinvis.fit.sample.Draws;
import org.kinvis.fit.sample.Summary;
import org.kinvis.host.input.JsonInput;

/**
 * {@code kinvis sample}'s result as JSON ({@code converged, method, chains, draws, warmup, thin, seconds,
 * sampling_seconds, divergences, message, worst, [HMC: warmup_divergences, warmup_restarts, step_size,
 * trajectory_length, mean_leapfrog_steps, mean_acceptance, ebfmi,] gradient_evaluations, backend, [mle{valid,
 * status},] [draws_files,] summary{NAME: mean, sd, q16, q50, q84, hdi95, eti95, mode, rhat, ess (= ess_bulk),
 * ess_bulk, ess_tail}})
 * and text (the run, the verdict, a table of the shown parameters, the corner plot's parameters).
 */
final class SampleView {
    private SampleView() {
    }

    /**
     * A finished run as the command shows it.
     *
     * @param columns  the reported parameters (JSON summary), indices into the draws' columns
     * @param shown    the parameters of the text table
     * @param warmup   warm-up iterations per chain
     * @param mle      the fit the chains started around, or null
     * @param files    the draws files written, or null
     * @param plot     the corner plot written, or null; {@code plotted} its parameters
     */
    record Run(Draws draws, List<Summary> summaries, int[] columns, int[] shown, Summary.Verdict verdict,
            FitResult mle, int warmup, int thin, double seconds, String backend, String device, List<Path> files,
            Path plot, List<String> plotted) {
    }

    static Rendered of(Run run) {
        return new Rendered(json(run), text(run));
    }

    private static ObjectNode json(Run run) {
        Draws r = run.draws();
        ObjectNode o = JsonInput.mapper().createObjectNode();
        o.put("converged", run.verdict().converged());
        o.put("method", r.method());
        o.put("chains", r.chains());
        o.put("draws", r.draws());
        o.put("warmup", run.warmup());
        o.put("thin", run.thin());
        o.put("seconds", run.seconds());
        o.put("sampling_seconds", r.seconds());
        o.put("divergences", r.divergences());
        o.put("message", run.verdict().message());
        ArrayNode worst = o.putArray("worst");
        run.verdict().worst().forEach(worst::add);
        if (r.adaptation() != null) {
            o.put("warmup_divergences", r.warmupDivergences());
            o.put("warmup_restarts", r.warmupRestarts());
            o.put("step_size", r.adaptation().stepSize());
            o.put("trajectory_length", r.adaptation().trajectoryLength());
            o.put("mean_leapfrog_steps", meanLeapfrog(r, run.thin()));
            o.put("mean_acceptance", r.meanAcceptance());
            ArrayNode e = o.putArray("ebfmi");
            for (double b : r.ebfmi()) {
                FitJson.addFinite(e, b);
            }
        }
        o.put("gradient_evaluations", r.gradients());
        o.put("backend", run.backend());
        if (run.mle() != null) {
            ObjectNode m = o.putObject("mle");
            m.put("valid", run.mle().valid());
            m.put("status", run.mle().status());
        }
        if (run.files() != null) {
            ArrayNode f = o.putArray("draws_files");
            run.files().forEach(p -> f.add(p.toString()));
        }
        ObjectNode summary = o.putObject("summary");
        for (int j : run.columns()) {
            Summary s = run.summaries().get(j);
            ObjectNode p = summary.putObject(s.name());
            FitJson.putFinite(p, "mean", s.mean());
            FitJson.putFinite(p, "sd", s.sd());
            FitJson.putFinite(p, "q16", s.q16());
            FitJson.putFinite(p, "q50", s.q50());
            FitJson.putFinite(p, "q84", s.q84());
            ArrayNode h = p.putArray("hdi95");
            FitJson.addFinite(h, s.hdi95()[0]);
            FitJson.addFinite(h, s.hdi95()[1]);
            ArrayNode e = p.putArray("eti95");
            FitJson.addFinite(e, s.eti95()[0]);
            FitJson.addFinite(e, s.eti95()[1]);
            FitJson.putFinite(p, "mode", s.mode());
            FitJson.putFinite(p, "rhat", s.rhat());
            FitJson.putFinite(p, "ess", s.essBulk()); // the wave-1 contract's key: the bulk ESS
            FitJson.putFinite(p, "ess_bulk", s.essBulk());
            FitJson.putFinite(p, "ess_tail", s.essTail());
        }
        return o;
    }

    private static String text(Run run) {
        Draws r = run.draws();
        StringBuilder t = new StringBuilder();
        if (r.adaptation() != null) {
            t.append(String.format(Locale.ROOT, "ChEES-HMC: %d chains × %d draws (warm-up %d, thin %d) on %s in %.1f s"
                    + " (sampling %.1f s)%nstep size %.3g, trajectory length %.3g (%.1f leapfrog steps on average),"
                    + " mean acceptance %.3f, %d divergent transitions (%d in warm-up), E-BFMI min %.2f%n",
                    r.chains(), r.draws(), run.warmup(), run.thin(), run.device(), run.seconds(), r.seconds(),
                    r.adaptation().stepSize(), r.adaptation().trajectoryLength(), meanLeapfrog(r, run.thin()),
                    r.meanAcceptance(), r.divergences(), r.warmupDivergences(), min(r.ebfmi())));
        } else {
            t.append(String.format(Locale.ROOT, "ensemble (stretch move): %d walkers × %d draws (warm-up %d, thin %d)"
                    + " on %s in %.1f s%n", r.chains(), r.draws(), run.warmup(), run.thin(), run.device(),
                    run.seconds()));
        }
        t.append(run.verdict().message()).append('\n');
        t.append(String.format(Locale.ROOT, "%-30s %10s %9s %10s %10s %10s %21s %10s %7s %8s %8s%n", "parameter",
                "mean", "sd", "q16", "q50", "q84", "95% HDI", "mode", "R̂", "ESS bulk", "ESS tail"));
        for (int j : run.shown()) {
            Summary s = run.summaries().get(j);
            t.append(String.format(Locale.ROOT, "%-30.30s %10.4g %9.3g %10.4g %10.4g %10.4g [%9.4g,%9.4g] %10.4g %7s"
                    + " %8s %8s%n", s.name(), s.mean(), s.sd(), s.q16(), s.q50(), s.q84(), s.hdi95()[0],
                    s.hdi95()[1], s.mode(), Summary.format(s.rhat(), "%.3f"), Summary.format(s.essBulk(), "%.0f"),
                    Summary.format(s.essTail(), "%.0f")));
        }
        if (run.shown().length < run.columns().length) {
            t.append(String.format(Locale.ROOT, "... %d more parameters (--params NAME,... or --format json)%n",
                    run.columns().length - run.shown().length));
        }
        if (run.plot() != null) {
            t.append("corner plot: ").append(String.join(", ", run.plotted())).append(" → ").append(run.plot())
                    .append('\n');
        }
        return t.toString();
    }

    /** Mean leapfrog steps per iteration. */
    private static double meanLeapfrog(Draws r, int thin) {
        double s = 0;
        for (int l : r.leapfrog()) {
            s += l;
        }
        return s / r.leapfrog().length / thin;
    }

    /** The smallest non-NaN value (+∞ for none). */
    static double min(double[] v) {
        double m = Double.POSITIVE_INFINITY;
        for (double x : v) {
            m = Double.isNaN(x) ? m : Math.min(m, x);
        }
        return m;
    }
}
