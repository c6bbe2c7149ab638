package org.kinvis.kernels.cpu;

import java.util.Arrays;
import org.kinvis.kernels.HistoRuns;
import org.kinvis.kernels.Interpolation;
import org.kinvis.kernels.ModelLayout;
import org.kinvis.kernels.PoissonTerm;

/**
 * The analytic gradient of the HistFactory log-likelihood on a {@link ModelLayout}, by reverse mode: a forward
 * pass keeps the per-row base yields {@code B_r = nominal + Σ histosys δ}, the row-factor products {@code R_r}
 * and the block factors {@code F_b} (normsys × normfactor/lumi), with
 * {@code ν_j = Σ_{r∈j} B_r R_r F_{b(r)}}; the backward pass applies the chain rule from
 * {@code ∂/∂ν_j [n_j log ν_j − ν_j] = (n_j − ν_j)/ν_j} through every factor, with the interpolation codes'
 * derivatives ({@link Interpolation#histoC2Derivative}, {@link Interpolation#normFactorDerivative}), and adds the
 * constraint terms' derivatives. Cost: about two likelihood evaluations for all N derivatives, against 2N + 1
 * points for central differences.
 */
final class CpuGradient {
    private final CpuModel model;
    private final ModelLayout m;
    private final int[] rfStart;   // row r's row factors: rfList[rfStart[r] .. rfStart[r+1])
    private final int[] rfList;    // indices into rfRow/rfPar
    private final int[] bStart;    // block b's factors: bList[bStart[b] .. bStart[b+1])
    private final int[] bList;     // k ≥ 0: normsys k; k < 0: block factor ~k

    /** Per-thread work arrays. */
    static final class Work {
        final double[] base;
        final double[] rf;
        final double[] bf;
        final double[] nu;
        final double[] w;
        final double[] dBase;
        final double[] dBf;
        final double[] ev;
        final double[] ed;

        Work(CpuGradient g) {
            int rows = g.m.nRows();
            base = new double[rows];
            rf = new double[rows];
            dBase = new double[rows];
            bf = new double[g.m.nBlocks()];
            dBf = new double[g.m.nBlocks()];
            nu = new double[g.m.nBins()];
            w = new double[g.m.nBins()];
            ev = new double[g.bList.length];
            ed = new double[g.bList.length];
        }
    }

    CpuGradient(CpuModel model) {
        this.model = model;
        this.m = model.m;
        int rows = m.nRows();
        rfStart = new int[rows + 1];
        for (int r : m.rfRow()) {
            rfStart[r + 1]++;
        }
        for (int r = 0; r < rows; r++) {
            rfStart[r + 1] += rfStart[r];
        }
        rfList = new int[m.rfRow().length];
        int[] fill = Arrays.copyOf(rfStart, rows);
        for (int k = 0; k < m.rfRow().length; k++) {
            rfList[fill[m.rfRow()[k]]++] = k;
        }
        int blocks = m.nBlocks();
        bStart = new int[blocks + 1];
        for (int b : m.nsBlock()) {
            bStart[b + 1]++;
        }
        for (int b : m.bfBlock()) {
            bStart[b + 1]++;
        }
        for (int b = 0; b < blocks; b++) {
            bStart[b + 1] += bStart[b];
        }
        bList = new int[m.nsBlock().length + m.bfBlock().length];
        int[] bf = Arrays.copyOf(bStart, blocks);
        for (int k = 0; k < m.nsBlock().length; k++) {
            bList[bf[m.nsBlock()[k]]++] = k;
        }
        for (int k = 0; k < m.bfBlock().length; k++) {
            bList[bf[m.bfBlock()[k]]++] = ~k;
        }
    }

    /**
     * The log-likelihood at the point {@code x[o .. o+nPars)} and its gradient into {@code g[go .. go+nPars)}
     * (fixed parameters get their derivative too; the caller ignores them).
     */
    double valueAndGradient(double[] x, int o, Work w, double[] g, int go) {
        return valueAndGradient(x, o, w, g, go, m.observed(), 0, m.auxdata(), 0) + model.mainConst + model.gaussConst
                + model.poisConst;
    }

