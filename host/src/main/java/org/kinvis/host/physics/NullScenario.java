package org.kinvis.host.physics;

import java.util.List;

/**
 * The Belle II reinterpretation's null model: SM B → Kνν̄ with HPQCD-2022 f+ (PHYSICS.md §2),
 * {@code dBR/dq² = G_F² α² X_t²/(32π⁵ sin⁴θ_W) τ_B |V_tb V_ts*|² |p_K|³ f+²}, summed over three neutrino flavours,
 * with the Belle II code's constants (1/α = 127.952, X_t = 1.468, sin²θ_W = 0.23124, |V_tb V_ts*| = 0.04185,
 * τ_B = 1.638 ps with ħ = 6.58211e-25 GeV s).
 */
public record NullScenario() implements Scenario {
    static final double G_F = 1.1663787e-5;
    static final double ALPHA = 1 / 127.952;
    static final double X_T = 1.468;
    static final double SIN2_W = 0.23124;
    static final double V_TBTS = 0.04185;
    static final double TAU = 1.638e-12 / 6.58211e-25;
    static final double MB = FormFactorsHpqcd2022.MB;
    static final double MK = FormFactorsHpqcd2022.MK;
    static final double PREFACTOR = G_F * G_F * ALPHA * ALPHA * X_T * X_T
            / (32 * Math.pow(Math.PI, 5) * SIN2_W * SIN2_W) * TAU * V_TBTS * V_TBTS;

    public String name() {
        return "null";
    }

    public String description() {
        return "SM B -> K nu nubar with HPQCD-2022 f+ (Belle II's reference for reweighting)";
    }

    public String source() {
        return "HPQCD arXiv:2207.12468, 2207.13371; the null prediction of Belle II arXiv:2507.12393";
    }

    public List<ScenarioParameter> parameters() {
        return List.of();
    }

    /** dBR/dq² of the null model; 0 outside 0 ≤ q² < (mB − mK)². */
    public static double dbrdq2(double q2) {
        double q2max = (MB - MK) * (MB - MK);
        if (q2 < 0 || q2 >= q2max) {
            return 0;
        }
        double pk = Kinematics.momentum(MB, MK * MK, q2);
        double fp = FormFactorsHpqcd2022.fPlus(q2);
        return PREFACTOR * pk * pk * pk * fp * fp;
    }

    public Spectrum spectrum(double[] values) {
        validate(values);
        return new Spectrum() {
            public double dbrdq2(double q2) {
                return NullScenario.dbrdq2(q2);
            }

            public double q2Min() {
                return 0;
            }

            public double q2Max() {
                return (MB - MK) * (MB - MK);
            }
        };
    }
}
