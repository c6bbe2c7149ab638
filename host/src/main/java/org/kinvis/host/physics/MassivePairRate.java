package org.kinvis.host.physics;

/**
 * dΓ/dq² of B → K f₁ f̄₂ for massive invisible fermions with vector, scalar and tensor couplings and all their
 * interferences: the closed form of PHYSICS.md §4.2 (derived there, checked against EOS B → Pℓν and B → Kℓℓ and
 * an explicit spinor sum), real couplings. {@code statistics} is ½ for identical fermions (after the Majorana
 * vertex rule of §4.3 has been applied to the couplings) and 1 otherwise; {@code n2} the squared normalisation.
 */
public record MassivePairRate(double m1, double m2, double vl, double vr, double sl, double sr, double tl,
        double tr, double n2, double statistics) {

    /** Zero at and below threshold (m1 + m2)² and above (mB − mK)². */
    public double dGammaDq2(FormFactorsBsz2015 ff, double q2) {
        return dGammaDq2(q2, ff.fPlus(q2), ff.fZero(q2), ff.fTensor(q2), null, null);
    }

    /**
     * dΓ/dq² at q² for given form-factor values, and its exact derivatives: with
     * {@code <|M/N|²> = f+² P + f0² Z + fT² T + f+ fT X} (H_S = Δ f0/(m_b − m_s), κ = fT/(mB + mK); P, Z, T, X
     * quadratic in the couplings, PHYSICS.md §4.2 regrouped), ∂/∂(V_L, V_R, S_L, S_R, T_L, T_R) is added into
     * {@code dCouplings[0..5]} and ∂/∂(f+, f0, fT) into {@code dFormFactors[0..2]}, where those are not null.
     */
    public double dGammaDq2(double q2, double fp, double f0, double ft, double[] dCouplings, double[] dFormFactors) {
        double mb = EosConstants.M_B;
        double mk = EosConstants.M_K;
        double thr = (m1 + m2) * (m1 + m2);
        if (q2 <= thr || q2 >= EosConstants.q2Max() || q2 <= 0) {
            return 0;
        }
        double lamB = EosConstants.lambdaB(q2);
        double lamF = Kinematics.lambda(q2, m1 * m1, m2 * m2);
        if (lamB <= 0 || lamF <= 0) {
            return 0;
        }
        double sig = m1 * m1 + m2 * m2;
        double del = m1 * m1 - m2 * m2;
        double delta = mb * mb - mk * mk;
        double hsc = delta / EosConstants.M_B_MINUS_M_S;
        double kp = 1 / (mb + mk);
        double mm = m1 * m2;
        double q4 = q2 * q2;
        // coefficients of f+² (a), f0² (b), fT² (t) and f+ fT (x)
        double a1 = lamB * (2 * q4 - q2 * sig - del * del) / (3 * q4);
        double a2 = 4 * mm * lamB / q2;
        double b1 = delta * delta * (q2 * sig - del * del) / q4;
        double b2 = -4 * mm * delta * delta / q2;
        double b3 = hsc * hsc * (q2 - sig);
        double b4 = -4 * mm * hsc * hsc;
        double b5 = 2 * delta * hsc * m1 * (q2 - del) / q2;
        double b6 = -2 * delta * hsc * m2 * (q2 + del) / q2;
        double t1 = 4 * lamB * kp * kp * (q4 + q2 * sig - 2 * del * del) / (3 * q2);
        double t2 = 16 * lamB * kp * kp * mm;
        double x1 = 4 * lamB * kp * m1 * (q2 - del) / q2;
        double x2 = 4 * lamB * kp * m2 * (q2 + del) / q2;
        double vv = vl * vl + vr * vr;
        double p = a1 * vv + a2 * vl * vr;
        double z = b1 * vv + b2 * vl * vr + b3 * (sl * sl + sr * sr) + b4 * sl * sr + b5 * (vl * sl + vr * sr)
                + b6 * (vl * sr + vr * sl);
        double t = t1 * (tl * tl + tr * tr) + t2 * tl * tr;
        double x = x1 * (vl * tl + vr * tr) + x2 * (vl * tr + vr * tl);
        double amp = fp * fp * p + f0 * f0 * z + ft * ft * t + fp * ft * x;
        double k = statistics * n2 * Math.sqrt(lamB) * Math.sqrt(lamF) / (256 * Math.pow(Math.PI, 3) * mb * mb * mb * q2);
        if (dCouplings != null) {
            double pp = fp * fp;
            double zz = f0 * f0;
            double tt = ft * ft;
            double pt = fp * ft;
            dCouplings[0] += k * (pp * (2 * a1 * vl + a2 * vr) + zz * (2 * b1 * vl + b2 * vr + b5 * sl + b6 * sr)
                    + pt * (x1 * tl + x2 * tr));
            dCouplings[1] += k * (pp * (2 * a1 * vr + a2 * vl) + zz * (2 * b1 * vr + b2 * vl + b5 * sr + b6 * sl)
                    + pt * (x1 * tr + x2 * tl));
            dCouplings[2] += k * zz * (2 * b3 * sl + b4 * sr + b5 * vl + b6 * vr);
            dCouplings[3] += k * zz * (2 * b3 * sr + b4 * sl + b5 * vr + b6 * vl);
            dCouplings[4] += k * (tt * (2 * t1 * tl + t2 * tr) + pt * (x1 * vl + x2 * vr));
            dCouplings[5] += k * (tt * (2 * t1 * tr + t2 * tl) + pt * (x1 * vr + x2 * vl));
        }
        if (dFormFactors != null) {
            dFormFactors[0] += k * (2 * fp * p + ft * x);
            dFormFactors[1] += k * 2 * f0 * z;
            dFormFactors[2] += k * (2 * ft * t + fp * x);
        }
        return k * amp;
    }

    /** The same pair as identical Majorana fermions (m1 = m2): V_L → V_L − V_R, V_R → V_R − V_L, S → 2S, T → 0, ½. */
    public MassivePairRate majorana() {
        return new MassivePairRate(m1, m2, vl - vr, vr - vl, 2 * sl, 2 * sr, 0, 0, n2, 0.5);
    }
}
