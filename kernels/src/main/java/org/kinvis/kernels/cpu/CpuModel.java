package org.kinvis.kernels.cpu;

import org.kinvis.kernels.HistoRuns;
import org.kinvis.kernels.Interpolation;
import org.kinvis.kernels.LikelihoodConstants;
import org.kinvis.kernels.ModelLayout;
import org.kinvis.kernels.PoissonTerm;

/**
 * The per-point float64 arithmetic of the HistFactory likelihood on a {@link ModelLayout}, with everything
 * independent of the parameters precomputed once: log(hi), log(lo) of the normsys factors, code4 polynomial
 * coefficients and the constant parts of the Poisson terms ({@link PoissonTerm}: each bin and each Poisson
 * constraint adds its cancellation-free {@code n log(λ/n) + (n − λ)}) and of the Gaussian constraints.
 * {@link Scratch} holds the per-thread work arrays so that evaluating a point allocates nothing.
 */
final class CpuModel {
    final ModelLayout m;
    final HistoRuns runs;
    final double[] lnHi;
    final double[] lnLo;
    final double[] code4;
    final int[] normBlocks;      // blocks touched by any normsys (for the one exp per block in code1)
    final double mainConst;       // Σ S(n), S(n) = n log n − n − lgamma(n+1)
    final double gaussConst;      // Σ (−log σ − ½ log 2π)
    final double poisConst;       // Σ S(aux)
    final double[] invSigma;

    CpuModel(ModelLayout m) {
        this.m = m;
        runs = HistoRuns.of(m);
        int ns = m.nsPar().length;
        lnHi = new double[ns];
        lnLo = new double[ns];
        code4 = new double[6 * ns];
        java.util.BitSet blocks = new java.util.BitSet();
        for (int k = 0; k < ns; k++) {
            lnHi[k] = Math.log(m.nsHi()[k]);
            lnLo[k] = Math.log(m.nsLo()[k]);
            if (m.normCode() == Interpolation.CODE4) {
                System.arraycopy(Interpolation.code4Coefficients(m.nsHi()[k], m.nsLo()[k]), 0, code4, 6 * k, 6);
            }
            blocks.set(m.nsBlock()[k]);
        }
        normBlocks = blocks.stream().toArray();
        LikelihoodConstants k = LikelihoodConstants.of(m);
        mainConst = k.main();
        gaussConst = k.gaussian();
        poisConst = k.poisson();
        invSigma = new double[m.gaussSigma().length];
        for (int i = 0; i < invSigma.length; i++) {
            invSigma[i] = 1.0 / m.gaussSigma()[i];
        }
    }

    /** Points evaluated together by {@link #logpdf4}. */
    static final int LANES = 4;

    /** Work arrays of {@link #logpdf4}: every per-row/block/bin quantity for 4 points, interleaved. */
    static final class Scratch4 {
        final double[] rows;
        final double[] block;
        final double[] nu;

        Scratch4(ModelLayout m) {
            rows = new double[LANES * m.nRows()];
            block = new double[LANES * m.nBlocks()];
            nu = new double[LANES * m.nBins()];
        }
    }

