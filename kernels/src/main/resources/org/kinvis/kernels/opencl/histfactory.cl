// kinvis: batched HistFactory log-likelihood, one work-group per parameter point.
// Build options: -D KINVIS_FP64 (else float). The interpolation codes are kernel arguments (histoCode 0|2|5 for
// code0, code2, code4p; normCode 1|4), uniform over a launch, so one program serves every setting.
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
inline real histo_c1(real a, int code) {
    if (code == CODE2) return a > 1 ? a - 1 : (a < -1 ? a + 1 : a);
    return a;
}

inline real histo_c2(real a, int code) {
    if (code == CODE0) return a >= 0 ? 8 * a : -8 * a;
    if (code == CODE2) return a > 1 ? 16 * (a - 1) : (a < -1 ? -16 * (a + 1) : 8 * a * a);
    if (a > 1) return 8 * a;
    if (a < -1) return -8 * a;
    real a2 = a * a;
    return a2 * (15 + a2 * (-10 + 3 * a2));
}

// Kahan–Babuška–Neumaier compensated addition (matters in float32). Once the sum is infinite (a term −∞ where
// ν = 0 < n) the compensation stops, so that s + c stays −∞ as the plain sum would, not NaN.
inline void nsum(real* s, real* c, real v) {
    real t = *s + v;
    if (isfinite(t)) {
        if (fabs(*s) >= fabs(v)) *c += (*s - t) + v; else *c += (v - t) + *s;
    }
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

// The code1 exponent |α|·log(base) (Interpolation.code1Exponent): 0 at α = 0, where 0·log 0 would be NaN, so
// that the factor is 1 there whatever hi and lo are, as pyhf's power(base, |α|); a zero base gives −∞ → 0.
inline real code1_exponent(real a, real lnHi, real lnLo) {
    return a > 0 ? a * lnHi : (a < 0 ? -a * lnLo : 0);
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

// The model arguments of the work-group kernels histfactory and histfactory_grad (DeviceLayout.java; the host
// sets them in this order for both).
#define GROUP_MODEL_ARGS \
        const int nPars, const int count, __global const real* x, \
        const int nHp, __global const int* hpPar, \
        const int nRows, __global const real* nominal, __global const int* rowHs, __global const int* hsHp, \
        __global const real* hsS, __global const real* hsA, __global const int* rowRf, __global const int* rfPar, \
        __global const int* rowBlock, \
        const int nBlocks, __global const int* blkNs, __global const int* nsPar, __global const real* nsLnHi, \
        __global const real* nsLnLo, __global const real* nsCoef, __global const int* blkBf, \
        __global const int* bfPar, \
        const int nBins, __global const int* binRow, __global const int* binRows, __global const real* obs, \
        const int nGauss, __global const int* gPar, __global const real* gAux, __global const real* gInv, \
        const int nPois, __global const int* pPar, __global const real* pAux, __global const real* pFac, \
        const int histoCode, const int normCode

__kernel void histfactory(GROUP_MODEL_ARGS,
        __global real* outMain, __global real* outCons, __global real* outRates, const int wantRates,
        __local real* c1, __local real* c2, __local real* rows, __local real* bf, __local real* red) {
    const int p = get_group_id(0);
    const int lid = get_local_id(0);
    const int lsz = get_local_size(0);
    if (p >= count) return; // uniform over the work-group
    __global const real* xp = x + (long) p * nPars;

    for (int h = lid; h < nHp; h += lsz) {
        real a = xp[hpPar[h]];
        c1[h] = histo_c1(a, histoCode);
        c2[h] = histo_c2(a, histoCode);
    }
    for (int b = lid; b < nBlocks; b += lsz) {
        real f = 1;
        if (normCode == CODE1) {
            real l = 0;
            for (int k = blkNs[b]; k < blkNs[b + 1]; k++) {
                real a = xp[nsPar[k]];
                l += code1_exponent(a, nsLnHi[k], nsLnLo[k]);
            }
            f = exp(l);
        } else {
            for (int k = blkNs[b]; k < blkNs[b + 1]; k++) {
                f *= norm_factor4(xp[nsPar[k]], nsLnHi[k], nsLnLo[k], nsCoef + 6 * k);
            }
        }
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

// d c2/dα of histo_c2 (d c1/dα = 1 for every code); at α = 0 of code0 the right derivative, as the CPU.
inline real histo_dc2(real a, int code) {
    if (code == CODE0) return a >= 0 ? 8 : -8;
    if (code == CODE2) return a > 1 ? 16 : (a < -1 ? -16 : 16 * a);
    if (a > 1) return 8;
    if (a < -1) return -8;
    real a2 = a * a;
    return a * (30 + a2 * (-40 + 18 * a2));
}

// One normsys factor (code1 per application, or code4) and its derivative, into *d.
inline real norm_factor_d(real a, real lnHi, real lnLo, __global const real* c, int code, real* d) {
    if (code == CODE4 && a < 1 && a > -1) {
        real q = c[5], dq = 6 * c[5];
        q = q * a + c[4]; dq = dq * a + 5 * c[4];
        q = q * a + c[3]; dq = dq * a + 4 * c[3];
        q = q * a + c[2]; dq = dq * a + 3 * c[2];
        q = q * a + c[1]; dq = dq * a + 2 * c[1];
        q = q * a + c[0]; dq = dq * a + c[0];
        *d = dq;
        return 1 + q * a;
    }
    // code1 (and code4 for |α| ≥ 1) as Interpolation.code1Derivative: at α = 0 the slope of a side whose base
    // is > 0 (0 if none), so f = exp(0) = 1; where f = 0 (a zero base) the derivative is 0, not 0·(−∞)
    real l = a > 0 ? lnHi : (a < 0 ? -lnLo : (lnHi > -INFINITY ? lnHi : (lnLo > -INFINITY ? -lnLo : 0)));
    real f = exp(a * l);
    *d = f == 0 ? 0 : f * l;
    return f;
}

// Reverse-mode gradient of the log-likelihood, one work-group per point, over the layout of histfactory plus
// index lists for the backward pass (GradientLayout.java). Forward: c1, c2 per histosys parameter; per block the
// product of its normsys/normfactor/lumi entries (zeros counted apart, so that "product of the others" needs no
// division by zero); per row the base yield B = nominal + Σδ and the row-factor product R; per bin ν and
// w = ∂/∂ν [n log ν − ν] = (n − ν)/ν. Backward: every use of a parameter writes its partial derivative into its
// own slot (histosys parameter, row-factor entry, block entry, constraint), and each parameter gathers its slots
// from a precomputed list: no atomics, and the same summation order on every device. Scratch (SCRATCH_SPACE:
// __local, or __global with one stride per point for models too large for local memory) holds:
//   c1, c2, dc2 [nHp] | ev, ed [nNs + nBf] | P, Z [nBlocks] | B, R, dB [nRows] | w [nBins] | slot [nSlots] | red [2·lsz]
#ifndef SCRATCH_SPACE
#define SCRATCH_SPACE __local
#endif
__kernel void histfactory_grad(GROUP_MODEL_ARGS,
        __global const int* hpStart, __global const int* hpRow, __global const real* hpS, __global const real* hpA,
        __global const int* rowBin, __global const int* blkRowStart, __global const int* blkRows,
        __global const int* parStart, __global const int* parSlot,
        __global real* outMain, __global real* outCons, __global real* outGrad,
        SCRATCH_SPACE real* scratch, const long scratchStride) {
    const int p = get_group_id(0);
    const int lid = get_local_id(0);
    const int lsz = get_local_size(0);
    if (p >= count) return; // uniform over the work-group
    __global const real* xp = x + (long) p * nPars;
    const int nRfE = rowRf[nRows];
    const int nNs = blkNs[nBlocks];
    const int nE = nNs + blkBf[nBlocks];
    const int slotRf = nHp;
    const int slotE = slotRf + nRfE;
    const int slotG = slotE + nE;
    const int slotP = slotG + nGauss;
    SCRATCH_SPACE real* c1 = scratch + (long) p * scratchStride;
    SCRATCH_SPACE real* c2 = c1 + nHp;
    SCRATCH_SPACE real* dc2 = c2 + nHp;
    SCRATCH_SPACE real* ev = dc2 + nHp;
    SCRATCH_SPACE real* ed = ev + nE;
    SCRATCH_SPACE real* prodP = ed + nE;
    SCRATCH_SPACE real* prodZ = prodP + nBlocks;
    SCRATCH_SPACE real* base = prodZ + nBlocks;
    SCRATCH_SPACE real* rfac = base + nRows;
    SCRATCH_SPACE real* dB = rfac + nRows;
    SCRATCH_SPACE real* w = dB + nRows;
    SCRATCH_SPACE real* slot = w + nBins;
    SCRATCH_SPACE real* red = slot + slotP + nPois;

    // forward 1: histosys coefficients; block entries and their products
    for (int h = lid; h < nHp; h += lsz) {
        real a = xp[hpPar[h]];
        c1[h] = histo_c1(a, histoCode);
        c2[h] = histo_c2(a, histoCode);
        dc2[h] = histo_dc2(a, histoCode);
    }
    for (int b = lid; b < nBlocks; b += lsz) {
        real prod = 1, zeros = 0;
        for (int k = blkNs[b]; k < blkNs[b + 1]; k++) {
            real d;
            real f = norm_factor_d(xp[nsPar[k]], nsLnHi[k], nsLnLo[k], nsCoef + 6 * k, normCode, &d);
            ev[k] = f;
            ed[k] = d;
            if (f == 0) zeros += 1; else prod *= f;
        }
        for (int k = blkBf[b]; k < blkBf[b + 1]; k++) {
            real f = xp[bfPar[k]];
            ev[nNs + k] = f;
            if (f == 0) zeros += 1; else prod *= f;
        }
        prodP[b] = prod;
        prodZ[b] = zeros;
    }
    barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE);

    // forward 2: rows
    for (int r = lid; r < nRows; r += lsz) {
        real v = nominal[r];
        for (int k = rowHs[r]; k < rowHs[r + 1]; k++) {
            int h = hsHp[k];
            v += c1[h] * hsS[k] + c2[h] * hsA[k];
        }
        real f = 1;
        for (int k = rowRf[r]; k < rowRf[r + 1]; k++) f *= xp[rfPar[k]];
        base[r] = v;
        rfac[r] = f;
    }
    barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE);

    // forward 3: bins, constraints (their derivatives go straight to their slots)
    real m = 0, mc = 0;
    for (int j = lid; j < nBins; j += lsz) {
        real nu = 0;
        for (int k = binRow[j]; k < binRow[j + 1]; k++) {
            int r = binRows[k];
            int b = rowBlock[r];
            nu += base[r] * rfac[r] * (prodZ[b] > 0 ? 0 : prodP[b]);
        }
        real n = obs[j];
        real d = n - nu;
        nsum(&m, &mc, pois_term(n, nu, d));
        w[j] = n == 0 ? -1 : d / nu;
    }
    real c = 0, cc = 0;
    for (int k = lid; k < nGauss; k += lsz) {
        real xk = xp[gPar[k]];
        real z = (gAux[k] - xk) * gInv[k];
        nsum(&c, &cc, -0.5f * z * z);
        slot[slotG + k] = z * gInv[k];
    }
    for (int k = lid; k < nPois; k += lsz) {
        real xk = xp[pPar[k]];
        real n = pAux[k];
        real d = fma(-xk, pFac[k], n);
        nsum(&c, &cc, pois_term(n, xk * pFac[k], d));
        slot[slotP + k] = n == 0 ? -pFac[k] : d / xk;
    }
    barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE);

    // backward 1: rows (row-factor entries, dB = ∂/∂B) and blocks (their entries)
    for (int i = lid; i < nRows + nBlocks; i += lsz) {
        if (i < nRows) {
            int r = i;
            int b = rowBlock[r];
            real dFinal = w[rowBin[r]] * (prodZ[b] > 0 ? 0 : prodP[b]);
            for (int k = rowRf[r]; k < rowRf[r + 1]; k++) {
                real others = base[r];
                for (int k2 = rowRf[r]; k2 < rowRf[r + 1]; k2++) {
                    if (k2 != k) others *= xp[rfPar[k2]];
                }
                slot[slotRf + k] = dFinal * others;
            }
            dB[r] = dFinal * rfac[r];
        } else {
            int b = i - nRows;
            real dF = 0;
            for (int k = blkRowStart[b]; k < blkRowStart[b + 1]; k++) {
                int r = blkRows[k];
                dF += w[rowBin[r]] * base[r] * rfac[r];
            }
            real prod = prodP[b];
            real zeros = prodZ[b];
            for (int e = blkNs[b]; e < blkNs[b + 1]; e++) {
                real f = ev[e];
                real others = zeros == 0 ? prod / f : (zeros == 1 && f == 0 ? prod : 0);
                slot[slotE + e] = dF * others * ed[e];
            }
            for (int e = nNs + blkBf[b]; e < nNs + blkBf[b + 1]; e++) {
                real f = ev[e];
                real others = zeros == 0 ? prod / f : (zeros == 1 && f == 0 ? prod : 0);
                slot[slotE + e] = dF * others;
            }
        }
    }
    barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE);

    // backward 2: histosys parameters, ∂δ/∂α = S + dc2·A per bin
    for (int h = lid; h < nHp; h += lsz) {
        real g = 0;
        real d2 = dc2[h];
        for (int k = hpStart[h]; k < hpStart[h + 1]; k++) g += dB[hpRow[k]] * (hpS[k] + d2 * hpA[k]);
        slot[h] = g;
    }
    red[lid] = m + mc;
    red[lsz + lid] = c + cc;
    barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE);

    // gather: each parameter sums its slots
    for (int i = lid; i < nPars; i += lsz) {
        real g = 0;
        for (int k = parStart[i]; k < parStart[i + 1]; k++) g += slot[parSlot[k]];
        outGrad[(long) p * nPars + i] = g;
    }
    for (int s = lsz >> 1; s > 0; s >>= 1) {
        if (lid < s) {
            red[lid] += red[lid + s];
            red[lsz + lid] += red[lsz + lid + s];
        }
        barrier(CLK_LOCAL_MEM_FENCE | CLK_GLOBAL_MEM_FENCE);
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
        const int histoCode, const int normCode, \
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
        real c1 = histo_c1(a, histoCode);
        real c2 = histo_c2(a, histoCode);
        int r0 = runRow[k];
        int d0 = runData[k];
        int n = runLen[k];
        for (int i = 0; i < n; i++) rows[(r0 + i) * L + lid] += c1 * runS[d0 + i] + c2 * runA[d0 + i];
    }
    if (normCode == CODE1) {
        for (int b = 0; b < nBlocks; b++) bf[b * L + lid] = 0;
        for (int k = 0; k < nNs; k++) {
            real a = xp[nsPar[k]];
            bf[nsBlock[k] * L + lid] += code1_exponent(a, nsLnHi[k], nsLnLo[k]);
        }
        for (int b = 0; b < nBlocks; b++) bf[b * L + lid] = exp(bf[b * L + lid]);
    } else {
        for (int b = 0; b < nBlocks; b++) bf[b * L + lid] = 1;
        for (int k = 0; k < nNs; k++) {
            bf[nsBlock[k] * L + lid] *= norm_factor4(xp[nsPar[k]], nsLnHi[k], nsLnLo[k], nsCoef + 6 * k);
        }
    }
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

