package org.kinvis.fit.sample;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What kinvis reports of one parameter's posterior draws: moments, quantiles, the 95 % highest-density and
 * equal-tailed intervals, the KDE mode ({@link KernelDensity}) and the convergence diagnostics
 * ({@link Diagnostics}).
 */
public record Summary(String name, double mean, double sd, double q16, double q50, double q84, double[] hdi95,
        double[] eti95, double mode, double rhat, double essBulk, double essTail) {

    /** R̂ threshold of Vehtari et al. (2021). */
    public static final double RHAT_MAX = 1.01;
    /** Bulk-ESS threshold: 100 per chain for 4 chains, Vehtari et al.'s recommendation, as a total. */
    public static final double ESS_MIN = 400;

    /** Summaries of all parameters of the draws (in parallel), {@code post} giving their supports. */
    public static List<Summary> all(Draws d, Posterior post) {
        return java.util.stream.IntStream.range(0, d.dim()).parallel()
                .mapToObj(j -> of(d, j, post.lower(j), post.upper(j))).toList();
    }

    /** Summary of parameter {@code j} of the draws, whose support is [lo, hi]. */
    public static Summary of(Draws d, int j, double lo, double hi) {
        double[][] x = d.parameter(j);
        double[] sorted = Diagnostics.pooledSorted(x);
        double mean = Diagnostics.mean(sorted);
        double sd = Math.sqrt(Diagnostics.variance(sorted, mean));
        double rhat = Double.NaN;
        double essBulk = Double.NaN;
        double essTail = Double.NaN;
        if (d.draws() >= 4) {
            // the rank-normalised split chains serve both the bulk R̂ and the bulk ESS
            double[][] z = Diagnostics.rankNormalize(Diagnostics.split(x));
            double median = Diagnostics.quantile(sorted, 0.5);
            rhat = Math.max(Diagnostics.splitRhat(z), Diagnostics.rhatFolded(x, median));
            essBulk = Diagnostics.ess(z);
            essTail = Diagnostics.essTail(x, sorted);
        }
        return new Summary(d.names().get(j), mean, sd, Diagnostics.quantile(sorted, 0.16),
                Diagnostics.quantile(sorted, 0.5), Diagnostics.quantile(sorted, 0.84), Diagnostics.hdi(sorted, 0.95),
                new double[] {Diagnostics.quantile(sorted, 0.025), Diagnostics.quantile(sorted, 0.975)},
                KernelDensity.mode(sorted, lo, hi), rhat, essBulk, essTail);
    }

    /** Whether this parameter passes: R̂ ≤ 1.01 and bulk ESS ≥ 400 (NaN fails). */
    public boolean converged() {
        return rhat <= RHAT_MAX && essBulk >= ESS_MIN;
    }

    /**
     * The verdict on a run: converged when every parameter passes and no post-warm-up transition diverged.
     *
     * @param worst the parameters that fail, worst first (by R̂, then by bulk ESS), at most five
     */
    public record Verdict(boolean converged, long divergences, List<String> worst, String message) {
    }

    /** A diagnostic for text: "n/a" where it is not finite (too few draws to define it). */
    public static String format(double v, String fmt) {
        return Double.isFinite(v) ? String.format(java.util.Locale.ROOT, fmt, v) : "n/a";
    }

    public static Verdict verdict(List<Summary> all, long divergences) {
        List<Summary> bad = new ArrayList<>();
        for (Summary s : all) {
            if (!s.converged()) {
                bad.add(s);
            }
        }
        bad.sort(Comparator.comparingDouble((Summary s) -> Double.isNaN(s.rhat) ? Double.POSITIVE_INFINITY : s.rhat)
                .reversed().thenComparingDouble(s -> Double.isNaN(s.essBulk) ? -1 : s.essBulk));
        List<String> worst = bad.stream().limit(5).map(Summary::name).toList();
        boolean ok = bad.isEmpty() && divergences == 0;
        StringBuilder m = new StringBuilder();
        if (ok) {
            m.append(String.format(java.util.Locale.ROOT, "converged: all %d parameters have R̂ ≤ %.2f and bulk ESS"
                    + " ≥ %.0f, no divergent transitions", all.size(), RHAT_MAX, ESS_MIN));
        } else {
            m.append("NOT converged:");
            if (!bad.isEmpty()) {
                m.append(String.format(java.util.Locale.ROOT, " %d of %d parameters have R̂ > %.2f or bulk ESS < %.0f"
                        + " (worst: ", bad.size(), all.size(), RHAT_MAX, ESS_MIN));
                for (int i = 0; i < worst.size(); i++) {
                    Summary s = bad.get(i);
                    m.append(i > 0 ? ", " : "").append(s.name).append(" R̂ ").append(format(s.rhat, "%.3f"))
                            .append(" ESS ").append(format(s.essBulk, "%.0f"));
                }
                m.append(')');
            }
            if (divergences > 0) {
                m.append(bad.isEmpty() ? " " : "; ").append(divergences).append(" divergent transitions after warm-up");
            }
            m.append("; run longer (--warmup, --draws) or with more chains");
        }
        return new Verdict(ok, divergences, worst, m.toString());
    }
}