    /**
     * log-likelihood parts of 4 consecutive points starting at point {@code p0}, with every per-row quantity of
     * the 4 points interleaved so that the model walk updates 4 adjacent values per step (the JIT packs them
     * into vector instructions). Same arithmetic, per point, as {@link #expected}/{@link #mainTerm}.
     */
    void logpdf4(double[] x, int p0, Scratch4 s, double[] main, double[] cons, int outOffset) {
        final int n = m.nPars();
        final int o0 = p0 * n;
        final int o1 = o0 + n;
        final int o2 = o1 + n;
        final int o3 = o2 + n;
        final double[] rows = s.rows;
        final double[] nom = m.nominal();
        for (int r = 0; r < nom.length; r++) {
            int q = 4 * r;
            rows[q] = nom[r];
            rows[q + 1] = nom[r];
            rows[q + 2] = nom[r];
            rows[q + 3] = nom[r];
        }
        final HistoRuns h = runs;
        final int[] par = h.par();
        final int[] row = h.row();
        final int[] len = h.len();
        final int[] data = h.data();
        final double[] sv = h.s();
        final double[] av = h.a();
        final int code = m.histoCode();
        for (int k = 0; k < par.length; k++) {
            final int pk = par[k];
            final double a0 = x[o0 + pk];
            final double a1 = x[o1 + pk];
            final double a2 = x[o2 + pk];
            final double a3 = x[o3 + pk];
            final double c10 = Interpolation.histoC1(code, a0);
            final double c11 = Interpolation.histoC1(code, a1);
            final double c12 = Interpolation.histoC1(code, a2);
            final double c13 = Interpolation.histoC1(code, a3);
            final double c20 = Interpolation.histoC2(code, a0);
            final double c21 = Interpolation.histoC2(code, a1);
            final double c22 = Interpolation.histoC2(code, a2);
            final double c23 = Interpolation.histoC2(code, a3);
            final int r0 = 4 * row[k];
            final int d0 = data[k];
            final int cnt = len[k];
            for (int i = 0; i < cnt; i++) {
                final double sd = sv[d0 + i];
                final double ad = av[d0 + i];
                final int q = r0 + 4 * i;
                rows[q] += c10 * sd + c20 * ad;
                rows[q + 1] += c11 * sd + c21 * ad;
                rows[q + 2] += c12 * sd + c22 * ad;
                rows[q + 3] += c13 * sd + c23 * ad;
            }
        }
        final double[] bf = s.block;
        final int[] nsPar = m.nsPar();
        final int[] nsBlock = m.nsBlock();
        final int[] off = {o0, o1, o2, o3};
        if (m.normCode() == Interpolation.CODE1) {
            java.util.Arrays.fill(bf, 0.0);
            for (int k = 0; k < nsPar.length; k++) {
                final int q = 4 * nsBlock[k];
                for (int l = 0; l < 4; l++) {
                    final double a = x[off[l] + nsPar[k]];
                    bf[q + l] += Interpolation.code1Exponent(a, lnHi[k], lnLo[k]);
                }
            }
            for (int b = 0; b < bf.length; b++) {
                bf[b] = bf[b] == 0 ? 1 : Math.exp(bf[b]);
            }
        } else {
            java.util.Arrays.fill(bf, 1.0);
            for (int k = 0; k < nsPar.length; k++) {
                final int q = 4 * nsBlock[k];
                for (int l = 0; l < 4; l++) {
                    bf[q + l] *= Interpolation.normFactor(m.normCode(), x[off[l] + nsPar[k]], m.nsHi()[k], m.nsLo()[k],
                            code4, 6 * k);
                }
            }
        }
        final int[] bfPar = m.bfPar();
        final int[] bfBlock = m.bfBlock();
        for (int k = 0; k < bfPar.length; k++) {
            final int q = 4 * bfBlock[k];
            final int pk = bfPar[k];
            bf[q] *= x[o0 + pk];
            bf[q + 1] *= x[o1 + pk];
            bf[q + 2] *= x[o2 + pk];
            bf[q + 3] *= x[o3 + pk];
        }
        final int[] rfRow = m.rfRow();
        final int[] rfPar = m.rfPar();
        for (int k = 0; k < rfRow.length; k++) {
            final int q = 4 * rfRow[k];
            final int pk = rfPar[k];
            rows[q] *= x[o0 + pk];
            rows[q + 1] *= x[o1 + pk];
            rows[q + 2] *= x[o2 + pk];
            rows[q + 3] *= x[o3 + pk];
        }
        final double[] nu = s.nu;
        java.util.Arrays.fill(nu, 0.0);
        final int[] rowBin = m.rowBin();
        final int[] rowBlock = m.rowBlock();
        for (int r = 0; r < nom.length; r++) {
            final int q = 4 * rowBin[r];
            final int qr = 4 * r;
            final int qb = 4 * rowBlock[r];
            nu[q] += rows[qr] * bf[qb];
            nu[q + 1] += rows[qr + 1] * bf[qb + 1];
            nu[q + 2] += rows[qr + 2] * bf[qb + 2];
            nu[q + 3] += rows[qr + 3] * bf[qb + 3];
        }
        final double[] obs = m.observed();
        double m0 = 0;
        double m1 = 0;
        double m2 = 0;
        double m3 = 0;
        for (int j = 0; j < obs.length; j++) {
            final double nj = obs[j];
            final int q = 4 * j;
            m0 += PoissonTerm.term(nj, nu[q], nj - nu[q]);
            m1 += PoissonTerm.term(nj, nu[q + 1], nj - nu[q + 1]);
            m2 += PoissonTerm.term(nj, nu[q + 2], nj - nu[q + 2]);
            m3 += PoissonTerm.term(nj, nu[q + 3], nj - nu[q + 3]);
        }
        main[outOffset] = m0 + mainConst;
        main[outOffset + 1] = m1 + mainConst;
        main[outOffset + 2] = m2 + mainConst;
        main[outOffset + 3] = m3 + mainConst;
        cons[outOffset] = constraintTerm(x, o0);
        cons[outOffset + 1] = constraintTerm(x, o1);
        cons[outOffset + 2] = constraintTerm(x, o2);
        cons[outOffset + 3] = constraintTerm(x, o3);
    }

    /** Per-thread work arrays. */
    static final class Scratch {
        final double[] rows;
        final double[] blockLog;
        final double[] blockFactor;
        final double[] nu;

        Scratch(ModelLayout m) {
            rows = new double[m.nRows()];
            blockLog = new double[m.nBlocks()];
            blockFactor = new double[m.nBlocks()];
            nu = new double[m.nBins()];
        }
    }

