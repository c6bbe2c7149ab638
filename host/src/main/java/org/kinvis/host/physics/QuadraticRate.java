package org.kinvis.host.physics;

/**
 * A scenario whose rate is {@code Σ_c K_c(θ) n_c(q²) F_c(q²; α)²} over the WET channels c = V, S, T with the
 * BSZ2015 form factors F = f+, f0, fT (PHYSICS.md §3.2, §3.4): its bin integrals, and any linear fold of them, are
 * quadratic forms in α weighted by the coupling weights K_c ({@link WetMoments}), which is how the
 * reinterpretation computes its factors and their exact derivatives without going through the true bins.
 */
public interface QuadraticRate {
    /**
     * The coupling weights K_c (c = V, S, T; EOS normalisation) at {@code values}; where {@code dK} is not null,
     * {@code dK[c][j] = ∂K_c/∂values[j]}.
     */
    double[] couplingWeights(double[] values, double[][] dK);
}
