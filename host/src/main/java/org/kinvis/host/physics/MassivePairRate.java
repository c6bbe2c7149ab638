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
        double fp = ff.fPlus(q2);
        double f0 = ff.fZero(q2);
        double hs = EosConstants.scalarMatrixElement(ff, q2);
        double kappa = ff.fTensor(q2) / (mb + mk);
        double mm = m1 * m2;
        double amp = (vl * vl + vr * vr) * (lamB * fp * fp * (2 * q2 * q2 - q2 * sig - del * del)
                + 3 * delta * delta * f0 * f0 * (q2 * sig - del * del)) / (3 * q2 * q2)
                + vl * vr * 4 * mm * (lamB * fp * fp - delta * delta * f0 * f0) / q2
                + (sl * sl + sr * sr) * hs * hs * (q2 - sig) - 4 * mm * hs * hs * sl * sr
                + (tl * tl + tr * tr) * 4 * lamB * kappa * kappa * (q2 * q2 + q2 * sig - 2 * del * del) / (3 * q2)
                + 16 * lamB * kappa * kappa * mm * tl * tr
                + (2 * delta * f0 * hs / q2) * (m1 * (q2 - del) * (vl * sl + vr * sr) - m2 * (q2 + del) * (vl * sr + vr * sl))
                + (4 * lamB * kappa * fp / q2) * (m1 * (q2 - del) * (vl * tl + vr * tr) + m2 * (q2 + del) * (vl * tr + vr * tl));
        return statistics * n2 * amp * Math.sqrt(lamB) * Math.sqrt(lamF) / (256 * Math.pow(Math.PI, 3) * mb * mb * mb * q2);
    }

    /** The same pair as identical Majorana fermions (m1 = m2): V_L → V_L − V_R, V_R → V_R − V_L, S → 2S, T → 0, ½. */
    public MassivePairRate majorana() {
        return new MassivePairRate(m1, m2, vl - vr, vr - vl, 2 * sl, 2 * sr, 0, 0, n2, 0.5);
    }
}
