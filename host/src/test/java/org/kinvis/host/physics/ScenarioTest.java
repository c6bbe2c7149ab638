package org.kinvis.host.physics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.kinvis.host.physics.PhysicsReferenceTest.after;
import static org.kinvis.host.physics.PhysicsReferenceTest.rel;

import java.io.IOException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kinvis.host.input.InputException;

/**
 * Massive pairs, two-body states and dark matter against physics-reference.txt §C–§E, plus the analytic limits
 * the issue asks for: massless limits equal the massless rate, thresholds vanish, a two-body spectrum integrates
 * to its BR.
 */
class ScenarioTest {
    static final double N2 = EosConstants.N2;

    @BeforeAll
    static void load() throws IOException {
        PhysicsReferenceTest.load();
    }

    static double br(MassivePairRate r) {
        FormFactorsBsz2015 ff = FormFactorsBsz2015.priorCentral();
        double lo = (r.m1() + r.m2()) * (r.m1() + r.m2());
        return GaussLegendre.integrate(q2 -> r.dGammaDq2(ff, q2), lo, EosConstants.q2Max(), 400) * EosConstants.TAU_B;
    }

    @Test
    void massivePairsMatchReference() {
        rel("Dirac nu nubar V_LL=1", br(new MassivePairRate(0, 0, 0.5, 0, 0, 0, 0, 0, N2, 1)),
                after("C_V,LL=1 (EOS slot) BR ="), 1e-7);
        rel("Dirac N Nbar m=0.5 V_LL=1", br(new MassivePairRate(0.5, 0.5, 0.5, 0, 0, 0, 0, 0, N2, 1)),
                after("m=0.5,0.5 C_V,LL=1           BR ="), 1e-7);
        rel("Dirac N Nbar m=1 V_LR=1", br(new MassivePairRate(1, 1, 0, 0.5, 0, 0, 0, 0, N2, 1)),
                after("m=1.0,1.0 C_V,LR=1           BR ="), 1e-7);
        rel("Majorana N N m=0.5 V_LR=1", br(new MassivePairRate(0.5, 0.5, 0, 0.5, 0, 0, 0, 0, N2, 1).majorana()),
                after("Majorana N N    m=0.5     C_V,LR=1           BR ="), 1e-7);
        rel("Dirac nu Nbar m=(0,1) S_RR=1", br(new MassivePairRate(0, 1, 0, 0, 0, 0.5, 0, 0, N2, 1)),
                after("m=0,1.0   C_S,RR=1           BR ="), 1e-7);
        rel("Majorana N N m=0.5 S_LL=1", br(new MassivePairRate(0.5, 0.5, 0, 0, 0.5, 0, 0, 0, N2, 1).majorana()),
                after("Majorana N N    m=0.5     C_S,LL=1           BR ="), 1e-7);
        rel("Dirac N Nbar m=0.5 T_L=1", br(new MassivePairRate(0.5, 0.5, 0, 0, 0, 0, 1, 0, N2, 1)),
                after("m=0.5,0.5 C_T,L=1            BR ="), 1e-7);
        rel("Dirac N1 N2bar mixed", br(new MassivePairRate(0.3, 0.8, 0.5, 0.5, 0.5, 0, 0.5, 0, N2, 1)),
                after("VL=VR=SL=TL=1/2    BR ="), 1e-7);
    }

