package org.kinvis.kernels;

/**
 * The parameter-independent parts of the HistFactory log-likelihood of a {@link ModelLayout}, computed once in
 * float64 so that backends evaluate only what depends on the point. Both Poisson families (main bins and Poisson
 * constraints) use the cancellation-free split of {@link PoissonTerm}: the backends sum
 * {@link PoissonTerm#term} per bin or constraint and add these constants.
 *
 * @param main     {@code Σ_j S(n_j)}, {@code S(n) = n log n − n − lgamma(n + 1)} ({@link PoissonTerm#constant})
 * @param gaussian {@code Σ_k (−log σ_k − ½ log 2π)}
 * @param poisson  {@code Σ_k S(aux_k)} of the Poisson constraints
 */
public record LikelihoodConstants(double main, double gaussian, double poisson) {

    public static LikelihoodConstants of(ModelLayout m) {
        double main = 0;
        for (double n : m.observed()) {
            main += PoissonTerm.constant(n);
        }
        double g = 0;
        for (double s : m.gaussSigma()) {
            g += -Math.log(s) - 0.5 * Math.log(2 * Math.PI);
        }
        double p = 0;
        for (int a : m.poisAux()) {
            p += PoissonTerm.constant(m.auxdata()[a]);
        }
        return new LikelihoodConstants(main, g, p);
    }

    /** Constant of the constraint term. */
    public double constraint() {
        return gaussian + poisson;
    }
}
