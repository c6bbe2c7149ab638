package org.kinvis.host.physics;

import java.util.List;

/**
 * B → K φφ with scalar dark matter (PHYSICS.md §5): only the scalar quark current contributes
 * ({@code <K|s̄γ5b|B> = 0}, so the pseudoscalar coupling {@code gp} gives nothing for B → K). Real φ,
 * L ⊃ −g (s̄b)φ²: dΓ/dq² = g² H_S² √λ β/(128π³ mB³); complex φ, −g (s̄b)φ*φ: half that; complex φ with a vector
 * current g_V (s̄γ^μ b)(φ* i∂↔_μ φ): g_V² f+² λ^{3/2} β³/(768π³ mB³); β = √(1 − 4m²/q²). The scalar and vector
 * currents are added without interference (use one at a time for a definite model).
 */
public record DarkScalarScenario() implements Scenario {
    static final List<ScenarioParameter> PARAMETERS = Scenario.withFormFactors(List.of(
            new ScenarioParameter("mass", 0.5, 0, SterileScenario.MASS_MAX / 2, "GeV", "mass of φ"),
            new ScenarioParameter("gs", 1e-8, 0, 1, "1/GeV", "scalar-current coupling (s̄b)φ²"),
            new ScenarioParameter("gp", 0, 0, 1, "1/GeV", "pseudoscalar-current coupling (s̄γ5b)φ²: no B→K rate"),
            new ScenarioParameter("gv", 0, 0, 1, "1/GeV²", "vector-current coupling (complex φ only)"),
            new ScenarioParameter("complex", 0, 0, 1, "", "0: real φ, 1: complex φ")));

    public String name() {
        return "dm-scalar";
    }

    public String description() {
        return "B -> K phi phi, scalar dark matter with scalar/pseudoscalar (and vector) quark currents";
    }

    public String source() {
        return "He, Ma, Schmidt, Valencia, Volkas arXiv:2309.12741, 2403.12485";
    }

    public List<ScenarioParameter> parameters() {
        return PARAMETERS;
    }

    /**
     * dBR/dq² = τ (gs² f0² S + gv² f+² V) with {@code S = H_S²/f0² √λ β/(128π³ mB³)} (÷ 2 for complex φ) and
     * {@code V = λ^{3/2} β³/(768π³ mB³)}; with {@code grad} (may be null) ∂/∂gs, ∂/∂gv into grad[1], grad[3] and
     * ∂/∂α into grad[5 …].
     */
    private static double rate(FormFactorsBsz2015 ff, double q2, double m, double gs, double gv, boolean complex,
            double[] grad) {
        double thr = 4 * m * m;
        if (q2 <= thr || q2 >= EosConstants.q2Max() || q2 <= 0) {
            return 0;
        }
        double mb3 = Math.pow(EosConstants.M_B, 3);
        double lam = EosConstants.lambdaB(q2);
        double beta = Math.sqrt(1 - thr / q2);
        double hsc = (EosConstants.M_B * EosConstants.M_B - EosConstants.M_K * EosConstants.M_K)
                / EosConstants.M_B_MINUS_M_S;
        double tau = EosConstants.TAU_B;
        double sc = tau * hsc * hsc * Math.sqrt(lam) * beta / ((complex ? 256 : 128) * Math.pow(Math.PI, 3) * mb3);
        double vc = tau * Math.pow(lam, 1.5) * beta * beta * beta / (768 * Math.pow(Math.PI, 3) * mb3);
        double f0 = ff.fZero(q2);
        double fp = ff.fPlus(q2);
        if (grad != null) {
            grad[1] += 2 * gs * f0 * f0 * sc;
            grad[3] += 2 * gv * fp * fp * vc;
            FormFactorsBsz2015.chain(q2, new double[] {2 * gv * gv * fp * vc, 2 * gs * gs * f0 * sc, 0}, grad, 5);
        }
        return gs * gs * f0 * f0 * sc + gv * gv * fp * fp * vc;
    }

    /**
     * Exact in gs, gv and the form-factor parameters (differentiated under the Gauss–Legendre sum; gp has no B → K
     * rate and {@code complex} is a switch, both derivative 0); numerical in the mass ({@link RichardsonDerivative},
     * only where {@code wanted}), which moves the threshold 4m² with the integrand.
     */
    @Override
    public BinIntegrals binIntegrals(double[] values, TrueBinning bins, boolean[] wanted) {
        Spectrum sp = spectrum(values);
        if (wanted == null) {
            return new BinIntegrals(bins.integrals(sp), new double[values.length][]);
        }
        FormFactorsBsz2015 ff = Scenario.formFactors(values);
        boolean complex = values[4] >= 0.5;
        BinIntegrals b = DifferentiableIntegrand.integrate(
                (q2, g) -> rate(ff, q2, values[0], values[1], values[3], complex, g), sp, bins, values.length);
        double[][] d = b.derivatives();
        d[0] = null;
        return new BinIntegrals(b.values(), numericalRows(d, values, bins, wanted));
    }

    public Spectrum spectrum(double[] values) {
        validate(values);
        double m = values[0];
        double gs = values[1];
        double gv = values[3];
        boolean complex = values[4] >= 0.5;
        if (gv != 0 && !complex) {
            throw org.kinvis.host.input.InputException.at("--set", "gv=" + gv,
                    "a vector current needs complex φ (set complex=1)");
        }
        FormFactorsBsz2015 ff = Scenario.formFactors(values);
        double thr = 4 * m * m;
        return new Spectrum() {
            public double dbrdq2(double q2) {
                return rate(ff, q2, m, gs, gv, complex, null);
            }

            public double q2Min() {
                return thr;
            }

            public double q2Max() {
                return EosConstants.q2Max();
            }
        };
    }
}
