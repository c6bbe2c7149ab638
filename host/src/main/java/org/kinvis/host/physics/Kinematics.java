package org.kinvis.host.physics;

/** Källén function and two-body momenta (PHYSICS.md §0). */
public final class Kinematics {
    private Kinematics() {
    }

    /** λ(a, b, c) = a² + b² + c² − 2ab − 2bc − 2ac. */
    public static double lambda(double a, double b, double c) {
        return a * a + b * b + c * c - 2 * a * b - 2 * b * c - 2 * a * c;
    }

    /** |p| of either daughter of a particle of mass {@code m} decaying to masses² {@code m1sq}, {@code m2sq}. */
    public static double momentum(double m, double m1sq, double m2sq) {
        return Math.sqrt(Math.max(lambda(m * m, m1sq, m2sq), 0)) / (2 * m);
    }
}
