package org.kinvis.host.physics;

import java.util.List;

/**
 * B → K χχ̄ with fermionic dark matter through contact operators of scale Λ (N = 1/Λ²): vector
 * (s̄γb)(χ̄γχ) → V_L = V_R = cv, axial (s̄γb)(χ̄γγ5χ) → V_L = −ca, V_R = ca, scalar (s̄b)(χ̄χ) → S_L = S_R = cs,
 * tensor (s̄σb)(χ̄σχ) → T_L = T_R = ct, in the closed form of PHYSICS.md §4.2 with m1 = m2 = m_χ; a Majorana χ
 * applies the §4.3 vertex rule (vector and tensor currents vanish, axial and scalar double).
 */
public record DarkFermionScenario() implements Scenario {
    static final List<ScenarioParameter> PARAMETERS = Scenario.withFormFactors(List.of(
            new ScenarioParameter("mass", 0.6, 0, SterileScenario.MASS_MAX / 2, "GeV", "mass of χ"),
            new ScenarioParameter("lambda", 1e4, 1, 1e8, "GeV", "scale Λ of the contact operators"),
            new ScenarioParameter("cv", 1, -10, 10, "", "vector coupling (s̄γb)(χ̄γχ)"),
            new ScenarioParameter("ca", 0, -10, 10, "", "axial coupling (s̄γb)(χ̄γγ5χ)"),
            new ScenarioParameter("cs", 0, -10, 10, "", "scalar coupling (s̄b)(χ̄χ)"),
            new ScenarioParameter("ct", 0, -10, 10, "", "tensor coupling (s̄σb)(χ̄σχ)"),
            new ScenarioParameter("majorana", 0, 0, 1, "", "0: Dirac χ, 1: Majorana χ")));

    public String name() {
        return "dm-fermion";
    }

    public String description() {
        return "B -> K chi chibar, fermionic dark matter through contact operators of scale Lambda";
    }

    public String source() {
        return "He, Ma, Schmidt, Valencia, Volkas arXiv:2309.12741; Fridell, Ghosh, Okui, Tobioka arXiv:2312.12507";
    }

    public List<ScenarioParameter> parameters() {
        return PARAMETERS;
    }

    /** The effective couplings (V_L, V_R, S_L, S_R, T_L, T_R) per unit (cv, ca, cs, ct): Dirac, then Majorana. */
    private static final double[][][] COUPLINGS = {
        {{1, -1, 0, 0}, {1, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}, {0, 0, 0, 1}},
        {{0, -2, 0, 0}, {0, 2, 0, 0}, {0, 0, 2, 0}, {0, 0, 2, 0}, {0, 0, 0, 0}, {0, 0, 0, 0}}};

    /**
     * Exact in the couplings, Λ (the rate ∝ Λ⁻⁴) and the form-factor parameters (differentiated under the
     * Gauss–Legendre sum, {@link MassivePairRate}; the Majorana switch has derivative 0); numerical in the mass
     * ({@link RichardsonDerivative}, only where {@code wanted}), which moves the threshold with the integrand.
     */
    @Override
    public BinIntegrals binIntegrals(double[] values, TrueBinning bins, boolean[] wanted) {
        Spectrum sp = spectrum(values);
        if (wanted == null) {
            return new BinIntegrals(bins.integrals(sp), new double[values.length][]);
        }
        double m = values[0];
        double lambda = values[1];
        double n2 = Math.pow(lambda, -4);
        double cv = values[2];
        double ca = values[3];
        double cs = values[4];
        double ct = values[5];
        boolean majorana = values[6] >= 0.5;
        MassivePairRate dirac = new MassivePairRate(m, m, cv - ca, cv + ca, cs, cs, ct, ct, n2, 1);
        MassivePairRate rate = majorana ? dirac.majorana() : dirac;
        double[][] map = COUPLINGS[majorana ? 1 : 0];
        FormFactorsBsz2015 ff = Scenario.formFactors(values);
        double tau = EosConstants.TAU_B;
        double[] dc = new double[6];
        double[] df = new double[3];
        DifferentiableIntegrand f = (q2, g) -> {
            java.util.Arrays.fill(dc, 0);
            java.util.Arrays.fill(df, 0);
            double r = tau * rate.dGammaDq2(q2, ff.fPlus(q2), ff.fZero(q2), ff.fTensor(q2), dc, df);
            g[1] = -4 * r / lambda;
            for (int e = 0; e < 6; e++) {
                for (int j = 0; j < 4; j++) {
                    g[2 + j] += tau * map[e][j] * dc[e];
                }
            }
            df[0] *= tau;
            df[1] *= tau;
            df[2] *= tau;
            FormFactorsBsz2015.chain(q2, df, g, 7);
            return r;
        };
        BinIntegrals b = DifferentiableIntegrand.integrate(f, sp, bins, values.length);
        double[][] d = b.derivatives();
        d[0] = null;
        return new BinIntegrals(b.values(), numericalRows(d, values, bins, wanted));
    }

    public Spectrum spectrum(double[] values) {
        validate(values);
        double m = values[0];
        double n2 = Math.pow(values[1], -4);
        double cv = values[2];
        double ca = values[3];
        double cs = values[4];
        double ct = values[5];
        MassivePairRate dirac = new MassivePairRate(m, m, cv - ca, cv + ca, cs, cs, ct, ct, n2, 1);
        MassivePairRate rate = values[6] >= 0.5 ? dirac.majorana() : dirac;
        FormFactorsBsz2015 ff = Scenario.formFactors(values);
        double thr = 4 * m * m;
        return new Spectrum() {
            public double dbrdq2(double q2) {
                return rate.dGammaDq2(ff, q2) * EosConstants.TAU_B;
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
