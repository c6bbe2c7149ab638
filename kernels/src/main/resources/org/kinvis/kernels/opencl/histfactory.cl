// kinvis: batched HistFactory log-likelihood, one work-group per parameter point.
// Build options: -D KINVIS_FP64 (else float), -D HISTO_CODE=0|2|5 (code0, code2, code4p), -D NORM_CODE=1|4.
// The device returns the parameter-dependent parts of the main and constraint terms; the host adds the
// constants (Stirling parts, Gaussian normalisation) in float64. Every Poisson term, main bin or constraint, in
// the cancellation-free form of PoissonTerm.java (Loader 2000):
//   n·log(λ/n) + (n − λ) = −bd0(n, λ)   [+ S(n) = n·log n − n − lgamma(n+1) on the host] = n·log λ − λ − lgamma(n+1),
// with bd0 from its series in v = (n − λ)/(n + λ) near λ = n, and n − λ of a constraint λ = x·f as fma(−x, f, n).
#ifdef KINVIS_FP64
#pragma OPENCL EXTENSION cl_khr_fp64 : enable
typedef double real;
#else
typedef float real;
#endif

#define CODE0 0
#define CODE1 1
#define CODE2 2
#define CODE4 4
#define CODE4P 5

// Every histosys code is δ = c1(α)·S + c2(α)·A with S = (up + dn)/2, A = (up − dn)/16 (see Interpolation.java).
inline real histo_c1(real a) {
#if HISTO_CODE == CODE2
    return a > 1 ? a - 1 : (a < -1 ? a + 1 : a);
#else
    return a;
#endif
}

inline real histo_c2(real a) {
#if HISTO_CODE == CODE0
    return a >= 0 ? 8 * a : -8 * a;
#elif HISTO_CODE == CODE2
    return a > 1 ? 16 * (a - 1) : (a < -1 ? -16 * (a + 1) : 8 * a * a);
#else
    if (a > 1) return 8 * a;
    if (a < -1) return -8 * a;
    real a2 = a * a;
    return a2 * (15 + a2 * (-10 + 3 * a2));
#endif
}

// Kahan–Babuška–Neumaier compensated addition (matters in float32).
inline void nsum(real* s, real* c, real v) {
    real t = *s + v;
    if (fabs(*s) >= fabs(v)) *c += (*s - t) + v; else *c += (v - t) + *s;
    *s = t;
}

// −bd0(n, λ) = n·log(λ/n) + (n − λ) for n > 0, given d = n − λ; n = 0 gives −λ (pyhf's xlogy).
inline real pois_term(real n, real lambda, real d) {
    if (n == 0) return -lambda;
    real sum = n + lambda;
    if (fabs(d) < (real) 0.1 * sum) {
        real v = d / sum;
        real s = d * v;
        real ej = 2 * n * v;
        real v2 = v * v;
        for (int j = 1; j < 40; j++) {
            ej *= v2;
            real s1 = s + ej / (2 * j + 1);
            if (s1 == s) break;
            s = s1;
        }
        return -s;
    }
    return n * log(lambda / n) + d;
}

// Multiplicative normsys factor of one application at α = a: code1 uses the one-exp-per-block sum instead;
// code4 is exponential for |α| ≥ 1 and the 6th-order polynomial 1 + Σ c_i α^i inside (Interpolation.java).
inline real norm_factor4(real a, real lnHi, real lnLo, __global const real* c) {
    if (a >= 1 || a <= -1) return a >= 0 ? exp(a * lnHi) : exp(-a * lnLo);
    real q = c[5];
    q = q * a + c[4];
    q = q * a + c[3];
    q = q * a + c[2];
    q = q * a + c[1];
    q = q * a + c[0];
    return 1 + q * a;
}

