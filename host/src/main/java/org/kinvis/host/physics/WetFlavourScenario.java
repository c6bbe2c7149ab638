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
public record WetFlavourScenario() implements Scenario, QuadraticRate {
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
        return "EOS b-to-psd-nu-nu.cc (v1.0.17) per neutrino flavour; FLS arXiv:2111.04327";
    }

    public List<ScenarioParameter> parameters() {
        return PARAMETERS;
    }

    /**
     * How often each coefficient's square enters its channel's Σ|C^{αβ}|²: 1 for the 9 {@code cv_ab} and the diagonal
     * {@code cs_aa}, 2 for the off-diagonal {@code cs_ab} (C_S symmetric) and the {@code ct_ab} (C_T antisymmetric).
     */
    private static final double[] MULTIPLICITY = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 1, 2, 1, 2, 2, 2};

    /** Channel (0 V, 1 S, 2 T) of each coefficient. */
    private static final int[] CHANNEL = {0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2};

    /**
     * The EOS-normalised coupling weights (Σ|C_V|², Σ|C_S|², Σ|C_T|²)/3: {@link WetScenario#components} are per
     * unit EOS coefficient, i.e. already × 3 flavours.
     */
    private static double[] weights(double[] values) {
        double[] k = new double[3];
        for (int j = 0; j < 18; j++) {
            k[CHANNEL[j]] += MULTIPLICITY[j] * values[j] * values[j] / 3;
        }
        return k;
    }

    /** K = (Σ|C_V^{αβ}|², Σ|C_S^{αβ}|², Σ|C_T^{αβ}|²)/3. */
    @Override
    public double[] couplingWeights(double[] values, double[][] dK) {
        if (dK != null) {
            for (int j = 0; j < 18; j++) {
                dK[CHANNEL[j]][j] = 2 * MULTIPLICITY[j] * values[j] / 3;
            }
        }
        return weights(values);
    }

    /** Exact, as for {@link WetScenario}: quadratic forms in the coefficients and the form-factor parameters. */
    @Override
    public BinIntegrals binIntegrals(double[] values, TrueBinning bins, boolean[] wanted) {
        validate(values);
        double[] alpha = java.util.Arrays.copyOfRange(values, values.length - 8, values.length);
        if (wanted == null) {
            return new BinIntegrals(WetMoments.of(bins).integrals(weights(values), alpha, null, null),
                    new double[values.length][]);
        }
        double[][] dK = new double[3][];
        double[][] dAlpha = new double[8][];
        double[] out = WetMoments.of(bins).integrals(weights(values), alpha, dK, dAlpha);
        double[][] d = new double[values.length][];
        for (int j = 0; j < 18; j++) {
            d[j] = WetMoments.scaled(dK[CHANNEL[j]], 2 * MULTIPLICITY[j] * values[j] / 3);
        }
        System.arraycopy(dAlpha, 0, d, 18, 8);
        return new BinIntegrals(out, d);
    }

    public Spectrum spectrum(double[] values) {
        validate(values);
        double[] k = weights(values);
        double cv2 = k[0];
        double cs2 = k[1];
        double ct2 = k[2];
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
