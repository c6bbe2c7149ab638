package org.kinvis.host.model;

/** The constraint term of a parameter set, as pyhf's paramset types. */
public enum Constraint {
    /** Unconstrained (normfactor, shapefactor). */
    NONE,
    /** {@code constrained_by_normal}: Gaussian N(aux | θ, σ) (histosys, normsys, lumi, staterror). */
    NORMAL,
    /** {@code constrained_by_poisson}: Pois(aux | θ·factor) (shapesys). */
    POISSON
}
