package org.kinvis.fit.minimize;

import java.util.ArrayList;
import java.util.List;

/**
 * MIGRAD with the recovery iminuit users apply when a fit is not valid (iminuit's FAQ; Minuit's own advice in its
 * reference manual §5.7): run MIGRAD again from the best point reached with strategy 2 (a full HESSE for the
 * starting metric, another at the end); then from each alternative start the caller knows (for a conditional fit:
 * the unconditional fit, or the inits); then SIMPLEX from the best point followed by MIGRAD with strategy 2 — the
 * simplex walks out of saddle points, flat starts and regions where the gradient is undefined. The first valid
 * result is returned, saying which step gave it; if none is valid, the attempt with the lowest minimum, marked not
 * valid, listing what was tried.
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
     * vectors; their fixed entries are replaced by the problem's).
     */
    public static FitResult minimize(Request p, List<double[]> alternatives) {
        FitResult first = Migrad.minimize(p.f(), p.names(), p.start(), p.errors(), p.lo(), p.hi(), p.fixed(),
                p.options(), p.startCovariance());
        if (first.valid()) {
            return first;
        }
        long calls = first.nfcn();
        List<String> tried = new ArrayList<>();
        FitResult best = first;
        Migrad.Options strategy2 = p.options().withStrategy(2);
        // 1. strategy 2 from the best point reached
        FitResult r = Migrad.minimize(p.f(), p.names(), first.values(), p.errors(), p.lo(), p.hi(), p.fixed(),
                strategy2, null);
        calls += r.nfcn();
        tried.add("MIGRAD strategy 2 from the best point");
        if (r.valid()) {
            return recovered(r, tried, calls);
        }
        best = lower(best, r);
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
            if (r.valid()) {
                return recovered(r, tried, calls);
            }
            best = lower(best, r);
        }
        // 3. a simplex pre-step from the best point, then MIGRAD
        int n = 0;
        for (boolean b : p.fixed()) {
            n += b ? 0 : 1;
        }
        long budget = 1000 + 20L * (n + 1) * (n + 1);
        FitResult s = Simplex.minimize(p.f(), p.names(), best.values(), p.errors(), p.lo(), p.hi(), p.fixed(),
                new Migrad.Options(p.options().tolerance(), 0, Math.min(budget, 200_000), p.options().errordef()));
        calls += s.nfcn();
        r = Migrad.minimize(p.f(), p.names(), s.values(), p.errors(), p.lo(), p.hi(), p.fixed(), strategy2, null);
        calls += r.nfcn();
        tried.add("SIMPLEX, then MIGRAD strategy 2");
        if (r.valid()) {
            return recovered(r, tried, calls);
        }
        best = lower(best, r);
        return best.withRecovery("not recovered; tried: " + String.join("; ", tried), calls);
    }

    private static FitResult recovered(FitResult r, List<String> tried, long calls) {
        return r.withRecovery("first MIGRAD not valid; recovered by " + tried.getLast(), calls);
    }

    /** The attempt with the lower (finite) minimum. */
    private static FitResult lower(FitResult a, FitResult b) {
        return !(b.fval() < a.fval()) ? a : b;
    }
}