__kernel void histfactory(
        const int nPars, const int count, __global const real* x,
        const int nHp, __global const int* hpPar,
        const int nRows, __global const real* nominal, __global const int* rowHs, __global const int* hsHp,
        __global const real* hsS, __global const real* hsA, __global const int* rowRf, __global const int* rfPar,
        __global const int* rowBlock,
        const int nBlocks, __global const int* blkNs, __global const int* nsPar, __global const real* nsLnHi,
        __global const real* nsLnLo, __global const real* nsCoef, __global const int* blkBf, __global const int* bfPar,
        const int nBins, __global const int* binRow, __global const int* binRows, __global const real* obs,
        const int nGauss, __global const int* gPar, __global const real* gAux, __global const real* gInv,
        const int nPois, __global const int* pPar, __global const real* pAux, __global const real* pFac,
        __global real* outMain, __global real* outCons, __global real* outRates, const int wantRates,
        __local real* c1, __local real* c2, __local real* rows, __local real* bf, __local real* red) {
    const int p = get_group_id(0);
    const int lid = get_local_id(0);
    const int lsz = get_local_size(0);
    if (p >= count) return; // uniform over the work-group
    __global const real* xp = x + (long) p * nPars;

    for (int h = lid; h < nHp; h += lsz) {
        real a = xp[hpPar[h]];
        c1[h] = histo_c1(a);
        c2[h] = histo_c2(a);
    }
    for (int b = lid; b < nBlocks; b += lsz) {
        real f = 1;
#if NORM_CODE == CODE1
        real l = 0;
        for (int k = blkNs[b]; k < blkNs[b + 1]; k++) {
            real a = xp[nsPar[k]];
            l += a >= 0 ? a * nsLnHi[k] : -a * nsLnLo[k];
        }
        f = exp(l);
#else
        for (int k = blkNs[b]; k < blkNs[b + 1]; k++) {
            f *= norm_factor4(xp[nsPar[k]], nsLnHi[k], nsLnLo[k], nsCoef + 6 * k);
        }
#endif
        for (int k = blkBf[b]; k < blkBf[b + 1]; k++) f *= xp[bfPar[k]];
        bf[b] = f;
    }
    barrier(CLK_LOCAL_MEM_FENCE);

    for (int r = lid; r < nRows; r += lsz) {
        real v = nominal[r];
        for (int k = rowHs[r]; k < rowHs[r + 1]; k++) {
            int h = hsHp[k];
            v += c1[h] * hsS[k] + c2[h] * hsA[k];
        }
        for (int k = rowRf[r]; k < rowRf[r + 1]; k++) v *= xp[rfPar[k]];
        rows[r] = v * bf[rowBlock[r]];
    }
    barrier(CLK_LOCAL_MEM_FENCE);

    real m = 0, mc = 0;
    for (int j = lid; j < nBins; j += lsz) {
        real nu = 0;
        for (int k = binRow[j]; k < binRow[j + 1]; k++) nu += rows[binRows[k]];
        if (wantRates) outRates[(long) p * nBins + j] = nu;
        real n = obs[j];
        nsum(&m, &mc, pois_term(n, nu, n - nu));
    }
    real c = 0, cc = 0;
    for (int k = lid; k < nGauss; k += lsz) {
        real z = (gAux[k] - xp[gPar[k]]) * gInv[k];
        nsum(&c, &cc, -0.5f * z * z);
    }
    for (int k = lid; k < nPois; k += lsz) {
        real xk = xp[pPar[k]];
        real n = pAux[k];
        nsum(&c, &cc, pois_term(n, xk * pFac[k], fma(-xk, pFac[k], n)));
    }
    red[lid] = m + mc;
    red[lsz + lid] = c + cc;
    barrier(CLK_LOCAL_MEM_FENCE);
    for (int s = lsz >> 1; s > 0; s >>= 1) {
        if (lid < s) {
            red[lid] += red[lid + s];
            red[lsz + lid] += red[lsz + lid + s];
        }
        barrier(CLK_LOCAL_MEM_FENCE);
    }
    if (lid == 0) {
        outMain[p] = red[0];
        outCons[p] = red[lsz];
    }
}

// The arguments histfactory_items and histfactory_vec share (the host sets them in this order for both).
#define RUN_KERNEL_ARGS \
        const int nPars, const int count, __global const real* x, \
        const int nRuns, __global const int* runPar, __global const int* runRow, __global const int* runLen, \
        __global const int* runData, __global const real* runS, __global const real* runA, \
        const int nRows, __global const real* nominal, __global const int* rowBlock, __global const int* rowBin, \
        const int nRf, __global const int* rfRow, __global const int* rfPar, \
        const int nBlocks, const int nNs, __global const int* nsBlock, __global const int* nsPar, \
        __global const real* nsLnHi, __global const real* nsLnLo, __global const real* nsCoef, \
        const int nBf, __global const int* bfBlock, __global const int* bfPar, \
        const int nBins, __global const real* obs, \
        const int nGauss, __global const int* gPar, __global const real* gAux, __global const real* gInv, \
        const int nPois, __global const int* pPar, __global const real* pAux, __global const real* pFac, \
        __global real* outMain, __global real* outCons, __global real* outRates, const int wantRates

