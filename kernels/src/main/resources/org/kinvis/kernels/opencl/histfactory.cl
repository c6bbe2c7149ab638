// kinvis: batched HistFactory log-likelihood, one work-group per parameter point.
// Build options: -D KINVIS_FP64 (else float), -D HISTO_CODE=0|2|5 (code0, code2, code4p), -D NORM_CODE=1|4.
// The device returns the parameter-dependent parts of the main and constraint terms; the host adds the
// constants (lgamma, Gaussian normalisation) in float64. Main term per bin in the cancellation-safe form
//   n·log(ν/n) + (n − ν)   [+ n·log n − n − lgamma(n+1) on the host] = n·log ν − ν − lgamma(n+1).
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
            real a = xp[nsPar[k]];
            if (a >= 1 || a <= -1) {
                f *= a >= 0 ? exp(a * nsLnHi[k]) : exp(-a * nsLnLo[k]);
            } else {
                __global const real* c = nsCoef + 6 * k;
                real q = c[5];
                q = q * a + c[4];
                q = q * a + c[3];
                q = q * a + c[2];
                q = q * a + c[1];
                q = q * a + c[0];
                f *= 1 + q * a;
            }
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
        nsum(&m, &mc, (n > 0 ? n * log(nu / n) : 0) + (n - nu));
    }
    real c = 0, cc = 0;
    for (int k = lid; k < nGauss; k += lsz) {
        real z = (gAux[k] - xp[gPar[k]]) * gInv[k];
        nsum(&c, &cc, -0.5f * z * z);
    }
    for (int k = lid; k < nPois; k += lsz) {
        real rate = xp[pPar[k]] * pFac[k];
        real n = pAux[k];
        nsum(&c, &cc, (n > 0 ? n * log(rate) : 0) - rate);
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
