package org.kinvis.kernels.opencl;

import java.util.ArrayList;
import java.util.List;
import org.kinvis.kernels.ModelLayout;

/**
 * The index lists of the backward pass of {@code histfactory_grad}, on top of a {@link DeviceLayout}. Every use of
 * a parameter has a <em>slot</em> that one work-item writes its partial derivative into, numbered
 * <pre>
 *   [histosys parameter h | row-factor entry (DeviceLayout.rfPar order) | normsys entry | block-factor entry |
 *    Gaussian constraint | Poisson constraint]
 * </pre>
 * and {@code parStart/parSlot} list, per parameter, the slots it gathers (in increasing order: the summation
 * order is fixed, so results do not depend on the device's scheduling).
 *
 * @param hpStart     histosys parameter h's (row, S, A) entries: {@code [hpStart[h], hpStart[h+1])}
 * @param blkRowStart block b's rows: {@code blkRows[blkRowStart[b] .. blkRowStart[b+1])}
 * @param nSlots      number of slots
 */
record GradientLayout(int[] hpStart, int[] hpRow, double[] hpS, double[] hpA, int[] rowBin, int[] blkRowStart,
        int[] blkRows, int[] parStart, int[] parSlot, int nSlots) {

    static GradientLayout of(ModelLayout m, DeviceLayout d) {
        int nHp = d.hpPar().length;
        int nRows = m.nRows();
        // histosys entries regrouped by parameter
        int[] hpStart = new int[nHp + 1];
        for (int h : d.hsHp()) {
            hpStart[h + 1]++;
        }
        for (int h = 0; h < nHp; h++) {
            hpStart[h + 1] += hpStart[h];
        }
        int[] fill = hpStart.clone();
        int[] hpRow = new int[d.hsHp().length];
        double[] hpS = new double[hpRow.length];
        double[] hpA = new double[hpRow.length];
        for (int r = 0; r < nRows; r++) {
            for (int k = d.rowHs()[r]; k < d.rowHs()[r + 1]; k++) {
                int e = fill[d.hsHp()[k]]++;
                hpRow[e] = r;
                hpS[e] = d.hsS()[k];
                hpA[e] = d.hsA()[k];
            }
        }
        int[] blkRowStart = new int[m.nBlocks() + 1];
        for (int b : m.rowBlock()) {
            blkRowStart[b + 1]++;
        }
        for (int b = 0; b < m.nBlocks(); b++) {
            blkRowStart[b + 1] += blkRowStart[b];
        }
        int[] bf = blkRowStart.clone();
        int[] blkRows = new int[nRows];
        for (int r = 0; r < nRows; r++) {
            blkRows[bf[m.rowBlock()[r]]++] = r;
        }
        // the parameter of every slot, in slot order
        List<int[]> slotPars = List.of(d.hpPar(), d.rfPar(), d.nsPar(), d.bfPar(), d.gPar(), d.pPar());
        List<Integer> owner = new ArrayList<>();
        for (int[] pars : slotPars) {
            for (int p : pars) {
                owner.add(p);
            }
        }
        int nSlots = owner.size();
        int[] parStart = new int[m.nPars() + 1];
        for (int p : owner) {
            parStart[p + 1]++;
        }
        for (int i = 0; i < m.nPars(); i++) {
            parStart[i + 1] += parStart[i];
        }
        int[] pf = parStart.clone();
        int[] parSlot = new int[nSlots];
        for (int s = 0; s < nSlots; s++) {
            parSlot[pf[owner.get(s)]++] = s;
        }
        return new GradientLayout(hpStart, hpRow, hpS, hpA, m.rowBin(), blkRowStart, blkRows, parStart, parSlot,
                nSlots);
    }

    /** Scratch reals per point (the kernel's carve-up, see histfactory.cl), without the reduction array. */
    long scratchPerPoint(ModelLayout m, DeviceLayout d) {
        long nE = d.nsPar().length + d.bfPar().length;
        return 3L * d.hpPar().length + 2 * nE + 2L * m.nBlocks() + 3L * m.nRows() + m.nBins() + nSlots;
    }
}
