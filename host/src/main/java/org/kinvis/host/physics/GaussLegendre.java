package org.kinvis.host.physics;

import java.util.function.DoubleUnaryOperator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegrator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory;

/** Gauss–Legendre quadrature with 16 nodes per interval (the DESIGN.md rule for true-q² bins). */
public final class GaussLegendre {
    private static final double[] X;
    private static final double[] W;

    static {
        GaussIntegrator g = new GaussIntegratorFactory().legendreHighPrecision(16);
        X = new double[16];
        W = new double[16];
        for (int i = 0; i < 16; i++) {
            X[i] = g.getPoint(i);
            W[i] = g.getWeight(i);
        }
    }

    private GaussLegendre() {
    }

    /** ∫_a^b f with 16 nodes. */
    public static double integrate16(DoubleUnaryOperator f, double a, double b) {
        double half = 0.5 * (b - a);
        double mid = 0.5 * (a + b);
        double s = 0;
        for (int i = 0; i < 16; i++) {
            s += W[i] * f.applyAsDouble(mid + half * X[i]);
        }
        return s * half;
    }

    /** ∫_a^b f with 16 nodes on each of {@code panels} equal panels. */
    public static double integrate(DoubleUnaryOperator f, double a, double b, int panels) {
        double s = 0;
        double h = (b - a) / panels;
        for (int p = 0; p < panels; p++) {
            s += integrate16(f, a + p * h, a + (p + 1) * h);
        }
        return s;
    }

    /** The nodes in [−1, 1] (for the device kernels). */
    public static double[] nodes() {
        return X.clone();
    }

    public static double[] weights() {
        return W.clone();
    }
}
