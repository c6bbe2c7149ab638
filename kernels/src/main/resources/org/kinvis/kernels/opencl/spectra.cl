// kinvis: true-q² bin integrals of physics spectra, one work-item per (point, bin), Gauss–Legendre nodes per bin.
// The host passes every constant (masses, poles, normalisations) in c[]; the formulas are those of PHYSICS.md.
#ifdef KINVIS_FP64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
typedef double real;
#else
typedef float real;
#endif

inline real kallen(real a, real b, real x) {
    return a * a + b * b + x * x - 2 * a * b - 2 * b * x - 2 * a * x;
}

// BSZ2015 series F = [a0 + a1 dz + a2 dz²]/(1 − q²/m_R²) with dz = z(q²) − z(0) (EOS parametric-bsz2015).
inline real bsz(real q2, real a0, real a1, real a2, real pole, __global const real* c) {
    real tp = c[9];
    real t0 = c[10];
    real sa = sqrt(tp - q2);
    real sb = sqrt(tp - t0);
    real dz = (sa - sb) / (sa + sb) - c[11];
    return (a0 + a1 * dz + a2 * dz * dz) / (1 - q2 / (pole * pole));
}

// WET in the EOS convention (PHYSICS.md §3.2): p = (cV, cS, cT, α0..α7);
// c = {mB, mK, q2max, 3·τ·[(4G_Fα_e/2π)²/2]|λ_t|²/(4π)³, m_b − m_s, -, -, pole f+/fT, pole f0, t+, t0, z(0)}.
inline real wet_dbr(real q2, __global const real* p, __global const real* c) {
    real mb = c[0];
    real mk = c[1];
    if (q2 < 0 || q2 >= c[2]) return 0;
    real lam = kallen(mb * mb, mk * mk, q2);
    real norm = c[3] * sqrt(lam) / (mb * mb * mb);
    real fp = bsz(q2, p[3], p[4], p[5], c[7], c);
    real f0 = bsz(q2, p[3], p[6], p[7], c[8], c);
    real ft = bsz(q2, p[8], p[9], p[10], c[7], c);
    real h = (mb * mb - mk * mk) / c[4];
    real v = lam / 24 * fp * fp;
    real s = q2 * h * h / 8 * f0 * f0;
    real t = q2 * (real) (2.0 / 3.0) * lam / ((mb + mk) * (mb + mk)) * ft * ft;
    return norm * (p[0] * p[0] * v + p[1] * p[1] * s + p[2] * p[2] * t);
}

__kernel void wet_bins(const int count, const int npar, __global const real* pars, const int nb,
        __global const real* lo, __global const real* hi, const int nodes, __global const real* gx,
        __global const real* gw, __global const real* c, __global real* out) {
    const int id = get_global_id(0);
    if (id >= count * nb) return;
    const int p = id / nb;
    const int b = id % nb;
    __global const real* pp = pars + (long) p * npar;
    real a = fmax(lo[b], (real) 0);
    real e = fmin(hi[b], c[2]);
    real sum = 0;
    if (e > a) {
        real hw = (real) 0.5 * (e - a);
        real mid = (real) 0.5 * (e + a);
        for (int i = 0; i < nodes; i++) sum += gw[i] * wet_dbr(mid + hw * gx[i], pp, c);
        sum *= hw;
    }
    out[id] = sum;
}
