package org.kinvis.host.physics;

import java.util.ArrayList;
import java.util.List;

/**
 * The WET rate resolved in neutrino flavours (PHYSICS.md §3.4): {@code dΓ/dq² = norm [λ/24 f+² Σ|C_V^{αβ}|²
 * + q² H_S²/8 Σ|C_S^{αβ}|² + (2/3) q² λ fT²/(mB+mK)² Σ|C_T^{αβ}|²]} over all 9 ordered pairs, with C_V any
 * 3×3 matrix (final state ν_β ν̄_α), C_S symmetric and C_T antisymmetric (lepton-number violating, ν_α ν_β).
 * Parameters: the 9 {@code cv_ab}, the 6 independent {@code cs_ab} (a ≤ b) and the 3 {@code ct_ab} (a < b), a, b
 * ∈ {e, m, t}. EOS's universal coefficients are C_V = cV·𝟙, C_S = cS·𝟙 and Σ|C_T|² = 3|cTL|² (i.e.
 * ct_ab = cTL/√2 on each pair, since each antisymmetric pair counts twice).
 */
public record WetFlavourScenario() implements Scenario {
    static final String[] F = {"e", "m", "t"};
    static final List<ScenarioParameter> PARAMETERS = build();

    private static List<ScenarioParameter> build() {
        List<ScenarioParameter> ps = new ArrayList<>();
        for (String a : F) {
            for (String b : F) {
                ps.add(new ScenarioParameter("cv_" + a + b, a.equals(b) ? EosConstants.CVL_SM : 0, -20, 20, "",
                        "C_V^{" + a + b + "} = C_VL + C_VR for ν_" + b + " ν̄_" + a));
            }
        }
        for (int i = 0; i < 3; i++) {
            for (int j = i; j < 3; j++) {
                ps.add(new ScenarioParameter("cs_" + F[i] + F[j], 0, -20, 20, "", "C_S^{" + F[i] + F[j]
                        + "} (symmetric, ΔL = 2)"));
            }
        }
        for (int i = 0; i < 3; i++) {
            for (int j = i + 1; j < 3; j++) {
                ps.add(new ScenarioParameter("ct_" + F[i] + F[j], 0, -20, 20, "", "C_T^{" + F[i] + F[j]
                        + "} = −C_T^{" + F[j] + F[i] + "} (ΔL = 2)"));
            }
        }
        return Scenario.withFormFactors(ps);
    }

    public String name() {
        return "wet-flavour";
    }

    public String description() {
        return "WET b -> s nu nu with Wilson coefficients per neutrino-flavour pair (LNV scalar and tensor included)";
    }

    public String source() {
        return "PHYSICS.md §3.4 (EOS b-to-psd-nu-nu.cc generalised; FLS arXiv:2111.04327)";
    }

    public List<ScenarioParameter> parameters() {
        return PARAMETERS;
    }

    public Spectrum spectrum(double[] values) {
        validate(values);
        double sv = 0;
        for (int k = 0; k < 9; k++) {
            sv += values[k] * values[k];
        }
        double ss = 0;
        int k = 9;
        for (int i = 0; i < 3; i++) {
            for (int j = i; j < 3; j++, k++) {
                ss += (i == j ? 1 : 2) * values[k] * values[k];
            }
        }
        double st = 0;
        for (int i = 0; i < 3; i++, k++) {
            st += 2 * values[k] * values[k];
        }
        // WetScenario.components are per unit EOS coefficient, i.e. already × 3 flavours: divide by 3
        double cv2 = sv / 3;
        double cs2 = ss / 3;
        double ct2 = st / 3;
        FormFactorsBsz2015 ff = Scenario.formFactors(values);
        return new Spectrum() {
            public double dbrdq2(double q2) {
                double[] c = WetScenario.components(ff, q2);
                return cv2 * c[0] + cs2 * c[1] + ct2 * c[2];
            }

            public double q2Min() {
                return 0;
            }

            public double q2Max() {
                return EosConstants.q2Max();
            }
        };
    }
}
