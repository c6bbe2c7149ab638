package org.kinvis.host.physics;

import java.util.List;

/**
 * The WET operators of {@link WetScenario} with massive final-state (Dirac sterile) neutrinos of masses m1, m2 in
 * each of the three flavour slots, through the closed form of PHYSICS.md §4.2: the lepton-number-conserving
 * vector term as a pair with V_L = (cVL + cVR)/2, the lepton-number-violating scalar and tensor terms as pairs
 * with S_L = (cSL + cSR)/√2 and T_L = √2 cTL (the §4.3/§4.4 identical- and distinct-Majorana normalisations,
 * written for distinguishable Dirac states). LNC and LNV final states differ, so the three add without
 * interference. With m1 = m2 = 0 this is exactly the EOS rate (§4.4).
 */
public record SterileScenario() implements Scenario {
    static final double MASS_MAX = Math.sqrt(EosConstants.q2Max());
    static final List<ScenarioParameter> PARAMETERS = Scenario.withFormFactors(List.of(
            WetScenario.PARAMETERS.get(0), WetScenario.PARAMETERS.get(1), WetScenario.PARAMETERS.get(2),
            WetScenario.PARAMETERS.get(3), WetScenario.PARAMETERS.get(4),
            new ScenarioParameter("m1", 0, 0, MASS_MAX, "GeV", "mass of the first invisible fermion"),
            new ScenarioParameter("m2", 0, 0, MASS_MAX, "GeV", "mass of the second invisible fermion")));

    public String name() {
        return "sterile";
    }

    public String description() {
        return "WET operators with massive (Dirac sterile) neutrinos m1, m2 in the final state";
    }

    public String source() {
        return "Felkl, Giri, Mohanta, Schmidt arXiv:2309.02940 (closed form checked against EOS B->Plnu, B->Kll)";
    }

    public List<ScenarioParameter> parameters() {
        return PARAMETERS;
    }

    /**
     * Exact in the Wilson coefficients and the form-factor parameters (differentiated under the Gauss–Legendre
     * sum, {@link MassivePairRate}); numerical in the masses m1 and m2 ({@link RichardsonDerivative}, only where
     * {@code wanted}), which move the threshold together with the integrand.
     */
    @Override
    public BinIntegrals binIntegrals(double[] values, TrueBinning bins, boolean[] wanted) {
        Spectrum sp = spectrum(values);
        if (wanted == null) {
            return new BinIntegrals(bins.integrals(sp), new double[values.length][]);
        }
        double m1 = values[5];
        double m2 = values[6];
        double n2 = EosConstants.N2;
        double r2 = Math.sqrt(2);
        MassivePairRate v = new MassivePairRate(m1, m2, (values[0] + values[1]) / 2, 0, 0, 0, 0, 0, n2, 1);
        MassivePairRate s = new MassivePairRate(m1, m2, 0, 0, (values[2] + values[3]) / r2, 0, 0, 0, n2, 1);
        MassivePairRate t = new MassivePairRate(m1, m2, 0, 0, 0, 0, r2 * values[4], 0, n2, 1);
        FormFactorsBsz2015 ff = Scenario.formFactors(values);
        double k = 3 * EosConstants.TAU_B;
        double[] dv = new double[6];
        double[] ds = new double[6];
        double[] dt = new double[6];
        double[] df = new double[3];
        DifferentiableIntegrand f = (q2, g) -> {
            java.util.Arrays.fill(dv, 0);
            java.util.Arrays.fill(ds, 0);
            java.util.Arrays.fill(dt, 0);
            java.util.Arrays.fill(df, 0);
            double fp = ff.fPlus(q2);
            double f0 = ff.fZero(q2);
            double ft = ff.fTensor(q2);
            double r = v.dGammaDq2(q2, fp, f0, ft, dv, df) + s.dGammaDq2(q2, fp, f0, ft, ds, df)
                    + t.dGammaDq2(q2, fp, f0, ft, dt, df);
            g[0] = k * dv[0] / 2;
            g[1] = g[0];
            g[2] = k * ds[2] / r2;
            g[3] = g[2];
            g[4] = k * dt[4] * r2;
            df[0] *= k;
            df[1] *= k;
            df[2] *= k;
            FormFactorsBsz2015.chain(q2, df, g, 7);
            return k * r;
        };
        BinIntegrals b = DifferentiableIntegrand.integrate(f, sp, bins, values.length);
        double[][] d = b.derivatives();
        d[5] = null;
        d[6] = null;
        return new BinIntegrals(b.values(), numericalRows(d, values, bins, wanted));
    }

    public Spectrum spectrum(double[] values) {
        validate(values);
        double m1 = values[5];
        double m2 = values[6];
        if (m1 + m2 >= EosConstants.M_B - EosConstants.M_K) {
            throw org.kinvis.host.input.InputException.at("--set", "m1+m2=" + (m1 + m2),
                    "expected m1 + m2 < mB − mK = " + (EosConstants.M_B - EosConstants.M_K) + " GeV");
        }
        double cv = values[0] + values[1];
        double cs = values[2] + values[3];
        double ct = values[4];
        FormFactorsBsz2015 ff = Scenario.formFactors(values);
        double n2 = EosConstants.N2;
        MassivePairRate v = new MassivePairRate(m1, m2, cv / 2, 0, 0, 0, 0, 0, n2, 1);
        MassivePairRate s = new MassivePairRate(m1, m2, 0, 0, cs / Math.sqrt(2), 0, 0, 0, n2, 1);
        MassivePairRate t = new MassivePairRate(m1, m2, 0, 0, 0, 0, Math.sqrt(2) * ct, 0, n2, 1);
        double thr = (m1 + m2) * (m1 + m2);
        return new Spectrum() {
            public double dbrdq2(double q2) {
                return 3 * EosConstants.TAU_B * (v.dGammaDq2(ff, q2) + s.dGammaDq2(ff, q2) + t.dGammaDq2(ff, q2));
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
