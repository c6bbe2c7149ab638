package org.kinvis.fit.inference;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.kinvis.fit.minimize.FitResult;
import org.kinvis.fit.minimize.Migrad;
import org.kinvis.host.model.Likelihood;

/**
 * The impact of each nuisance parameter on the parameter of interest, as cabinetry's {@code fit.ranking}: the
 * POI's shift Δμ = μ̂(θ fixed) − μ̂ when θ is fixed at θ̂ ± Δθ (pre-fit width) and at θ̂ ± σ̂ (post-fit error) and
 * everything else is refitted; ranked by the larger post-fit shift. Unconstrained parameters have no pre-fit
 * impact (0, no fit). All impact fits start at the best fit with its covariance as starting metric and run in
 * lockstep ({@link ProfileScan#lockstep}): each MIGRAD round of every fit is one backend batch (sequentially
 * where the backend has an analytic gradient).
 */
public record Ranking(String poi, double poiBestfit, double poiError, List<Impact> impacts, int fits,
        int failedFits) {

    /**
     * One nuisance's impacts on the POI (shifts from its best fit); {@code valid} false if one of its fits did
     * not converge.
     */
    public record Impact(String name, double bestfit, double error, double centre, double prefitWidth,
            double prefitUp, double prefitDown, double postfitUp, double postfitDown, boolean valid) {
        /** The ranking key: the larger post-fit shift. */
        public double postfitMax() {
            return Math.max(Math.abs(postfitUp), Math.abs(postfitDown));
        }
    }

    /**
     * @param best       the best fit (with HESSE errors and covariance)
     * @param parameters the nuisances to rank (null: every free parameter but the POI)
     */
    public static Ranking of(Likelihood lik, FitResult best, String poi, List<String> parameters,
            Migrad.Options options) {
        return of(lik, best, poi, parameters, options, Progress.NONE);
    }

    /** The ranking, reporting each impact fit to {@code progress}. */
    public static Ranking of(Likelihood lik, FitResult best, String poi, List<String> parameters,
            Migrad.Options options, Progress progress) {
        int kPoi = lik.parameters().indexOf(poi);
        if (kPoi < 0) {
            throw new IllegalArgumentException("unknown parameter '" + poi + "'");
        }
        List<Integer> ranked = new ArrayList<>();
        if (parameters == null) {
            for (int i = 0; i < best.values().length; i++) {
                if (i != kPoi && !best.fixed()[i]) {
                    ranked.add(i);
                }
            }
        } else {
            for (String p : parameters) {
                int k = lik.parameters().indexOf(p);
                if (k < 0 || k == kPoi) {
                    throw new IllegalArgumentException("'" + p + "' is not a nuisance parameter of the model");
                }
                ranked.add(k);
            }
        }
        double[][] pre = Pulls.prefit(lik.parameters());
        // the fits: per parameter up to four fixed values; a zero shift needs no fit
        List<int[]> jobs = new ArrayList<>();
        List<Double> at = new ArrayList<>();
        for (int r = 0; r < ranked.size(); r++) {
            int k = ranked.get(r);
            double[] shifts = {pre[1][k], -pre[1][k], best.errors()[k], -best.errors()[k]};
            for (int v = 0; v < 4; v++) {
                if (shifts[v] != 0) {
                    jobs.add(new int[] {r, v});
                    at.add(best.values()[k] + shifts[v]);
                }
            }
        }
        Migrad.Options profiled = options.withStrategy(0).withTolerance(options.tolerance() / 10);
        double[] lo = lik.parameters().lowerBounds();
        double[] hi = lik.parameters().upperBounds();
        progress.expect(jobs.size());
        FitResult[] fits = ProfileScan.lockstep(lik, best, jobs.size(),
                j -> Map.of(lik.parameters().names().get(ranked.get(jobs.get(j)[0])), at.get(j)), lo, hi, profiled,
                progress);
        double[][] shift = new double[ranked.size()][4];
        boolean[] valid = new boolean[ranked.size()];
        java.util.Arrays.fill(valid, true);
        int failed = 0;
        for (int j = 0; j < jobs.size(); j++) {
            int r = jobs.get(j)[0];
            shift[r][jobs.get(j)[1]] = fits[j].values()[kPoi] - best.values()[kPoi];
            if (!fits[j].valid()) {
                valid[r] = false;
                failed++;
            }
        }
        List<Impact> impacts = new ArrayList<>();
        for (int r = 0; r < ranked.size(); r++) {
            int k = ranked.get(r);
            impacts.add(new Impact(lik.parameters().names().get(k), best.values()[k], best.errors()[k], pre[0][k],
                    pre[1][k], shift[r][0], shift[r][1], shift[r][2], shift[r][3], valid[r]));
        }
        impacts.sort(Comparator.comparingDouble(Impact::postfitMax).reversed());
        return new Ranking(poi, best.values()[kPoi], best.errors()[kPoi], impacts, jobs.size(), failed);
    }
}
