package org.kinvis.kernels;

import org.apache.commons.math3.special.Gamma;

/**
 * The parameter-independent parts of the HistFactory log-likelihood of a {@link ModelLayout}, computed once in
 * float64 so that backends evaluate only what depends on the point.
 *
 * @param main          {@code −Σ_j lgamma(n_j + 1)}
 * @param mainStable    {@code Σ_j [n_j log n_j − n_j] − Σ_j lgamma(n_j + 1)}, the constant of the
 *                      cancellation-safe per-bin form {@code n log(ν/n) + (n − ν)} used on devices
 * @param gaussian      {@code Σ_k (−log σ_k − ½ log 2π)}
 * @param poisson       {@code −Σ_k lgamma(aux_k + 1)}
 */
public record LikelihoodConstants(double main, double mainStable, double gaussian, double poisson) {

    public static LikelihoodConstants of(ModelLayout m) {
        double main = 0;
        double stable = 0;
        for (double n : m.observed()) {
            double lg = Gamma.logGamma(n + 1);
            main -= lg;
            stable += (n > 0 ? n * Math.log(n) - n : 0) - lg;
        }
        double g = 0;
        for (double s : m.gaussSigma()) {
            g += -Math.log(s) - 0.5 * Math.log(2 * Math.PI);
        }
        double p = 0;
        for (int a : m.poisAux()) {
            p -= Gamma.logGamma(m.auxdata()[a] + 1);
        }
        return new LikelihoodConstants(main, stable, g, p);
    }

    /** Constant of the constraint term. */
    public double constraint() {
        return gaussian + poisson;
    }
}
