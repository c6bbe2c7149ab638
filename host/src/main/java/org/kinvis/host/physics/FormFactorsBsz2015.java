package org.kinvis.host.physics;

/**
 * B → K form factors f+, f0, fT in the BSZ2015 parameterisation as EOS implements it (Bharucha, Straub, Zwicky,
 * arXiv:1503.05534; EOS {@code parametric-bsz2015}): {@code F(q²) = [α0 + α1 (z − z(0)) + α2 (z − z(0))²] /
 * (1 − q²/m_R²)} with t₊ = (mB + mK)², t₀ = t₊(1 − √(1 − t₋/t₊)), FF masses 5.279 and 0.492 GeV, poles
 * m_Bs* = 5.415 (f+, fT) and m_Bs0 = 5.630 GeV (f0), and α0 of f0 replaced by α0 of f+ (f0(0) = f+(0)).
 * PHYSICS.md §1.1.
 *
 * @param alpha the 8 parameters in EOS/Belle II order: α^{f+}_{0,1,2}, α^{f0}_{1,2}, α^{fT}_{0,1,2}
 */
public record FormFactorsBsz2015(double[] alpha) {
    static final double MB = 5.279;
    static final double MK = 0.492;
    static final double M_PLUS = 5.415;
    static final double M_ZERO = 5.630;
    static final double T_PLUS = (MB + MK) * (MB + MK);
    static final double T_MINUS = (MB - MK) * (MB - MK);
    static final double T_ZERO = T_PLUS * (1 - Math.sqrt(1 - T_MINUS / T_PLUS));
    static final double Z0 = z(0);

    /** EOS parameter names, in order. */
    public static final java.util.List<String> NAMES = java.util.List.of("B->K::alpha^f+_0@BSZ2015",
            "B->K::alpha^f+_1@BSZ2015", "B->K::alpha^f+_2@BSZ2015", "B->K::alpha^f0_1@BSZ2015",
            "B->K::alpha^f0_2@BSZ2015", "B->K::alpha^fT_0@BSZ2015", "B->K::alpha^fT_1@BSZ2015",
            "B->K::alpha^fT_2@BSZ2015");

    /** Short kinvis names of the 8 parameters. */
    public static final java.util.List<String> SHORT_NAMES = java.util.List.of("ff_fp0", "ff_fp1", "ff_fp2",
            "ff_f01", "ff_f02", "ff_fT0", "ff_fT1", "ff_fT2");

    /** The prior central values of the Belle II reinterpretation (PHYSICS.md §1.1 table). */
    public static FormFactorsBsz2015 priorCentral() {
        return new FormFactorsBsz2015(new double[] {0.33772497529184886, -0.87793473613271, -0.07935870922121949,
            0.3719622997220613, 0.07388594710238389, 0.327935912834808, -0.9490004115927961,
            -0.23146429907794228});
    }

    public FormFactorsBsz2015 {
        if (alpha.length != 8) {
            throw new IllegalArgumentException("BSZ2015 needs 8 parameters, got " + alpha.length);
        }
    }

    static double z(double q2) {
        double a = Math.sqrt(T_PLUS - q2);
        double b = Math.sqrt(T_PLUS - T_ZERO);
        return (a - b) / (a + b);
    }

    private static double series(double q2, double a0, double a1, double a2, double pole) {
        double dz = z(q2) - Z0;
        return (a0 + a1 * dz + a2 * dz * dz) / (1 - q2 / (pole * pole));
    }

    /** Which of the 8 α each form factor is linear in: f+ (α0, α1, α2), f0 (α0, α3, α4), fT (α5, α6, α7). */
    static final int[][] ALPHA_INDEX = {{0, 1, 2}, {0, 3, 4}, {5, 6, 7}};
    /** Pole masses of f+, f0, fT. */
    static final double[] POLES = {M_PLUS, M_ZERO, M_PLUS};

    /**
     * The z-expansion basis of form factor {@code f} (0 = f+, 1 = f0, 2 = fT) at q²: F = Σ_k α_{ALPHA_INDEX[f][k]}
     * b_k with {@code b = (1, dz, dz²)/(1 − q²/m_R²)}, so ∂F/∂α is exact. Written into {@code out[off..off+2]}.
     */
    static void basis(int f, double q2, double[] out, int off) {
        double dz = z(q2) - Z0;
        double p = 1 / (1 - q2 / (POLES[f] * POLES[f]));
        out[off] = p;
        out[off + 1] = dz * p;
        out[off + 2] = dz * dz * p;
    }

    /**
     * The chain rule to the 8 α: given ∂R/∂(f+, f0, fT) at q² in {@code dF}, adds ∂R/∂α_l into
     * {@code grad[offset + l]}.
     */
    static void chain(double q2, double[] dF, double[] grad, int offset) {
        double[] b = new double[3];
        for (int f = 0; f < 3; f++) {
            if (dF[f] != 0) {
                basis(f, q2, b, 0);
                for (int t = 0; t < 3; t++) {
                    grad[offset + ALPHA_INDEX[f][t]] += dF[f] * b[t];
                }
            }
        }
    }

    /** Form factor {@code f} (0 = f+, 1 = f0, 2 = fT) at q². */
    public double value(int f, double q2) {
        int[] k = ALPHA_INDEX[f];
        return series(q2, alpha[k[0]], alpha[k[1]], alpha[k[2]], POLES[f]);
    }

    /**
     * dF/dq² of form factor {@code f}: {@code (α1 + 2α2 dz) z′ p + (α0 + α1 dz + α2 dz²) p²/m_R²} with
     * {@code z′ = −√(t₊ − t₀) / (√(t₊ − q²) (√(t₊ − q²) + √(t₊ − t₀))²)} and {@code p = 1/(1 − q²/m_R²)}.
     */
    public double derivative(int f, double q2) {
        int[] k = ALPHA_INDEX[f];
        double a = Math.sqrt(T_PLUS - q2);
        double b = Math.sqrt(T_PLUS - T_ZERO);
        double dz = (a - b) / (a + b) - Z0;
        double zPrime = -b / (a * (a + b) * (a + b));
        double pole2 = POLES[f] * POLES[f];
        double p = 1 / (1 - q2 / pole2);
        return (alpha[k[1]] + 2 * alpha[k[2]] * dz) * zPrime * p
                + (alpha[k[0]] + alpha[k[1]] * dz + alpha[k[2]] * dz * dz) * p * p / pole2;
    }

    public double fPlus(double q2) {
        return series(q2, alpha[0], alpha[1], alpha[2], M_PLUS);
    }

    public double fZero(double q2) {
        return series(q2, alpha[0], alpha[3], alpha[4], M_ZERO);
    }

    public double fTensor(double q2) {
        return series(q2, alpha[5], alpha[6], alpha[7], M_PLUS);
    }
}
