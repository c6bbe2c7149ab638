package org.kinvis.host.workspace;

/**
 * A measurement-level override of a parameter set ({@code measurements[].config.parameters[]} in pyhf): any of
 * inits, bounds, fixed, auxdata, sigmas, factors; {@code null} where not given.
 */
public record ParameterConfig(String name, double[] inits, double[][] bounds, Boolean fixed, double[] auxdata,
        double[] sigmas, double[] factors) {
}
