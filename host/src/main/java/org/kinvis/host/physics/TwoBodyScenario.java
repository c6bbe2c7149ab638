package org.kinvis.host.physics;

import java.util.List;
import org.kinvis.host.input.InputException;

/**
 * Two-body B → K X with X invisible (PHYSICS.md §6): a scalar S (Γ = |g_S|² H_S(m²)² √λ/(16π mB³)), an
 * axion-like particle with derivative coupling (Γ = mB³|C_V/f_a|²/(64π) (1 − mK²/mB²)² f0(m²)² λ^½(1, mK²/mB²,
 * m²/mB²); Martin Camalich et al. arXiv:2002.04623) or a vector / Z′ / dark photon (Γ = |g_V|² f+(m²)² λ^{3/2}/
 * (16π mB³ m²)). BR = Γ τ_B with EOS constants. The spectrum is a δ at q² = m² (width 0), or a Breit–Wigner in
 * q² normalised on [0, q²max] (arXiv:2602.09666) whose bin integrals are analytic. Only the invisible share
 * {@code P_inv = BR(X→inv) + (1 − BR(X→inv)) exp(−L m/(|p_X| cτ))} is seen.
 */
public record TwoBodyScenario(Kind kind) implements Scenario {
    /** The three spin/coupling structures. */
    public enum Kind { SCALAR, ALP, VECTOR }

    static final double M_MAX = EosConstants.M_B - EosConstants.M_K;

    public String name() {
        return switch (kind) {
            case SCALAR -> "scalar";
            case ALP -> "alp";
            case VECTOR -> "vector";
        };
    }

    public String description() {
        return switch (kind) {
            case SCALAR -> "two-body B -> K S, invisible scalar S (f0)";
            case ALP -> "two-body B -> K a, axion-like particle with derivative coupling (f0)";
            case VECTOR -> "two-body B -> K X, invisible vector / Z' / dark photon (f+)";
        };
    }

    public String source() {
        return "PHYSICS.md §6; Martin Camalich et al. arXiv:2002.04623; Altmannshofer et al. arXiv:2311.14629;"
                + " Breit-Wigner of arXiv:2602.09666";
    }

    public List<ScenarioParameter> parameters() {
        String coupling = switch (kind) {
            case SCALAR -> "gs";
            case ALP -> "cv_over_fa";
            case VECTOR -> "gv";
        };
        String unit = kind == Kind.ALP ? "1/GeV" : "";
        return Scenario.withFormFactors(List.of(
                new ScenarioParameter("mass", 2.0, kind == Kind.VECTOR ? 1e-3 : 0, M_MAX - 1e-9, "GeV", "mass of X"),
                new ScenarioParameter(coupling, 1e-8, 0, 1e-6, unit, "coupling of X to s̄b (BR ∝ coupling²; 1e-8 gives ~1e-5)"),
                new ScenarioParameter("width", 0, 0, 2, "GeV", "total width of X (0: narrow)"),
                new ScenarioParameter("br_inv", 1, 0, 1, "", "BR(X → invisible)"),
                new ScenarioParameter("ctau", 1e9, 1e-6, 1e12, "m", "proper decay length of X"),
                new ScenarioParameter("detector_length", 3, 0, 100, "m", "distance X must fly to escape")));
    }

    /** Γ(B → K X) in GeV. */
    static double width(Kind kind, FormFactorsBsz2015 ff, double m, double g) {
        double mb = EosConstants.M_B;
        double mk = EosConstants.M_K;
        double m2 = m * m;
        double lam = Math.max(EosConstants.lambdaB(m2), 0);
        return switch (kind) {
            case SCALAR -> {
                double hs = EosConstants.scalarMatrixElement(ff, m2);
                yield g * g * hs * hs * Math.sqrt(lam) / (16 * Math.PI * mb * mb * mb);
            }
            case ALP -> {
                double r = mk * mk / (mb * mb);
                double f0 = ff.fZero(m2);
                yield mb * mb * mb * g * g / (64 * Math.PI) * (1 - r) * (1 - r) * f0 * f0
                        * Math.sqrt(Math.max(Kinematics.lambda(1, r, m2 / (mb * mb)), 0));
            }
            case VECTOR -> {
                double fp = ff.fPlus(m2);
                yield g * g * fp * fp * Math.pow(lam, 1.5) / (16 * Math.PI * mb * mb * mb * m2);
            }
        };
    }

    public Spectrum spectrum(double[] values) {
        validate(values);
        double m = values[0];
        double g = values[1];
        double gammaX = values[2];
        double brInv = values[3];
        double ctau = values[4];
        double length = values[5];
        FormFactorsBsz2015 ff = Scenario.formFactors(values);
        double q2max = EosConstants.q2Max();
        if (m * m >= q2max) {
            throw InputException.at("--set", "mass=" + m, "expected m_X < mB − mK = " + M_MAX + " GeV");
        }
        double br = width(kind, ff, m, g) * EosConstants.TAU_B;
        double px = Kinematics.momentum(EosConstants.M_B, EosConstants.M_K * EosConstants.M_K, m * m);
        double pEsc = px > 0 ? Math.exp(-length * m / (px * ctau)) : 0;
        double pInv = brInv + (1 - brInv) * pEsc;
        double seen = br * pInv;
        double mg = m * gammaX;
        double norm = gammaX > 0 ? (Math.atan((q2max - m * m) / mg) - Math.atan(-m * m / mg)) / Math.PI : 1;
        return new Spectrum() {
            public double dbrdq2(double q2) {
                if (gammaX == 0 || q2 < 0 || q2 >= q2max) {
                    return 0;
                }
                double d = q2 - m * m;
                return seen * mg / Math.PI / (d * d + mg * mg) / norm;
            }

            public double integral(double a, double b) {
                double lo = Math.max(a, 0);
                double hi = Math.min(b, q2max);
                if (!(hi > lo)) {
                    return 0;
                }
                if (gammaX == 0) {
                    return m * m >= lo && m * m < hi ? seen : 0;
                }
                return seen * (Math.atan((hi - m * m) / mg) - Math.atan((lo - m * m) / mg)) / Math.PI / norm;
            }

            public double branchingRatio(double a, double b) {
                return integral(a, b);
            }

            public double q2Min() {
                return 0;
            }

            public double q2Max() {
                return q2max;
            }
        };
    }
}