    /** The row yields before any factor: nominal plus every histosys delta ({@link HistoRuns}), into {@code rows}. */
    void baseRows(double[] x, int o, double[] rows) {
        System.arraycopy(m.nominal(), 0, rows, 0, rows.length);
        final HistoRuns h = runs;
        final int[] par = h.par();
        final int[] row = h.row();
        final int[] len = h.len();
        final int[] data = h.data();
        final double[] sv = h.s();
        final double[] av = h.a();
        final int code = m.histoCode();
        for (int k = 0; k < par.length; k++) {
            final double a = x[o + par[k]];
            final double c1 = Interpolation.histoC1(code, a);
            final double c2 = Interpolation.histoC2(code, a);
            final int r0 = row[k];
            final int d0 = data[k];
            final int n = len[k];
            for (int i = 0; i < n; i++) {
                rows[r0 + i] += c1 * sv[d0 + i] + c2 * av[d0 + i];
            }
        }
    }

    /** Fills {@code s.rows} with the modified row yields (without block factors) and {@code s.blockFactor}. */
    void modify(double[] x, int o, Scratch s) {
        final double[] rows = s.rows;
        baseRows(x, o, rows);
        final double[] bf = s.blockFactor;
        java.util.Arrays.fill(bf, 1.0);
        final int[] nsPar = m.nsPar();
        final int[] nsBlock = m.nsBlock();
        if (m.normCode() == Interpolation.CODE1) {
            // Π_k hi_k^α or lo_k^(−α) = exp(Σ_k α·log(hi_k) or −α·log(lo_k)): one exp per block (a zero base: −∞)
            final double[] bl = s.blockLog;
            for (int b : normBlocks) {
                bl[b] = 0;
            }
            for (int k = 0; k < nsPar.length; k++) {
                final double a = x[o + nsPar[k]];
                bl[nsBlock[k]] += Interpolation.code1Exponent(a, lnHi[k], lnLo[k]);
            }
            for (int b : normBlocks) {
                bf[b] = Math.exp(bl[b]);
            }
        } else {
            for (int k = 0; k < nsPar.length; k++) {
                final double a = x[o + nsPar[k]];
                bf[nsBlock[k]] *= Interpolation.normFactor(m.normCode(), a, m.nsHi()[k], m.nsLo()[k], code4, 6 * k);
            }
        }
        final int[] bfPar = m.bfPar();
        final int[] bfBlock = m.bfBlock();
        for (int k = 0; k < bfPar.length; k++) {
            bf[bfBlock[k]] *= x[o + bfPar[k]];
        }
        final int[] rfRow = m.rfRow();
        final int[] rfPar = m.rfPar();
        for (int k = 0; k < rfRow.length; k++) {
            rows[rfRow[k]] *= x[o + rfPar[k]];
        }
    }

    /** Expected main-bin rates into {@code s.nu}. */
    void expected(double[] x, int o, Scratch s) {
        modify(x, o, s);
        final double[] nu = s.nu;
        java.util.Arrays.fill(nu, 0.0);
        final int[] rowBin = m.rowBin();
        final int[] rowBlock = m.rowBlock();
        final double[] rows = s.rows;
        final double[] bf = s.blockFactor;
        for (int r = 0; r < rows.length; r++) {
            nu[rowBin[r]] += rows[r] * bf[rowBlock[r]];
        }
    }

    /** Poisson main term at the point (expects {@link #expected} to have filled {@code s.nu}). */
    double mainTerm(Scratch s) {
        final double[] nu = s.nu;
        final double[] n = m.observed();
        double sum = 0;
        for (int j = 0; j < nu.length; j++) {
            // n log(ν/n) + (n − ν); the n = 0 term is −ν even where ν = 0 (pyhf's xlogy)
            sum += PoissonTerm.term(n[j], nu[j], n[j] - nu[j]);
        }
        return sum + mainConst;
    }

    double constraintTerm(double[] x, int o) {
        return constraintVariable(x, o, m.auxdata(), 0) + gaussConst + poisConst;
    }

    /** The point-dependent part of the constraint term against the auxiliary data {@code aux[ao …]}. */
    double constraintVariable(double[] x, int o, double[] aux, int ao) {
        final int[] gp = m.gaussPar();
        final int[] ga = m.gaussAux();
        double q = 0;
        for (int k = 0; k < gp.length; k++) {
            final double z = (aux[ao + ga[k]] - x[o + gp[k]]) * invSigma[k];
            q += z * z;
        }
        double sum = -0.5 * q;
        final int[] pp = m.poisPar();
        final int[] pa = m.poisAux();
        final double[] pf = m.poisFactor();
        for (int k = 0; k < pp.length; k++) {
            final double xk = x[o + pp[k]];
            final double n = aux[ao + pa[k]];
            // n − x·f with one rounding: with τ ~ 1e12 the rounded product alone would cost 1e-4
            sum += PoissonTerm.term(n, xk * pf[k], Math.fma(-xk, pf[k], n));
        }
        return sum;
    }
}
