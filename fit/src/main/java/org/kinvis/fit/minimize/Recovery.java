package org.kinvis.fit.minimize;

import java.util.ArrayList;
import java.util.List;

/**
 * MIGRAD with the recovery iminuit users apply when a fit is not valid (iminuit's FAQ; Minuit's own advice in its
 * reference manual §5.7): run MIGRAD again from the best point reached with strategy 2 (a full HESSE for the
 * starting metric, another at the end); then from each alternative start the caller knows (for a conditional fit:
 * the unconditional fit, or the inits); then SIMPLEX from the best point followed by MIGRAD with strategy 2 — the
 * simplex walks out of saddle points, flat starts and regions where the gradient is undefined. The first valid
 * result with a positive-definite HESSE is returned, saying which step gave it; else the lowest valid one; if none
 * is valid, the attempt with the lowest minimum, marked not valid, listing what was tried.
 */
public final class Recovery {
    private Recovery() {
    }

    /** A fit request: what {@link Migrad#minimize} takes. */
    public record Request(BatchFunction f, List<String> names, double[] start, double[] errors, double[] lo,
            double[] hi, boolean[] fixed, Migrad.Options options, double[][] startCovariance) {
    }

    /**
     * Minimises the problem, recovering as described; {@code alternatives} are further start vectors (full external
     * vectors; their fixed entries are replaced by the problem's). A first result that is valid but whose HESSE had to
     * be made positive definite (a saddle point or a flat valley as often as a true minimum) is also put through the
     * recovery, and kept where it finds nothing better.
     */
    public static FitResult minimize(Request p, List<double[]> alternatives) {
        FitResult first = Migrad.minimize(p.f(), p.names(), p.start(), p.errors(), p.lo(), p.hi(), p.fixed(),
                p.options(), p.startCovariance());
        if (good(first)) {
            return first;
        }
        long calls = first.nfcn();
        List<String> tried = new ArrayList<>();
        List<FitResult> results = new ArrayList<>(List.of(first));
        Migrad.Options strategy2 = p.options().withStrategy(2);
        // 1. strategy 2 from the best point reached
        FitResult r = Migrad.minimize(p.f(), p.names(), first.values(), p.errors(), p.lo(), p.hi(), p.fixed(),
                strategy2, null);
        calls += r.nfcn();
        tried.add("MIGRAD strategy 2 from the best point");
        results.add(r);
        if (good(r)) {
            return recovered(r, tried, calls);
        }
        // 2. the caller's alternative starts
        for (double[] alt : alternatives) {
            double[] s = alt.clone();
            for (int i = 0; i < s.length; i++) {
                if (p.fixed()[i]) {
                    s[i] = p.start()[i];
                }
            }
            r = Migrad.minimize(p.f(), p.names(), s, p.errors(), p.lo(), p.hi(), p.fixed(), strategy2, null);
            calls += r.nfcn();
            tried.add("MIGRAD strategy 2 from an alternative start");
            results.add(r);
            if (good(r)) {
                return recovered(r, tried, calls);
            }
        }
        // 3. a simplex pre-step from the lowest point so far, then MIGRAD
        int n = 0;
        for (boolean b : p.fixed()) {
            n += b ? 0 : 1;
        }
        long budget = Math.min(1000 + 20L * (n + 1) * (n + 1), 200_000);
        FitResult s = Simplex.minimize(p.f(), p.names(), lowest(results, false).values(), p.errors(), p.lo(), p.hi(),
                p.fixed(), new Migrad.Options(p.options().tolerance(), 0, budget, p.options().errordef()));
        calls += s.nfcn();
        r = Migrad.minimize(p.f(), p.names(), s.values(), p.errors(), p.lo(), p.hi(), p.fixed(), strategy2, null);
        calls += r.nfcn();
        tried.add("SIMPLEX, then MIGRAD strategy 2");
        results.add(r);
        if (good(r)) {
            return recovered(r, tried, calls);
        }
        FitResult valid = lowest(results, true);
        if (valid != null) {
            return valid.withRecovery("HESSE made positive definite; no better minimum found (tried: "
                    + String.join("; ", tried) + ")", calls);
        }
        return lowest(results, false).withRecovery("not recovered; tried: " + String.join("; ", tried), calls);
    }

    /** Valid, with a positive-definite HESSE where one was computed. */
    private static boolean good(FitResult r) {
        return r.valid() && !r.hesseForcedPosDef();
    }

    private static FitResult recovered(FitResult r, List<String> tried, long calls) {
        return r.withRecovery("first MIGRAD not valid or its HESSE not positive definite; recovered by "
                + tried.getLast(), calls);
    }

    /** The result with the lowest minimum (among the valid ones only, if asked; null if there is none). */
    private static FitResult lowest(List<FitResult> results, boolean validOnly) {
        FitResult best = null;
        for (FitResult r : results) {
            if ((!validOnly || r.valid()) && (best == null || r.fval() < best.fval())) {
                best = r;
            }
        }
        return best;
    }
}
