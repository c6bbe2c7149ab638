package org.kinvis.host.physics;

import java.util.function.DoubleUnaryOperator;

/**
 * Gauss–Legendre quadrature with 16 nodes per interval (the DESIGN.md rule for true-q² bins). The nodes are the
 * roots of P₁₆ by Newton's method from Tricomi's initial guesses, the weights {@code 2/((1 − x²) P′₁₆(x)²)}: the
 * same numbers as Apache Commons Math's high-precision rule (nodes identical, weights within 1.2e-16), without its
 * BigDecimal set-up (seconds).
 */
public final class GaussLegendre {
    private static final int N = 16;
    private static final double[] X = new double[N];
    private static final double[] W = new double[N];

    static {
        for (int i = 0; i < N; i++) {
            double x = -Math.cos(Math.PI * (i + 0.75) / (N + 0.5));
            for (int it = 0; it < 100; it++) {
                double[] p = legendre(x);
                double dx = p[0] / p[1];
                x -= dx;
                if (Math.abs(dx) < 1e-17) {
                    break;
                }
            }
            double dp = legendre(x)[1];
            X[i] = x;
            W[i] = 2 / ((1 - x * x) * dp * dp);
        }
    }

    /** (P₁₆(x), P′₁₆(x)) by the three-term recurrence. */
    private static double[] legendre(double x) {
        double p0 = 1;
        double p1 = x;
        for (int k = 2; k <= N; k++) {
            double p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
            p0 = p1;
            p1 = p2;
        }
        return new double[] {p1, N * (x * p1 - p0) / (x * x - 1)};
    }

    private GaussLegendre() {
    }

    /** ∫_a^b f with 16 nodes. */
    public static double integrate16(DoubleUnaryOperator f, double a, double b) {
        double half = 0.5 * (b - a);
        double mid = 0.5 * (a + b);
        double s = 0;
        for (int i = 0; i < N; i++) {
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
