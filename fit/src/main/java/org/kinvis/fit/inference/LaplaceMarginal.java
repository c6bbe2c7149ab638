package org.kinvis.fit.inference;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.kinvis.fit.minimize.BatchFunction;
import org.kinvis.fit.minimize.FitResult;
import org.kinvis.fit.minimize.Hesse;
import org.kinvis.fit.minimize.Migrad;
import org.kinvis.fit.minimize.PositiveDefinite;
import org.kinvis.host.model.Likelihood;
import org.kinvis.host.model.ParameterTable;

/**
 * Mode of the <em>marginal</em> posterior of chosen parameters θ, the other free parameters ν (nuisances)
 * integrated out in the Laplace approximation (Tierney &amp; Kadane, JASA 81 (1986) 82):
 * <pre>
 *   −2 log p(θ | data) ≈ f(θ, ν̂_θ) + log det H_νν(θ) + const,
 * </pre>
 * with {@code f = −2 log L} (the constraint terms are the nuisances' priors, θ has a flat prior within its
 * bounds), {@code ν̂_θ} the conditional MLE at θ and {@code H_νν} the Hessian of f in the nuisances there. The
 * constrained MLE is the <em>joint</em> posterior mode; the two differ where the nuisances' posterior width
 * changes with θ (e.g. signal-yield systematics, whose constraint is the narrower the larger the signal).
 *
 * <p>The outer problem is a MIGRAD minimisation over θ of that function; every batch of θ points it asks for
 * becomes conditional fits in lockstep ({@link ProfileScan}) followed by one batched Hessian per point. The
 * Hessian uses fixed external steps (5 % of the joint fit's errors) so that it is a smooth function of θ. HESSE
 * of the outer problem gives the Laplace errors of θ.
 */
public final class LaplaceMarginal {
    /** Relative step of the nuisance Hessian, in units of the joint fit's errors. */
    static final double STEP = 0.05;

    /**
     * @param mode       the marginal mode: θ at its outer optimum with errors from the outer HESSE, nuisances at their
     *                   conditional MLE there (errors from that conditional fit); fval = f at that point
     * @param marginal   the outer minimisation over θ (fval = f + log det H_νν)
     * @param joint      the constrained MLE (joint mode) the search started from
     * @param conditionalFits number of conditional fits run
     * @param invalidFits conditional fits that did not converge or whose Hessian was not positive definite
     */
    public record Result(FitResult mode, FitResult marginal, FitResult joint, long conditionalFits, long invalidFits) {
        public boolean valid() {
            return mode.valid() && marginal.valid() && invalidFits == 0;
        }
    }

    private LaplaceMarginal() {
    }

    /**
     * The marginal mode of {@code parameters} (free parameters of {@code lik}); {@code fixedValues} are held fixed
     * throughout, everything else is integrated out.
     */
    public static Result mode(Likelihood lik, List<String> parameters, Map<String, Double> fixedValues,
            Migrad.Options options) {
        return mode(lik, parameters, fixedValues, options, Progress.NONE);
    }

    /**
     * The marginal mode, reporting the joint fit and every conditional fit to {@code progress} (their number
     * is estimated up front: {@link #expectedFits}).
     */
    public static Result mode(Likelihood lik, List<String> parameters, Map<String, Double> fixedValues,
            Migrad.Options options, Progress progress) {
        try (Progress.Budget budget = progress.budget(expectedFits(parameters.size()))) {
            return search(lik, parameters, fixedValues, options, budget);
        }
    }

    /**
     * About how many fits the search for a mode of {@code k} parameters runs (outer MIGRAD + HESSE; on Belle II 14
     * for μ, 57 for the three WET coefficients).
     */
    static long expectedFits(int k) {
        return Math.max(1, 21L * k - 7);
    }

