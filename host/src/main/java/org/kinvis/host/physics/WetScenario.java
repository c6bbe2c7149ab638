package org.kinvis.host.physics;

import java.util.List;

/**
 * Weak effective theory for b → sνν̄ in the EOS convention ({@code B->Knunu::dBR/dq2},
 * {@code eos/rare-b-decays/b-to-psd-nu-nu.cc}; FLS arXiv:2111.04327 eq. 8), PHYSICS.md §3.2:
 * {@code dΓ/dq² = 3·norm·[λ/24 f+² |cVL+cVR|² + q² (Δ/(m_b−m_s))²/8 f0² |cSL+cSR|² + q² (2/3) λ/(mB+mK)² fT² |cTL|²]}
 * with {@code norm = [(4G_F α_e/2π)²/2] |λ_t|² √λ/(4π mB)³}; BSZ2015 form factors; real coefficients. The SM is
 * cVL = 6.613114906357177 (EOS's default).
 */
public record WetScenario() implements Scenario, QuadraticRate {
    static final List<ScenarioParameter> PARAMETERS = Scenario.withFormFactors(List.of(
            new ScenarioParameter("cvl", EosConstants.CVL_SM, 0, 20, "", "Re C_VL (EOS), SM 6.613114906357177"),
            new ScenarioParameter("cvr", 0, -20, 20, "", "Re C_VR (EOS)"),
            new ScenarioParameter("csl", 0, 0, 20, "", "Re C_SL (EOS, lepton-number violating)"),
            new ScenarioParameter("csr", 0, -20, 20, "", "Re C_SR (EOS, lepton-number violating)"),
            new ScenarioParameter("ctl", 0, 0, 20, "", "Re C_TL (EOS, lepton-number violating)")));

    public String name() {
        return "wet";
    }

    public String description() {
        return "WET b -> s nu nu with vector, scalar and tensor operators (EOS convention), BSZ2015 form factors";
    }

    public String source() {
        return "EOS b-to-psd-nu-nu.cc (v1.0.17); FLS arXiv:2111.04327; BSZ arXiv:1503.05534;"
                + " Belle II arXiv:2507.12393";
    }

    public List<ScenarioParameter> parameters() {
        return PARAMETERS;
    }

    /** The per-unit vector, scalar and tensor terms dBR/dq² for |c| = 1 (no interference between them). */
    static double[] components(FormFactorsBsz2015 ff, double q2) {
        double[] n = densities(q2);
        double fp = ff.fPlus(q2);
        double f0 = ff.fZero(q2);
        double ft = ff.fTensor(q2);
        return new double[] {n[0] * fp * fp, n[1] * f0 * f0, n[2] * ft * ft};
    }

    /**
     * The kinematic factors n_c(q²) of the three channels, dBR/dq² = Σ_c |c_c|² n_c F_c² with F = (f+, f0, fT):
     * {@code n = 3 τ norm (λ/24, q² (Δ/(m_b − m_s))²/8, (2/3) q² λ/(mB + mK)²)}; 0 outside 0 ≤ q² < q²max.
     */
    static double[] densities(double q2) {
        if (q2 < 0 || q2 >= EosConstants.q2Max()) {
            return new double[3];
        }
        double mb = EosConstants.M_B;
        double mk = EosConstants.M_K;
        double lam = EosConstants.lambdaB(q2);
        double pref = Math.pow(4 * EosConstants.G_FERMI * EosConstants.ALPHA_E / (2 * Math.PI), 2) / 2
                * EosConstants.LAMBDA_T * EosConstants.LAMBDA_T;
        double norm = pref * Math.sqrt(lam) / Math.pow(4 * Math.PI * mb, 3) * 3 * EosConstants.TAU_B;
        double hsOverF0 = (mb * mb - mk * mk) / EosConstants.M_B_MINUS_M_S;
        return new double[] {norm * lam / 24, norm * q2 * hsOverF0 * hsOverF0 / 8,
            norm * q2 * 2.0 / 3 * lam / ((mb + mk) * (mb + mk))};
    }

    /** The constants of {@code wet_dbr} in {@code spectra.cl} (its header lists them), from the same inputs. */
    public static double[] deviceConstants() {
        double mb = EosConstants.M_B;
        double pref = Math.pow(4 * EosConstants.G_FERMI * EosConstants.ALPHA_E / (2 * Math.PI), 2) / 2
                * EosConstants.LAMBDA_T * EosConstants.LAMBDA_T;
        return new double[] {mb, EosConstants.M_K, EosConstants.q2Max(),
            pref / Math.pow(4 * Math.PI, 3) * 3 * EosConstants.TAU_B, EosConstants.M_B_MINUS_M_S, 0, 0,
            FormFactorsBsz2015.M_PLUS, FormFactorsBsz2015.M_ZERO, FormFactorsBsz2015.T_PLUS, FormFactorsBsz2015.T_ZERO,
            FormFactorsBsz2015.Z0};
    }

    /** The per-point inputs of {@code wet_dbr}: (cV, cS, cT, α0..α7). */
    public static double[] devicePoint(double[] values) {
        double[] p = new double[11];
        p[0] = values[0] + values[1];
        p[1] = values[2] + values[3];
        p[2] = values[4];
        System.arraycopy(values, values.length - 8, p, 3, 8);
        return p;
    }

    /** K = (|cVL + cVR|², |cSL + cSR|², |cTL|²). */
    @Override
    public double[] couplingWeights(double[] values, double[][] dK) {
        double cv = values[0] + values[1];
        double cs = values[2] + values[3];
        double ct = values[4];
        if (dK != null) {
            dK[0][0] = dK[0][1] = 2 * cv;
            dK[1][2] = dK[1][3] = 2 * cs;
            dK[2][4] = 2 * ct;
        }
        return new double[] {cv * cv, cs * cs, ct * ct};
    }

    /**
     * Exact: the rate is |cV|² n_V f+² + |cS|² n_S f0² + |cT|² n_T fT² with each form factor linear in its three
     * α, so the bin integrals are quadratic forms ({@link WetMoments}) whose derivatives in every parameter are
     * closed-form.
     */
    @Override
    public BinIntegrals binIntegrals(double[] values, TrueBinning bins, boolean[] wanted) {
        validate(values);
        double cv = values[0] + values[1];
        double cs = values[2] + values[3];
        double ct = values[4];
        double[] alpha = java.util.Arrays.copyOfRange(values, values.length - 8, values.length);
        if (wanted == null) {
            return new BinIntegrals(WetMoments.of(bins).integrals(new double[] {cv * cv, cs * cs, ct * ct}, alpha,
                    null, null), new double[values.length][]);
        }
        double[][] dK = new double[3][];
        double[][] dAlpha = new double[8][];
        double[] out = WetMoments.of(bins).integrals(new double[] {cv * cv, cs * cs, ct * ct}, alpha, dK, dAlpha);
        double[][] d = new double[values.length][];
        double[] c = {cv, cv, cs, cs, ct};
        for (int j = 0; j < 5; j++) {
            d[j] = WetMoments.scaled(dK[j / 2], 2 * c[j]);
        }
        System.arraycopy(dAlpha, 0, d, 5, 8);
        return new BinIntegrals(out, d);
    }

    public Spectrum spectrum(double[] values) {
        validate(values);
        double cv = values[0] + values[1];
        double cs = values[2] + values[3];
        double ct = values[4];
        FormFactorsBsz2015 ff = Scenario.formFactors(values);
        return new Spectrum() {
            public double dbrdq2(double q2) {
                double[] c = components(ff, q2);
                return cv * cv * c[0] + cs * cs * c[1] + ct * ct * c[2];
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