// One work-item per point, for CPU devices (PoCL vectorises the work-group loop across points). Each
// work-item's rows, block factors and rates live in a column of a local array laid out [index][lid], so the
// same model loop runs in lockstep for neighbouring points with contiguous memory accesses. Histosys
// applications come as runs (HistoRuns.java): consecutive rows of one parameter.
__kernel void histfactory_items(RUN_KERNEL_ARGS,
        __local real* rows, __local real* bf, __local real* nu) {
    const int p = get_global_id(0);
    const int lid = get_local_id(0);
    const int L = get_local_size(0);
    const int pp = p < count ? p : count - 1; // padding work-items recompute the last point, write nothing
    __global const real* xp = x + (long) pp * nPars;

    for (int r = 0; r < nRows; r++) rows[r * L + lid] = nominal[r];
    for (int k = 0; k < nRuns; k++) {
        real a = xp[runPar[k]];
        real c1 = histo_c1(a);
        real c2 = histo_c2(a);
        int r0 = runRow[k];
        int d0 = runData[k];
        int n = runLen[k];
        for (int i = 0; i < n; i++) rows[(r0 + i) * L + lid] += c1 * runS[d0 + i] + c2 * runA[d0 + i];
    }
#if NORM_CODE == CODE1
    for (int b = 0; b < nBlocks; b++) bf[b * L + lid] = 0;
    for (int k = 0; k < nNs; k++) {
        real a = xp[nsPar[k]];
        bf[nsBlock[k] * L + lid] += a >= 0 ? a * nsLnHi[k] : -a * nsLnLo[k];
    }
    for (int b = 0; b < nBlocks; b++) bf[b * L + lid] = exp(bf[b * L + lid]);
#else
    for (int b = 0; b < nBlocks; b++) bf[b * L + lid] = 1;
    for (int k = 0; k < nNs; k++) {
        bf[nsBlock[k] * L + lid] *= norm_factor4(xp[nsPar[k]], nsLnHi[k], nsLnLo[k], nsCoef + 6 * k);
    }
#endif
    for (int k = 0; k < nBf; k++) bf[bfBlock[k] * L + lid] *= xp[bfPar[k]];
    for (int k = 0; k < nRf; k++) rows[rfRow[k] * L + lid] *= xp[rfPar[k]];
    for (int j = 0; j < nBins; j++) nu[j * L + lid] = 0;
    for (int r = 0; r < nRows; r++) nu[rowBin[r] * L + lid] += rows[r * L + lid] * bf[rowBlock[r] * L + lid];

    real m = 0, mc = 0;
    for (int j = 0; j < nBins; j++) {
        real v = nu[j * L + lid];
        if (wantRates && p < count) outRates[(long) p * nBins + j] = v;
        real n = obs[j];
        nsum(&m, &mc, pois_term(n, v, n - v));
    }
    real c = 0, cc = 0;
    for (int k = 0; k < nGauss; k++) {
        real z = (gAux[k] - xp[gPar[k]]) * gInv[k];
        nsum(&c, &cc, -0.5f * z * z);
    }
    for (int k = 0; k < nPois; k++) {
        real xk = xp[pPar[k]];
        real n = pAux[k];
        nsum(&c, &cc, pois_term(n, xk * pFac[k], fma(-xk, pFac[k], n)));
    }
    if (p < count) {
        outMain[p] = m + mc;
        outCons[p] = c + cc;
    }
}

#ifdef VW
// VW points per work-item in vector registers (CPU devices: PoCL maps realVW onto AVX/AVX-512). Same model walk
// as histfactory_items; private arrays sized at build time (-D NROWS, NBLOCKS, NBINS). Points are gathered from
// the row-major batch; the last vector of a batch repeats the final point and writes only real points.
#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)
#ifdef KINVIS_FP64
typedef CAT(double, VW) realv;
typedef CAT(long, VW) maskv;
#else
typedef CAT(float, VW) realv;
typedef CAT(int, VW) maskv;
#endif

inline realv gather(__global const real* x, const int* off, int par) {
    realv v;
    real* e = (real*) &v;
    for (int l = 0; l < VW; l++) e[l] = x[off[l] + par];
    return v;
}

inline realv histo_c1v(realv a) {
#if HISTO_CODE == CODE2
    return select(select(a, a + 1, (maskv) (a < -1)), a - 1, (maskv) (a > 1));
#else
    return a;
#endif
}

inline realv histo_c2v(realv a) {
#if HISTO_CODE == CODE0
    return select(-8 * a, 8 * a, (maskv) (a >= 0));
#elif HISTO_CODE == CODE2
    return select(select(8 * a * a, -16 * (a + 1), (maskv) (a < -1)), 16 * (a - 1), (maskv) (a > 1));
#else
    realv a2 = a * a;
    realv in = a2 * (15 + a2 * (-10 + 3 * a2));
    return select(select(in, -8 * a, (maskv) (a < -1)), 8 * a, (maskv) (a > 1));
#endif
}

