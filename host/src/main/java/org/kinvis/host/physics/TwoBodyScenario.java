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
        return "Martin Camalich et al. arXiv:2002.04623; Altmannshofer et al. arXiv:2311.14629;"
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
        double[] c = phaseSpace(kind, m * m);
        double f = ff.value(formFactor(kind), m * m);
        return g * g * c[0] * f * f;
    }

    /** The form factor of the rate: f0 for the scalar and the ALP, f+ for the vector. */
    private static int formFactor(Kind kind) {
        return kind == Kind.VECTOR ? 0 : 1;
    }

    /**
     * Γ(B → K X) at unit coupling is {@code C(m²) F(m²)²}; this is {@code (C, dC/dm²)}: scalar
     * {@code H_S²/f0² √λ/(16π mB³)}, ALP {@code mB³(1 − r)²/(64π) λ^½(1, r, m²/mB²)}, vector
     * {@code λ^{3/2}/(16π mB³ m²)} (λ clipped at 0 above the endpoint).
     */
    static double[] phaseSpace(Kind kind, double m2) {
        double mb = EosConstants.M_B;
        double mk = EosConstants.M_K;
        double mb3 = mb * mb * mb;
        double lam = Math.max(EosConstants.lambdaB(m2), 0);
        double lamPrime = lam > 0 ? 2 * (m2 - mb * mb - mk * mk) : 0;
        double root = Math.sqrt(lam);
        return switch (kind) {
            case SCALAR -> {
                double hs = (mb * mb - mk * mk) / EosConstants.M_B_MINUS_M_S;
                double k = hs * hs / (16 * Math.PI * mb3);
                yield new double[] {k * root, lam > 0 ? k * lamPrime / (2 * root) : 0};
            }
            case ALP -> {
                double r = mk * mk / (mb * mb);
                double k = mb3 * (1 - r) * (1 - r) / (64 * Math.PI);
                double x = m2 / (mb * mb);
                double lx = Math.max(Kinematics.lambda(1, r, x), 0);
                yield new double[] {k * Math.sqrt(lx), lx > 0 ? k * (x - r - 1) / (mb * mb * Math.sqrt(lx)) : 0};
            }
            case VECTOR -> {
                double k = 1 / (16 * Math.PI * mb3);
                yield new double[] {k * lam * root / m2, k * (1.5 * root * lamPrime * m2 - lam * root) / (m2 * m2)};
            }
        };
    }

    /**
     * {@code m·Γ_X} (GeV²) below which the Breit–Wigner is a δ: its bin integrals are then those of the δ to double
     * precision. This includes m = 0 at any width, the limit m → 0 of the normalised Breit–Wigner: all of it in the
     * first true bin (issue 13: m = 0 used to give 0/0 and a silently wrong likelihood).
     */
    static final double NARROW = 1e-150;

    /**
     * The shape of the spectrum in q² and its derivatives: {@code T(c) = atan((c − m²)/(m Γ))}, so that the
     * fraction in [lo, hi] is {@code (T(hi) − T(lo))/(T(q²max) − T(0))}, and dT/dm, dT/dΓ along m and Γ. A narrow
     * state takes the limits m Γ → 0: T = ±π/2 either side of m², and 0 at c = m² (a δ on a bin edge is shared
     * half and half; at m = 0 the half below q² = 0 is cut off, so all of it is in the first bin).
     */
    private record BreitWigner(double m, double gamma, boolean narrow) {
        static BreitWigner of(double m, double gamma) {
            return new BreitWigner(m, gamma, !(m * gamma > NARROW));
        }

        double t(double c) {
            double d = c - m * m;
            return narrow ? Math.signum(d) * Math.PI / 2 : Math.atan(d / (m * gamma));
        }

        /** dT/dm = −(m² + c) Γ / (m²Γ² + (c − m²)²); at c = 0, −Γ/(Γ² + m²) (also the limit m → 0). */
        double dm(double c) {
            if (c == 0) {
                return gamma > 0 ? -gamma / (gamma * gamma + m * m) : 0;
            }
            double d = c - m * m;
            double den = m * m * gamma * gamma + d * d;
            return den > 0 ? -(m * m + c) * gamma / den : 0;
        }

        /** dT/dΓ = −m (c − m²) / (m²Γ² + (c − m²)²); its limit Γ → 0 is −m/(c − m²). */
        double dGamma(double c) {
            double d = c - m * m;
            double den = m * m * gamma * gamma + d * d;
            return den > 0 ? -m * d / den : 0;
        }
    }

    /**
     * The seen branching ratio {@code BR(B→KX) P_inv} and its derivatives with respect to the 6 physics parameters
     * and the 8 form-factor parameters (entries 0 … 13, the scenario's order), in closed form.
     */
    private double seen(double[] values, FormFactorsBsz2015 ff, double[] grad) {
        double m = values[0];
        double g = values[1];
        double brInv = values[3];
        double ctau = values[4];
        double length = values[5];
        double m2 = m * m;
        int f = formFactor(kind);
        double[] c = phaseSpace(kind, m2);
        double fv = ff.value(f, m2);
        double gamma1 = c[0] * fv * fv;
        double dGamma1dm = 2 * m * (c[1] * fv * fv + c[0] * 2 * fv * ff.derivative(f, m2));
        double tau = EosConstants.TAU_B;
        double mb = EosConstants.M_B;
        double lam = Math.max(EosConstants.lambdaB(m2), 0);
        double px = Math.sqrt(lam) / (2 * mb);
        double pEsc = px > 0 ? Math.exp(-length * m / (px * ctau)) : 0;
        double pInv = brInv + (1 - brInv) * pEsc;
        double seen = g * g * gamma1 * tau * pInv;
        if (grad != null) {
            double dpx = lam > 0 ? 2 * (m2 - mb * mb - EosConstants.M_K * EosConstants.M_K) * m / (2 * mb * Math.sqrt(lam))
                    : 0;
            double dEscDm = px > 0 ? -pEsc * length / ctau * (px - m * dpx) / (px * px) : 0;
            double dEscDl = px > 0 ? -pEsc * m / (px * ctau) : 0;
            double dEscDc = px > 0 ? pEsc * length * m / (px * ctau * ctau) : 0;
            double k = g * g * tau;
            grad[0] = k * (dGamma1dm * pInv + gamma1 * (1 - brInv) * dEscDm);
            grad[1] = 2 * g * gamma1 * tau * pInv;
            grad[2] = 0;
            grad[3] = k * gamma1 * (1 - pEsc);
            grad[4] = k * gamma1 * (1 - brInv) * dEscDc;
            grad[5] = k * gamma1 * (1 - brInv) * dEscDl;
            double[] b = new double[3];
            FormFactorsBsz2015.basis(f, m2, b, 0);
            int[] idx = FormFactorsBsz2015.ALPHA_INDEX[f];
            for (int t = 0; t < 3; t++) {
                grad[6 + idx[t]] += k * pInv * c[0] * 2 * fv * b[t];
            }
        }
        return seen;
    }

    private void checkMass(double m) {
        if (m * m >= EosConstants.q2Max()) {
            throw InputException.at("--set", "mass=" + m, "expected m_X < mB − mK = " + M_MAX + " GeV");
        }
    }

    /**
     * Exact: the bin integrals {@code BR P_inv (T(hi) − T(lo))/(T(q²max) − T(0))} are differentiated in closed form
     * in every parameter (mass through the rate, the escape probability and the Breit–Wigner; width; coupling;
     * br_inv, ctau, detector_length; form factors). For a narrow state the mass derivative is that of the rate
     * (the δ's jump between bins is not differentiable), and the width derivative is its one-sided limit Γ → 0⁺.
     */
    @Override
    public BinIntegrals binIntegrals(double[] values, TrueBinning bins, boolean[] wanted) {
        validate(values);
        checkMass(values[0]);
        FormFactorsBsz2015 ff = Scenario.formFactors(values);
        int np = values.length;
        double[] gs = wanted == null ? null : new double[np];
        double seen = seen(values, ff, gs);
        BreitWigner bw = BreitWigner.of(values[0], values[2]);
        double q2max = EosConstants.q2Max();
        double norm = bw.t(q2max) - bw.t(0);
        double normDm = bw.dm(q2max) - bw.dm(0);
        double normDg = bw.dGamma(q2max) - bw.dGamma(0);
        int nb = bins.size();
        double[] out = new double[nb];
        double[][] d = wanted == null ? new double[np][] : new double[np][nb];
        for (int i = 0; i < nb; i++) {
            double lo = Math.max(bins.lo()[i], 0);
            double hi = Math.min(bins.hi()[i], q2max);
            if (!(hi > lo)) {
                continue;
            }
            double part = bw.t(hi) - bw.t(lo);
            double r = part / norm;
            out[i] = seen * r;
            if (gs != null) {
                double rDm = ((bw.dm(hi) - bw.dm(lo)) * norm - part * normDm) / (norm * norm);
                double rDg = ((bw.dGamma(hi) - bw.dGamma(lo)) * norm - part * normDg) / (norm * norm);
                for (int j = 0; j < np; j++) {
                    d[j][i] = gs[j] * r;
                }
                d[0][i] += seen * rDm;
                d[2][i] += seen * rDg;
            }
        }
        return new BinIntegrals(out, d);
    }

    public Spectrum spectrum(double[] values) {
        validate(values);
        double m = values[0];
        checkMass(m);
        double seen = seen(values, Scenario.formFactors(values), null);
        double q2max = EosConstants.q2Max();
        BreitWigner bw = BreitWigner.of(m, values[2]);
        double norm = bw.t(q2max) - bw.t(0);
        double mg = m * values[2];
        return new Spectrum() {
            public double dbrdq2(double q2) {
                if (bw.narrow() || q2 < 0 || q2 >= q2max) {
                    return 0;
                }
                double d = q2 - m * m;
                return seen * mg / (d * d + mg * mg) / norm;
            }

            public double integral(double a, double b) {
                double lo = Math.max(a, 0);
                double hi = Math.min(b, q2max);
                return hi > lo ? seen * (bw.t(hi) - bw.t(lo)) / norm : 0;
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
