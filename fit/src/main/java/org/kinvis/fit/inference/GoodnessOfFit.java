package org.kinvis.fit.inference;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.special.Gamma;
import org.kinvis.fit.minimize.FitResult;
import org.kinvis.host.model.CompiledModel;
import org.kinvis.host.model.HistFactoryLikelihood;
import org.kinvis.kernels.ModelLayout;

/**
 * Goodness of fit by the saturated model (S. Baker, R. D. Cousins, "Clarification of the use of chi-square and
 * likelihood functions in fits to histograms", NIM 221 (1984) 437; as in ROOT's and cabinetry's saturated-model
 * tests): the likelihood ratio of the fit against the saturated model, which predicts every measurement exactly —
 * each main bin ν_j = n_j, and each auxiliary measurement of the constraint terms its own value (a Gaussian
 * constraint θ = a, a Poisson constraint τγ = a):
 * <pre>
 *   −2 ln λ_sat = 2 Σ_j [ν̂_j − n_j + n_j ln(n_j/ν̂_j)]            (main bins; n_j = 0 gives 2ν̂_j)
 *               + Σ_k ((a_k − θ̂_k)/σ_k)²                          (Gaussian constraints)
 *               + 2 Σ_k [τ_kγ̂_k − a_k + a_k ln(a_k/(τ_kγ̂_k))]     (Poisson constraints)
 * </pre>
 * i.e. −2 ln L(θ̂) minus its value for the saturated model. Its p-value is the χ² survival function with
 * ndof = (main bins + auxiliary measurements) − free parameters: each constraint term counts as one measurement
 * and each parameter the fit varies as one degree of freedom used, so with every constrained parameter free,
 * ndof = bins − free unconstrained parameters (Belle II: 30 bins − μ = 29). Asymptotic (Wilks): exact only for
 * large counts, and parameters fitted onto a bound are still counted.
 *
 * <p>Per bin, data against the post-fit prediction ν̂ with its uncertainty σ_ν̂ from the fit's covariance
 * ({@link Yields}: linear propagation J C Jᵀ): the pull (n − ν̂)/√(ν̂ + σ_ν̂²) (the Poisson and the prediction's
 * variance in quadrature, ignoring that the prediction was fitted to the same data, so it is smaller than the
 * other two), the Pearson residual (n − ν̂)/√ν̂, and the deviance residual sign(n − ν̂)·√d_j, d_j the bin's term
 * of −2 ln λ_sat (their squares sum to the main part).
 */
public final class GoodnessOfFit {
    private GoodnessOfFit() {
    }

    /** One main bin of the fit. */
    public record Bin(String channel, int bin, double observed, double expected, double expectedError, double pull,
            double pearson, double deviance) {
    }

    /**
     * @param statistic   −2 ln λ_sat
     * @param mainPart    the main bins' part of it
     * @param constraints the constraint terms' part
     * @param measurements main bins plus auxiliary measurements (constraint terms)
     * @param free        parameters the fit varied
     * @param ndof        measurements − free
     * @param pvalue      χ² survival function of the statistic with ndof degrees of freedom
     */
    public record Result(double statistic, double mainPart, double constraints, int bins, int auxiliary,
            int measurements, int free, int ndof, double pvalue, List<Bin> perBin) {
    }

    /** The saturated-model test of {@code fit} (its values; its covariance for σ_ν̂ where it has one). */
    public static Result of(HistFactoryLikelihood lik, FitResult fit) {
        CompiledModel model = lik.model();
        ModelLayout m = model.layout();
        double[] x = fit.values();
        double[] nu = lik.expected(x);
        double[] n = m.observed();
        double[] dev = new double[m.nBins()];
        double main = 0;
        for (int j = 0; j < n.length; j++) {
            dev[j] = 2 * (nu[j] - n[j] + (n[j] > 0 ? n[j] * Math.log(n[j] / nu[j]) : 0));
            main += dev[j];
        }
        double[] aux = m.auxdata();
        double cons = 0;
        for (int k = 0; k < m.gaussPar().length; k++) {
            double z = (aux[m.gaussAux()[k]] - x[m.gaussPar()[k]]) / m.gaussSigma()[k];
            cons += z * z;
        }
        for (int k = 0; k < m.poisPar().length; k++) {
            double a = aux[m.poisAux()[k]];
            double lambda = x[m.poisPar()[k]] * m.poisFactor()[k];
            cons += 2 * (lambda - a + (a > 0 ? a * Math.log(a / lambda) : 0));
        }
        int nAux = m.gaussPar().length + m.poisPar().length;
        int free = 0;
        for (boolean f : fit.fixed()) {
            free += f ? 0 : 1;
        }
        int measurements = m.nBins() + nAux;
        int ndof = measurements - free;
        double q = main + cons;
        double p = ndof > 0 ? Gamma.regularizedGammaQ(ndof / 2.0, q / 2) : Double.NaN;
        double[] err = new double[m.nBins()];
        if (fit.covariance() != null) {
            int b = 0;
            for (Yields.Channel ch : Yields.at(lik, x, fit.covariance()).channels()) {
                for (double e : ch.totalError()) {
                    err[b++] = e;
                }
            }
        }
        List<Bin> bins = new ArrayList<>();
        for (int c = 0; c < model.channels().size(); c++) {
            int off = model.channelOffset(c);
            for (int i = 0; i < model.channelBins()[c]; i++) {
                int j = off + i;
                double r = n[j] - nu[j];
                bins.add(new Bin(model.channels().get(c), i, n[j], nu[j], err[j],
                        r / Math.sqrt(nu[j] + err[j] * err[j]), r / Math.sqrt(nu[j]),
                        Math.signum(r) * Math.sqrt(Math.max(dev[j], 0))));
            }
        }
        return new Result(q, main, cons, m.nBins(), nAux, measurements, free, ndof, p, List.copyOf(bins));
    }
}