// pois_term lane-wise: both branches for every lane, the series with a fixed number of terms (|v| < 0.1, so
// each term is below 1 % of the previous: 8 terms reach float64 rounding, 4 float32).
#ifdef KINVIS_FP64
#define BD0_TERMS 8
#else
#define BD0_TERMS 4
#endif
inline realv pois_termv(real n, realv lambda, realv d) {
    if (n == 0) return -lambda;
    realv sum = n + lambda;
    realv v = d / sum;
    realv s = d * v;
    realv ej = 2 * n * v;
    realv v2 = v * v;
    for (int j = 1; j <= BD0_TERMS; j++) {
        ej *= v2;
        s += ej / (2 * j + 1);
    }
    realv direct = n * log(lambda / n) + d;
    return select(direct, -s, (maskv) (fabs(d) < (real) 0.1 * sum));
}

__kernel void histfactory_vec(RUN_KERNEL_ARGS) {
    const int p0 = get_global_id(0) * VW;
    if (p0 >= count) return;
    int off[VW];
    for (int l = 0; l < VW; l++) off[l] = min(p0 + l, count - 1) * nPars;
    realv rows[NROWS];
    realv bf[NBLOCKS];
    realv nu[NBINS];

    for (int r = 0; r < nRows; r++) rows[r] = (realv) nominal[r];
    for (int k = 0; k < nRuns; k++) {
        realv a = gather(x, off, runPar[k]);
        realv c1 = histo_c1v(a);
        realv c2 = histo_c2v(a);
        int r0 = runRow[k];
        int d0 = runData[k];
        int n = runLen[k];
        for (int i = 0; i < n; i++) rows[r0 + i] += c1 * runS[d0 + i] + c2 * runA[d0 + i];
    }
#if NORM_CODE == CODE1
    for (int b = 0; b < nBlocks; b++) bf[b] = 0;
    for (int k = 0; k < nNs; k++) {
        realv a = gather(x, off, nsPar[k]);
        bf[nsBlock[k]] += select(-a * nsLnLo[k], a * nsLnHi[k], (maskv) (a >= 0));
    }
    for (int b = 0; b < nBlocks; b++) bf[b] = exp(bf[b]);
#else
    for (int b = 0; b < nBlocks; b++) bf[b] = 1;
    for (int k = 0; k < nNs; k++) {
        realv a = gather(x, off, nsPar[k]);
        realv ex = exp(select(-a * nsLnLo[k], a * nsLnHi[k], (maskv) (a >= 0)));
        __global const real* c = nsCoef + 6 * k;
        realv q = (realv) c[5];
        q = q * a + c[4];
        q = q * a + c[3];
        q = q * a + c[2];
        q = q * a + c[1];
        q = q * a + c[0];
        bf[nsBlock[k]] *= select(1 + q * a, ex, (maskv) (a >= 1 || a <= -1));
    }
#endif
    for (int k = 0; k < nBf; k++) bf[bfBlock[k]] *= gather(x, off, bfPar[k]);
    for (int k = 0; k < nRf; k++) rows[rfRow[k]] *= gather(x, off, rfPar[k]);
    for (int j = 0; j < nBins; j++) nu[j] = 0;
    for (int r = 0; r < nRows; r++) nu[rowBin[r]] += rows[r] * bf[rowBlock[r]];

    realv m = 0, mc = 0;
    for (int j = 0; j < nBins; j++) {
        real n = obs[j];
        realv v = nu[j];
        realv t = pois_termv(n, v, n - v);
        realv s = m + t; // Neumaier, lane-wise
        mc += select((t - s) + m, (m - s) + t, (maskv) (fabs(m) >= fabs(t)));
        m = s;
    }
    realv c = 0, cc = 0;
    for (int k = 0; k < nGauss; k++) {
        realv z = (gAux[k] - gather(x, off, gPar[k])) * gInv[k];
        realv t = -0.5f * z * z;
        realv s = c + t;
        cc += select((t - s) + c, (c - s) + t, (maskv) (fabs(c) >= fabs(t)));
        c = s;
    }
    for (int k = 0; k < nPois; k++) {
        realv xk = gather(x, off, pPar[k]);
        real n = pAux[k];
        realv t = pois_termv(n, xk * pFac[k], fma(-xk, (realv) pFac[k], (realv) n));
        realv s = c + t;
        cc += select((t - s) + c, (c - s) + t, (maskv) (fabs(c) >= fabs(t)));
        c = s;
    }
    real* me = (real*) &m;
    real* mce = (real*) &mc;
    real* ce = (real*) &c;
    real* cce = (real*) &cc;
    for (int l = 0; l < VW; l++) {
        int p = p0 + l;
        if (p < count) {
            outMain[p] = me[l] + mce[l];
            outCons[p] = ce[l] + cce[l];
            if (wantRates) {
                for (int j = 0; j < nBins; j++) outRates[(long) p * nBins + j] = ((real*) &nu[j])[l];
            }
        }
    }
}
#endif