    @Test
    void darkMatterMatchesReference() {
        double[] v = new DarkFermionScenario().defaults(); // m = 0.6, Λ = 10 TeV, cv = 1
        rel("chi vector Dirac", new DarkFermionScenario().spectrum(v).branchingRatio(),
                after("VL=VR=1    Dirac BR ="), 1e-7);
        v[6] = 1;
        assertThat(new DarkFermionScenario().spectrum(v).branchingRatio()).isZero();
        v[2] = 0;
        v[3] = 1;
        rel("chi axial Majorana", new DarkFermionScenario().spectrum(v).branchingRatio(),
                after("VR=1,VL=-1 Dirac BR = 1.0377862107e-05   Majorana(same operator) BR ="), 1e-7);
        double[] s = new DarkScalarScenario().defaults();
        s[0] = 1.0;
        s[1] = 1.0;
        rel("real phi m=1", new DarkScalarScenario().spectrum(s).branchingRatio(),
                after("m_phi=1.0: BR real(sbar b)phi^2 ="), 1e-7);
        s[4] = 1;
        // physics-reference.txt §E, m_phi = 1.0 row: complex (s̄b)|φ|² and complex vector g_V = 1 GeV⁻²
        rel("complex phi m=1", new DarkScalarScenario().spectrum(s).branchingRatio(),
                after("m_phi=1.0: BR real(sbar b)phi^2 = 9.1797964435e+09   complex(sbar b)|phi|^2 ="), 1e-7);
        s[1] = 0;
        s[3] = 1;
        rel("complex phi vector m=1", new DarkScalarScenario().spectrum(s).branchingRatio(),
                after("m_phi=1.0: BR real(sbar b)phi^2 = 9.1797964435e+09   complex(sbar b)|phi|^2 = 4.5898982217e+09   complex vector gV=1 GeV^-2:"), 1e-7);
        // the pseudoscalar current gives no B → K rate
        double[] p = new DarkScalarScenario().defaults();
        p[1] = 0;
        p[2] = 1;
        assertThat(new DarkScalarScenario().spectrum(p).branchingRatio()).isZero();
    }

    @Test
    void sterileMasslessLimitIsTheWetRate() {
        double[] w = new WetScenario().defaults();
        w[0] = 3.1;
        w[2] = 2.2;
        w[4] = 1.7;
        Spectrum wet = new WetScenario().spectrum(w);
        double[] st = new double[new SterileScenario().parameters().size()];
        System.arraycopy(w, 0, st, 0, 5);
        System.arraycopy(w, 5, st, 7, 8);
        st[5] = 1e-9;
        st[6] = 1e-9;
        Spectrum sterile = new SterileScenario().spectrum(st);
        for (double q2 : new double[] {0.5, 5, 15, 22}) {
            rel("sterile m→0 at " + q2, sterile.dbrdq2(q2), wet.dbrdq2(q2), 1e-9);
        }
        // thresholds: zero at and below (m1 + m2)², positive above
        st[5] = 0.7;
        st[6] = 0.4;
        Spectrum massive = new SterileScenario().spectrum(st);
        assertThat(massive.dbrdq2(1.21)).isZero();
        assertThat(massive.dbrdq2(1.0)).isZero();
        assertThat(massive.dbrdq2(1.2101)).isPositive();
        assertThat(massive.dbrdq2(1.2101)).isLessThan(massive.dbrdq2(3));
        assertThat(massive.branchingRatio()).isLessThan(wet.branchingRatio());
    }

    @Test
    void twoBodyRatesWidthAndEscape() {
        // the reference is for unit couplings; BR ∝ coupling², and couplings are bounded by 1e-6
        TwoBodyScenario scalar = new TwoBodyScenario(TwoBodyScenario.Kind.SCALAR);
        double[] v = scalar.defaults();
        v[1] = 1e-6;
        rel("scalar BR g=1, m=2", scalar.spectrum(v).branchingRatio() * 1e12, after("scalar  g_S = 1           : Gamma = 2.0227628472e-02 GeV   BR ="), 1e-8);
        TwoBodyScenario vector = new TwoBodyScenario(TwoBodyScenario.Kind.VECTOR);
        rel("vector BR g=1, m=2", vector.spectrum(v).branchingRatio() * 1e12, after("vector  g_V = 1           : Gamma = 7.8927186488e-02 GeV   BR ="), 1e-8);
        TwoBodyScenario alp = new TwoBodyScenario(TwoBodyScenario.Kind.ALP);
        rel("ALP BR, m=2", alp.spectrum(v).branchingRatio() * 1e12, after("ALP     C_V/f_a = 1 GeV^-1: Gamma = 8.4603712442e-02 GeV   BR ="), 1e-8);
        // ALP = scalar with g_S = C_V (m_b − m_s)/(2 f_a)
        double[] a = v.clone();
        a[1] = 1e-7;
        double[] s = v.clone();
        s[1] = 1e-7 * EosConstants.M_B_MINUS_M_S / 2;
        rel("ALP = scalar", alp.spectrum(a).branchingRatio(), scalar.spectrum(s).branchingRatio(), 1e-12);
        // narrow: all in the bin containing m² = 4; Breit–Wigner normalised: the bins sum to the BR
        TrueBinning bins = TrueBinning.belle2();
        double[] narrow = bins.integrals(scalar.spectrum(v));
        double total = 0;
        for (int i = 0; i < narrow.length; i++) {
            total += narrow[i];
            if (narrow[i] > 0) {
                assertThat(bins.lo()[i]).isLessThanOrEqualTo(4);
                assertThat(bins.hi()[i]).isGreaterThan(4);
            }
        }
        rel("narrow sum", total, scalar.spectrum(v).branchingRatio(), 1e-12);
        v[2] = 0.1;
        double[] bw = bins.integrals(scalar.spectrum(v));
        double sum = 0;
        for (double b : bw) {
            sum += b;
        }
        rel("BW bins sum to BR", sum, scalar.spectrum(v).branchingRatio(0, TrueBinning.CUTOFF), 1e-12);
        rel("BW bins sum to the full BR", sum, scalar.spectrum(v).branchingRatio(), 1e-5);
        // a visible decay with cτ = 1 m, L = 3 m: P_inv = P_esc
        v[2] = 0;
        v[3] = 0;
        v[4] = 1;
        double[] v1 = v.clone();
        v1[3] = 1;
        rel("P_esc(ctau = 1 m)", scalar.spectrum(v).branchingRatio() / scalar.spectrum(v1).branchingRatio(),
                after("c tau =    1.0 m -> beta gamma = 1.114962, P ="), 1e-8);
    }

