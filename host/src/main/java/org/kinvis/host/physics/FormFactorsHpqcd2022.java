package org.kinvis.host.physics;

/**
 * HPQCD 2022 B → K f+ (arXiv:2207.12468) as the Belle II reinterpretation's null model uses it
 * ({@code NullPrediction} of knunu-reinterpretation-mini): t₀ = 0, t₊ = (mB + mK)² with mB = 5.279495,
 * mK = 0.4956440 GeV, {@code f+ = L/(1 − q²/M²) Σ_{n<3} a_n [zⁿ − (n/3)(−1)^{n−3} z³]}, a = (0.2545, −0.71, 0.32),
 * L = 1.304, M = 5.4158 GeV. PHYSICS.md §1.2.
 */
public final class FormFactorsHpqcd2022 {
    static final double MB = 5.279495;
    static final double MK = 0.4956440;
    private static final double T_PLUS = (MB + MK) * (MB + MK);
    private static final double[] A = {0.2545, -0.71, 0.32};
    private static final double LOG_SB = 1.304;
    private static final double POLE = 5.4158;

    private FormFactorsHpqcd2022() {
    }

    public static double fPlus(double q2) {
        double a = Math.sqrt(T_PLUS - q2);
        double b = Math.sqrt(T_PLUS);
        double z = (a - b) / (a + b);
        int n3 = 3;
        double sum = 0;
        for (int n = 0; n < n3; n++) {
            double sign = ((n - n3) % 2 == 0) ? 1 : -1;
            sum += A[n] * (Math.pow(z, n) - (double) n / n3 * sign * Math.pow(z, n3));
        }
        return LOG_SB / (1 - q2 / (POLE * POLE)) * sum;
    }
}