    /**
     * As {@link #valueAndGradient(double[], int, Work, double[], int)} against main data {@code obs[oo …]} and
     * auxiliary data {@code aux[ao …]}, without the log-likelihood's constant (which depends on the data only).
     */
    double valueAndGradient(double[] x, int o, Work w, double[] g, int go, double[] obs, int oo, double[] aux,
            int ao) {
        final int nPars = m.nPars();
        Arrays.fill(g, go, go + nPars, 0.0);
        final double[] base = w.base;
        model.baseRows(x, o, base);
        final HistoRuns h = model.runs;
        final int code = m.histoCode();
        final int[] hPar = h.par();
        final int[] rfPar = m.rfPar();
        final int rows = base.length;
        for (int r = 0; r < rows; r++) {
            double p = 1;
            for (int q = rfStart[r]; q < rfStart[r + 1]; q++) {
                p *= x[o + rfPar[rfList[q]]];
            }
            w.rf[r] = p;
        }
        final int[] nsPar = m.nsPar();
        final int[] bfPar = m.bfPar();
        for (int b = 0; b < m.nBlocks(); b++) {
            double p = 1;
            for (int q = bStart[b]; q < bStart[b + 1]; q++) {
                int e = bList[q];
                if (e >= 0) {
                    double a = x[o + nsPar[e]];
                    w.ev[q] = Interpolation.normFactor(m.normCode(), a, m.nsHi()[e], m.nsLo()[e], model.code4, 6 * e);
                    w.ed[q] = Interpolation.normFactorDerivative(m.normCode(), a, m.nsHi()[e], m.nsLo()[e],
                            model.code4, 6 * e);
                } else {
                    w.ev[q] = x[o + bfPar[~e]];
                    w.ed[q] = 1;
                }
                p *= w.ev[q];
            }
            w.bf[b] = p;
        }
        final int[] rowBin = m.rowBin();
        final int[] rowBlock = m.rowBlock();
        Arrays.fill(w.nu, 0.0);
        for (int r = 0; r < rows; r++) {
            w.nu[rowBin[r]] += base[r] * w.rf[r] * w.bf[rowBlock[r]];
        }
        double main = 0;
        for (int j = 0; j < m.nBins(); j++) {
            double n = obs[oo + j];
            double nu = w.nu[j];
            double d = n - nu;
            main += PoissonTerm.term(n, nu, d);
            w.w[j] = n == 0 ? -1 : d / nu;
        }
        // backward: rows, their factors, block factors
        Arrays.fill(w.dBf, 0.0);
        for (int r = 0; r < rows; r++) {
            final double wr = w.w[rowBin[r]];
            final int b = rowBlock[r];
            w.dBf[b] += wr * base[r] * w.rf[r];
            final double dFinal = wr * w.bf[b];
            for (int q = rfStart[r]; q < rfStart[r + 1]; q++) {
                double others = base[r];
                for (int q2 = rfStart[r]; q2 < rfStart[r + 1]; q2++) {
                    if (q2 != q) {
                        others *= x[o + rfPar[rfList[q2]]];
                    }
                }
                g[go + rfPar[rfList[q]]] += dFinal * others;
            }
            w.dBase[r] = dFinal * w.rf[r];
        }
        for (int k = 0; k < hPar.length; k++) {
            final double a = x[o + hPar[k]];
            final double d1 = Interpolation.histoC1Derivative(code, a);
            final double d2 = Interpolation.histoC2Derivative(code, a);
            final int r0 = h.row()[k];
            final int d0 = h.data()[k];
            double s = 0;
            for (int i = 0; i < h.len()[k]; i++) {
                s += w.dBase[r0 + i] * (d1 * h.s()[d0 + i] + d2 * h.a()[d0 + i]);
            }
            g[go + hPar[k]] += s;
        }
        for (int b = 0; b < m.nBlocks(); b++) {
            for (int q = bStart[b]; q < bStart[b + 1]; q++) {
                double others = 1;
                for (int q2 = bStart[b]; q2 < bStart[b + 1]; q2++) {
                    if (q2 != q) {
                        others *= w.ev[q2];
                    }
                }
                int e = bList[q];
                g[go + (e >= 0 ? nsPar[e] : bfPar[~e])] += w.dBf[b] * others * w.ed[q];
            }
        }
        // constraints
        final int[] gp = m.gaussPar();
        final int[] ga = m.gaussAux();
        for (int k = 0; k < gp.length; k++) {
            double is = model.invSigma[k];
            g[go + gp[k]] += (aux[ao + ga[k]] - x[o + gp[k]]) * is * is;
        }
        final int[] pp = m.poisPar();
        final int[] pa = m.poisAux();
        final double[] pf = m.poisFactor();
        for (int k = 0; k < pp.length; k++) {
            // n/x − f = (n − x·f)/x, the numerator with one rounding (τ ~ 1e12: n/x and f cancel to ~1e-4)
            double n = aux[ao + pa[k]];
            double xk = x[o + pp[k]];
            g[go + pp[k]] += n == 0 ? -pf[k] : Math.fma(-xk, pf[k], n) / xk;
        }
        return main + model.constraintVariable(x, o, aux, ao);
    }
}