    /** Flavour-universal coefficients reproduce EOS: C_V = cV·𝟙, C_S = cS·𝟙, ct_ab = cT/√2 on each pair (§3.4). */
    @Test
    void flavourResolvedWetReducesToEos() {
        double[] w = new WetScenario().defaults();
        w[0] = 4.1;
        w[2] = 2.5;
        w[4] = 1.3;
        WetFlavourScenario fs = new WetFlavourScenario();
        double[] f = fs.defaults();
        for (int a = 0; a < 3; a++) {
            f[fs.indexOf("cv_" + WetFlavourScenario.F[a] + WetFlavourScenario.F[a])] = 4.1;
            f[fs.indexOf("cs_" + WetFlavourScenario.F[a] + WetFlavourScenario.F[a])] = 2.5;
        }
        for (String pair : new String[] {"ct_em", "ct_et", "ct_mt"}) {
            f[fs.indexOf(pair)] = 1.3 / Math.sqrt(2);
        }
        Spectrum eos = new WetScenario().spectrum(w);
        Spectrum flav = fs.spectrum(f);
        for (double q2 : new double[] {1, 7, 19}) {
            rel("flavour-resolved at " + q2, flav.dbrdq2(q2), eos.dbrdq2(q2), 1e-13);
        }
        // an off-diagonal (LFV) vector coefficient adds |C|² once, a diagonal one too
        double[] g = new double[f.length];
        System.arraycopy(f, f.length - 8, g, g.length - 8, 8);
        g[fs.indexOf("cv_em")] = 1;
        double[] h = g.clone();
        h[fs.indexOf("cv_em")] = 0;
        h[fs.indexOf("cv_tt")] = 1;
        rel("LFV = LFC per pair", fs.spectrum(g).branchingRatio(), fs.spectrum(h).branchingRatio(), 1e-14);
    }

    @Test
    void outOfRangeValuesAreInputErrors() {
        double[] v = new SterileScenario().defaults();
        v[5] = 2.5;
        v[6] = 2.5;
        assertThatThrownBy(() -> new SterileScenario().spectrum(v)).isInstanceOf(InputException.class)
                .hasMessageContaining("m1 + m2");
        double[] t = new TwoBodyScenario(TwoBodyScenario.Kind.VECTOR).defaults();
        t[0] = 5;
        assertThatThrownBy(() -> new TwoBodyScenario(TwoBodyScenario.Kind.VECTOR).spectrum(t))
                .isInstanceOf(InputException.class).hasMessageContaining("mass");
        assertThatThrownBy(() -> Scenario.byName("axion")).isInstanceOf(InputException.class)
                .hasMessageContaining("unknown scenario");
    }
}
