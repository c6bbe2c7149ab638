package org.kinvis.host.physics;

/**
 * The EOS v1.0.17 defaults the BSM rates use (PHYSICS.md §3.2, §3.3): G_F, α_e(m_b) = 1/133, |V_tb V_ts*| of
 * model WET, τ_B⁺ = 1.641 ps with EOS's ħ, the kinematic masses, and m_b(4.2) − m_s(4.2) from EOS's 4-loop
 * running (hard-coded, as PHYSICS.md allows while the EOS parameters stay fixed).
 */
public final class EosConstants {
    private EosConstants() {
    }

    public static final double G_FERMI = 1.1663787e-5;
    public static final double ALPHA_E = 1.0 / 133;
    public static final double LAMBDA_T = 0.9991111344469873 * 0.04121212396309175;
    public static final double HBAR = 6.58211928e-25;
    public static final double TAU_B = 1.641e-12 / HBAR;
    public static final double M_B = 5.27934;
    public static final double M_K = 0.493677;
    public static final double M_B_MINUS_M_S = 4.169889249562193 - 0.0796169427862923;
    /** EOS's default SM value of Re{cVL} in model WET. */
    public static final double CVL_SM = 6.613114906357177;
    /** |N|² = [(4 G_F/√2)(α_e/2π) |λ_t|]² of the neutrino-like operators. */
    public static final double N2 = Math.pow(4 * G_FERMI / Math.sqrt(2) * ALPHA_E / (2 * Math.PI) * LAMBDA_T, 2);
    /** ħc in GeV m, for decay lengths. */
    public static final double HBAR_C = 1.973269804e-16;

    public static double q2Max() {
        return (M_B - M_K) * (M_B - M_K);
    }

    public static double lambdaB(double q2) {
        return Kinematics.lambda(M_B * M_B, M_K * M_K, q2);
    }

    /** H_S = Δ f0/(m_b − m_s), the scalar matrix element (equation of motion). */
    public static double scalarMatrixElement(FormFactorsBsz2015 ff, double q2) {
        return (M_B * M_B - M_K * M_K) * ff.fZero(q2) / M_B_MINUS_M_S;
    }
}
