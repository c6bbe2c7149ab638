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
        return "PHYSICS.md §5; He, Ma, Schmidt, Valencia, Volkas arXiv:2309.12741, 2403.12485";
    }

    public List<ScenarioParameter> parameters() {
        return PARAMETERS;
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
        double mb3 = Math.pow(EosConstants.M_B, 3);
        return new Spectrum() {
            public double dbrdq2(double q2) {
                if (q2 <= thr || q2 >= EosConstants.q2Max() || q2 <= 0) {
                    return 0;
                }
                double lam = EosConstants.lambdaB(q2);
                double beta = Math.sqrt(1 - thr / q2);
                double hs = EosConstants.scalarMatrixElement(ff, q2);
                double scalar = gs * gs * hs * hs * Math.sqrt(lam) * beta / ((complex ? 256 : 128) * Math.pow(Math.PI, 3) * mb3);
                double fp = ff.fPlus(q2);
                double vector = gv * gv * fp * fp * Math.pow(lam, 1.5) * beta * beta * beta / (768 * Math.pow(Math.PI, 3) * mb3);
                return (scalar + vector) * EosConstants.TAU_B;
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
