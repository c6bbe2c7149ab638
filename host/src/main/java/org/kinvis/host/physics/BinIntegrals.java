package org.kinvis.host.physics;

/**
 * True-bin integrals of a scenario's spectrum and their derivatives with respect to the scenario's parameters:
 * {@code derivatives[j][i] = ∂(∫_{bin i} dBR/dq²)/∂values[j]}. A row is null where it was not asked for and has
 * no closed form (see {@link Scenario#binIntegrals}). The exact gradient of the reinterpretation likelihood is
 * built from these.
 */
public record BinIntegrals(double[] values, double[][] derivatives) {
}
