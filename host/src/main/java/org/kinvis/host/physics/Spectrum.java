package org.kinvis.host.physics;

/**
 * The q² spectrum of B⁺ → K⁺ + invisible for one scenario at fixed parameters: a continuous differential
 * branching ratio and, for two-body states, integrals that treat a narrow resonance as a δ function and a
 * finite width analytically.
 */
public interface Spectrum {
    /** dBR/dq² in GeV⁻²; 0 outside the physical range (and 0 everywhere for a narrow two-body state). */
    double dbrdq2(double q2);

    /** Lower end of the physical q² range (threshold). */
    double q2Min();

    /** Upper end of the physical q² range, (mB − mK)² of the model's kinematics. */
    double q2Max();

    /** BR in [a, b] as a true-bin integral: Gauss–Legendre 16 on [a, b] unless the spectrum knows better. */
    default double integral(double a, double b) {
        double lo = Math.max(a, q2Min());
        double hi = Math.min(b, q2Max());
        return hi > lo ? GaussLegendre.integrate16(this::dbrdq2, lo, hi) : 0;
    }

    /** BR in [a, b] integrated to high precision (many panels). */
    default double branchingRatio(double a, double b) {
        double lo = Math.max(a, q2Min());
        double hi = Math.min(b, q2Max());
        return hi > lo ? GaussLegendre.integrate(this::dbrdq2, lo, hi, 400) : 0;
    }

    /** BR over the full physical range. */
    default double branchingRatio() {
        return branchingRatio(q2Min(), q2Max());
    }
}