    private static Result search(Likelihood lik, List<String> parameters, Map<String, Double> fixedValues,
            Migrad.Options options, Progress progress) {
        ParameterTable t = lik.parameters();
        Migrad.Options inner = options.withTolerance(options.tolerance() * 0.01);
        FitResult joint = MaximumLikelihood.fit(lik, fixedValues, inner);
        progress.advance();
        if (!joint.valid()) {
            throw new IllegalStateException("the joint fit did not converge (" + joint.status() + ")");
        }
        int k = parameters.size();
        int[] theta = new int[k];
        for (int i = 0; i < k; i++) {
            theta[i] = t.indexOf(parameters.get(i));
            if (theta[i] < 0 || joint.fixed()[theta[i]]) {
                throw new IllegalArgumentException("'" + parameters.get(i) + "' is not a free parameter");
            }
        }
        double[] steps = new double[t.size()];
        for (int i = 0; i < steps.length; i++) {
            steps[i] = STEP * (joint.errors()[i] > 0 ? joint.errors()[i] : 1);
        }
        Outer g = new Outer(lik, joint, theta, fixedValues, inner, steps, progress);
        double[] lo = new double[k];
        double[] hi = new double[k];
        double[] start = new double[k];
        double[] err = new double[k];
        double[][] cov = new double[k][k];
        for (int i = 0; i < k; i++) {
            lo[i] = t.lowerBounds()[theta[i]];
            hi[i] = t.upperBounds()[theta[i]];
            start[i] = joint.values()[theta[i]];
            err[i] = joint.errors()[theta[i]];
            for (int j = 0; j < k; j++) {
                cov[i][j] = joint.covariance()[theta[i]][theta[j]];
            }
        }
        FitResult outer = Migrad.minimize(g, parameters, start, err, lo, hi, new boolean[k], options, cov);
        FitResult at = g.fit(outer.values());
        double[] errors = at.errors().clone();
        double[][] c = new double[t.size()][t.size()];
        for (int i = 0; i < k; i++) {
            errors[theta[i]] = outer.errors()[i];
            for (int j = 0; j < k; j++) {
                c[theta[i]][theta[j]] = outer.covariance() == null ? 0 : outer.covariance()[i][j];
            }
        }
        boolean[] fixed = at.fixed().clone();
        for (int i : theta) {
            fixed[i] = false;
        }
        boolean valid = outer.valid() && at.valid();
        String status = !outer.valid() ? "marginal: " + outer.status() : !at.valid() ? "conditional fit at the mode: "
                + at.status() : "marginal mode (Laplace) found";
        FitResult mode = new FitResult(at.names(), at.values(), errors, fixed, at.fval(), outer.edm(), outer.edmGoal(),
                outer.nfcn(), valid, status, c, outer.hesseForcedPosDef(), Map.of());
        return new Result(mode, outer, joint, g.fits, g.invalid);
    }

    /** θ ↦ f(θ, ν̂_θ) + log det H_νν(θ), a batch of θ points at a time. */
    private static final class Outer implements BatchFunction {
        final Likelihood lik;
        final FitResult joint;
        final int[] theta;
        final Map<String, Double> fixedValues;
        final Migrad.Options inner;
        final double[] steps;
        final Progress progress;
        long fits;
        long invalid;

        Outer(Likelihood lik, FitResult joint, int[] theta, Map<String, Double> fixedValues, Migrad.Options inner,
                double[] steps, Progress progress) {
            this.lik = lik;
            this.joint = joint;
            this.theta = theta;
            this.fixedValues = fixedValues;
            this.inner = inner;
            this.steps = steps;
            this.progress = progress;
        }

        @Override
        public int dimension() {
            return theta.length;
        }

        Map<String, Double> fixedAt(double[] pts, int offset) {
            Map<String, Double> m = new HashMap<>(fixedValues);
            for (int i = 0; i < theta.length; i++) {
                m.put(joint.names().get(theta[i]), pts[offset + i]);
            }
            return m;
        }

        FitResult fit(double[] th) {
            return conditional(th, 1)[0];
        }

        FitResult[] conditional(double[] pts, int count) {
            ParameterTable t = lik.parameters();
            FitResult[] r = ProfileScan.lockstep(lik, joint, count, p -> fixedAt(pts, p * theta.length),
                    t.lowerBounds(), t.upperBounds(), inner, progress);
            fits += count;
            return r;
        }

        @Override
        public void values(double[] pts, int count, double[] out) {
            FitResult[] r = conditional(pts, count);
            Objective f = new Objective(lik);
            for (int p = 0; p < count; p++) {
                double[][] h = Hesse.secondDerivatives(f, r[p].values(), r[p].fixed(), steps);
                double[] ld = logDet(h);
                if (!r[p].valid() || ld[1] == 0) {
                    invalid++;
                }
                out[p] = r[p].fval() + ld[0];
            }
        }
    }

    /** {log det h, 1 if positive definite else 0}; non-positive eigenvalues are floored (and reported). */
    static double[] logDet(double[][] h) {
        return PositiveDefinite.logDet(h);
    }
}
