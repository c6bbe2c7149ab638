package org.kinvis.kernels.cpu;

import org.kinvis.kernels.HistoRuns;
import org.kinvis.kernels.Interpolation;
import org.kinvis.kernels.LikelihoodConstants;
import org.kinvis.kernels.ModelLayout;

/**
 * The per-point float64 arithmetic of the HistFactory likelihood on a {@link ModelLayout}, with everything
 * independent of the parameters precomputed once: log(hi), log(lo) of the normsys factors, code4 polynomial
 * coefficients, {@code −Σ lgamma(n+1)} of the main term and the constant parts of the constraints.
 * {@link Scratch} holds the per-thread work arrays so that evaluating a point allocates nothing.
 */
final class CpuModel {
    final ModelLayout m;
    final HistoRuns runs;
    final double[] lnHi;
    final double[] lnLo;
    final double[] code4;
    final int[] normBlocks;      // blocks touched by any normsys (for the one exp per block in code1)
    final double mainConst;       // −Σ lgamma(n+1)
    final double gaussConst;      // Σ (−log σ − ½ log 2π)
    final double poisConst;       // −Σ lgamma(aux+1)
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

    /** Fills {@code s.rows} with the modified row yields (without block factors) and {@code s.blockFactor}. */
    void modify(double[] x, int o, Scratch s) {
        final double[] rows = s.rows;
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
        final double[] bf = s.blockFactor;
        java.util.Arrays.fill(bf, 1.0);
        final int[] nsPar = m.nsPar();
        final int[] nsBlock = m.nsBlock();
        if (m.normCode() == Interpolation.CODE1) {
            // Π_k hi_k^α or lo_k^(−α) = exp(Σ_k α·log(hi_k) or −α·log(lo_k)): one exp per block
            final double[] bl = s.blockLog;
            for (int b : normBlocks) {
                bl[b] = 0;
            }
            for (int k = 0; k < nsPar.length; k++) {
                final double a = x[o + nsPar[k]];
                bl[nsBlock[k]] += a >= 0 ? a * lnHi[k] : -a * lnLo[k];
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
            // xlogy(n, ν) − ν: the n = 0 term is −ν even where ν = 0
            sum += (n[j] == 0 ? 0 : n[j] * Math.log(nu[j])) - nu[j];
        }
        return sum + mainConst;
    }

    double constraintTerm(double[] x, int o) {
        final int[] gp = m.gaussPar();
        final int[] ga = m.gaussAux();
        final double[] aux = m.auxdata();
        double q = 0;
        for (int k = 0; k < gp.length; k++) {
            final double z = (aux[ga[k]] - x[o + gp[k]]) * invSigma[k];
            q += z * z;
        }
        double sum = gaussConst - 0.5 * q;
        final int[] pp = m.poisPar();
        final int[] pa = m.poisAux();
        final double[] pf = m.poisFactor();
        for (int k = 0; k < pp.length; k++) {
            final double rate = x[o + pp[k]] * pf[k];
            final double n = aux[pa[k]];
            sum += (n == 0 ? 0 : n * Math.log(rate)) - rate;
        }
        return sum + poisConst;
    }
}
