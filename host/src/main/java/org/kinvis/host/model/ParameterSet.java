package org.kinvis.host.model;

/**
 * One named parameter set of the model, pyhf's {@code paramset}: {@code n} components starting at
 * {@code offset} of the flat parameter vector (scalar sets have exactly one and are named without an index).
 * {@code widths} are the Gaussian σ for {@link Constraint#NORMAL} and the Poisson scale factors for
 * {@link Constraint#POISSON}; {@code auxdata} the auxiliary measurements (both empty when unconstrained).
 */
public record ParameterSet(String name, String modifierType, int offset, int n, boolean scalar, double[] inits,
        double[][] bounds, boolean[] fixed, Constraint constraint, double[] auxdata, double[] widths) {

    /** The flat name of component {@code i}: {@code name} for scalars, else {@code name[i]} as pyhf's par_names. */
    public String componentName(int i) {
        return scalar ? name : name + "[" + i + "]";
    }

    public boolean constrained() {
        return constraint != Constraint.NONE;
    }
}
