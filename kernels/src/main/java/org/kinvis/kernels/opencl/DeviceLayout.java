package org.kinvis.kernels.opencl;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kinvis.kernels.Interpolation;
import org.kinvis.kernels.ModelLayout;

/**
 * A {@link ModelLayout} regrouped for a work-group per point: everything a work-item needs for one row, block
 * or bin is a contiguous CSR slice, so rows, blocks and bins are processed in parallel without atomics.
 * Histosys parameters are numbered compactly ({@code hpPar}) so that their c1/c2 coefficients live in local
 * memory.
 */
record DeviceLayout(
        int[] hpPar,
        int[] rowHs, int[] hsHp, double[] hsS, double[] hsA,
        int[] rowRf, int[] rfPar, int[] rowBlock, double[] nominal,
        int[] blkNs, int[] nsBlk, int[] nsPar, double[] nsLnHi, double[] nsLnLo, double[] nsCoef,
        int[] blkBf, int[] bfPar,
        int[] binRow, int[] binRows, double[] observed,
        int[] gPar, double[] gAux, double[] gInv,
        int[] pPar, double[] pAux, double[] pFac) {

    static DeviceLayout of(ModelLayout m) {
        int nRows = m.nRows();
        // compact histosys parameter ids in order of first use
        Map<Integer, Integer> hp = new LinkedHashMap<>();
        for (int par : m.hsPar()) {
            hp.putIfAbsent(par, hp.size());
        }
        List<List<double[]>> perRow = new ArrayList<>(); // {hpId, S, A}
        for (int r = 0; r < nRows; r++) {
            perRow.add(new ArrayList<>());
        }
        for (int k = 0; k < m.hsPar().length; k++) {
            int id = hp.get(m.hsPar()[k]);
            for (int i = 0; i < m.hsRowCount()[k]; i++) {
                double up = m.hsUp()[m.hsDataStart()[k] + i];
                double dn = m.hsDown()[m.hsDataStart()[k] + i];
                perRow.get(m.hsRowStart()[k] + i).add(new double[] {id, 0.5 * (up + dn), 0.0625 * (up - dn)});
            }
        }
        int[] rowHs = new int[nRows + 1];
        int total = perRow.stream().mapToInt(List::size).sum();
        int[] hsHp = new int[total];
        double[] hsS = new double[total];
        double[] hsA = new double[total];
        int e = 0;
        for (int r = 0; r < nRows; r++) {
            rowHs[r] = e;
            for (double[] c : perRow.get(r)) {
                hsHp[e] = (int) c[0];
                hsS[e] = c[1];
                hsA[e] = c[2];
                e++;
            }
        }
        rowHs[nRows] = e;
        int[][] rf = csr(nRows, m.rfRow(), m.rfPar());
        int nb = m.nBlocks();
        Integer[] nsOrder = sortedBy(m.nsBlock());
        int[] blkNs = offsets(nb, m.nsBlock());
        int ns = nsOrder.length;
        int[] nsBlk = new int[ns];
        int[] nsPar = new int[ns];
        double[] lnHi = new double[ns];
        double[] lnLo = new double[ns];
        double[] coef = new double[6 * ns];
        for (int i = 0; i < ns; i++) {
            int k = nsOrder[i];
            nsBlk[i] = m.nsBlock()[k];
            nsPar[i] = m.nsPar()[k];
            lnHi[i] = Math.log(m.nsHi()[k]);
            lnLo[i] = Math.log(m.nsLo()[k]);
            if (m.normCode() == Interpolation.CODE4) {
                System.arraycopy(Interpolation.code4Coefficients(m.nsHi()[k], m.nsLo()[k]), 0, coef, 6 * i, 6);
            }
        }
        int[][] bf = csr(nb, m.bfBlock(), m.bfPar());
        int[] rowIdx = new int[nRows];
        Arrays.setAll(rowIdx, i -> i);
        int[][] bins = csr(m.nBins(), m.rowBin(), rowIdx);
        double[] gAux = new double[m.gaussPar().length];
        double[] gInv = new double[gAux.length];
        for (int k = 0; k < gAux.length; k++) {
            gAux[k] = m.auxdata()[m.gaussAux()[k]];
            gInv[k] = 1.0 / m.gaussSigma()[k];
        }
        double[] pAux = new double[m.poisPar().length];
        for (int k = 0; k < pAux.length; k++) {
            pAux[k] = m.auxdata()[m.poisAux()[k]];
        }
        int[] hpPar = hp.keySet().stream().mapToInt(Integer::intValue).toArray();
        return new DeviceLayout(hpPar, rowHs, hsHp, hsS, hsA, rf[0], rf[1], m.rowBlock(), m.nominal(), blkNs, nsBlk, nsPar,
                lnHi, lnLo, coef, bf[0], bf[1], bins[0], bins[1], m.observed(), m.gaussPar(), gAux, gInv,
                m.poisPar(), pAux, m.poisFactor());
    }

    /** CSR of (key → values) for keys in [0, n): {offsets[n+1], values ordered by key, stable}. */
    private static int[][] csr(int n, int[] keys, int[] values) {
        Integer[] order = sortedBy(keys);
        int[] vals = new int[order.length];
        for (int i = 0; i < order.length; i++) {
            vals[i] = values[order[i]];
        }
        return new int[][] {offsets(n, keys), vals};
    }

    private static Integer[] sortedBy(int[] keys) {
        Integer[] order = new Integer[keys.length];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, (a, b) -> Integer.compare(keys[a], keys[b]));
        return order;
    }

    private static int[] offsets(int n, int[] keys) {
        int[] off = new int[n + 1];
        for (int k : keys) {
            off[k + 1]++;
        }
        for (int i = 0; i < n; i++) {
            off[i + 1] += off[i];
        }
        return off;
    }
}