inline realv histo_c1v(realv a, int code) {
    if (code == CODE2) return select(select(a, a + 1, (maskv) (a < -1)), a - 1, (maskv) (a > 1));
    return a;
}

inline realv histo_c2v(realv a, int code) {
    if (code == CODE0) return select(-8 * a, 8 * a, (maskv) (a >= 0));
    if (code == CODE2) {
        return select(select(8 * a * a, -16 * (a + 1), (maskv) (a < -1)), 16 * (a - 1), (maskv) (a > 1));
    }
    realv a2 = a * a;
    realv in = a2 * (15 + a2 * (-10 + 3 * a2));
    return select(select(in, -8 * a, (maskv) (a < -1)), 8 * a, (maskv) (a > 1));
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
        realv c1 = histo_c1v(a, histoCode);
        realv c2 = histo_c2v(a, histoCode);
        int r0 = runRow[k];
        int d0 = runData[k];
        int n = runLen[k];
        for (int i = 0; i < n; i++) rows[r0 + i] += c1 * runS[d0 + i] + c2 * runA[d0 + i];
    }
    if (normCode == CODE1) {
        for (int b = 0; b < nBlocks; b++) bf[b] = 0;
        for (int k = 0; k < nNs; k++) {
            realv a = gather(x, off, nsPar[k]);
            bf[nsBlock[k]] += select(select((realv) 0, -a * nsLnLo[k], (maskv) (a < 0)), a * nsLnHi[k], (maskv) (a > 0));
        }
        for (int b = 0; b < nBlocks; b++) bf[b] = exp(bf[b]);
    } else {
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
    }
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
        mc += select((realv) 0, select((t - s) + m, (m - s) + t, (maskv) (fabs(m) >= fabs(t))), isfinite(s));
        m = s;
    }
    realv c = 0, cc = 0;
    for (int k = 0; k < nGauss; k++) {
        realv z = (gAux[k] - gather(x, off, gPar[k])) * gInv[k];
        realv t = -0.5f * z * z;
        realv s = c + t;
        cc += select((realv) 0, select((t - s) + c, (c - s) + t, (maskv) (fabs(c) >= fabs(t))), isfinite(s));
        c = s;
    }
    for (int k = 0; k < nPois; k++) {
        realv xk = gather(x, off, pPar[k]);
        real n = pAux[k];
        realv t = pois_termv(n, xk * pFac[k], fma(-xk, (realv) pFac[k], (realv) n));
        realv s = c + t;
        cc += select((realv) 0, select((t - s) + c, (c - s) + t, (maskv) (fabs(c) >= fabs(t))), isfinite(s));
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
