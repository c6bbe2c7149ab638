package org.kinvis.kernels;

import java.util.Arrays;

/**
 * A HistFactory model compiled to flat primitive arrays: the only thing the backends see. Immutable by contract
 * (the arrays are never written after construction).
 *
 * <p>The expected rate of main bin {@code j} at parameter vector {@code x} is
 * {@code ν_j = Σ_{rows r in bin j} (nominal[r] + Σ histosys deltas) · Π per-row factors · Π block factors},
 * where a <em>row</em> is one (sample, bin) pair that exists in the workspace and a <em>block</em> is one
 * (sample, channel) pair (its rows are contiguous). Modifier families:
 * <ul>
 *   <li>histosys (additive, per row): application {@code k} adds {@code δ(x[hsPar[k]])} to rows
 *       {@code hsRowStart[k] .. +hsRowCount[k]} using {@code hsUp/hsDown} from {@code hsDataStart[k]};</li>
 *   <li>normsys (multiplicative, per block): {@code nsHi/nsLo} with {@link #normCode()};</li>
 *   <li>block factors (normfactor, lumi): block {@code bfBlock[k]} times {@code x[bfPar[k]]};</li>
 *   <li>row factors (staterror, shapesys, shapefactor): row {@code rfRow[k]} times {@code x[rfPar[k]]}.</li>
 * </ul>
 * The log-likelihood is {@code Σ_j [n_j log ν_j − ν_j − lgamma(n_j+1)]} plus Gaussian constraints
 * {@code log N(aux[gaussAux[k]] | x[gaussPar[k]], gaussSigma[k])} and Poisson constraints
 * {@code log Pois(aux[poisAux[k]] | x[poisPar[k]]·poisFactor[k])}, exactly as pyhf's {@code Model.logpdf}.
 */
public record ModelLayout(
        int nPars,
        int nBins,
        double[] observed,
        double[] auxdata,
        int nBlocks,
        int[] rowBin,
        int[] rowBlock,
        double[] nominal,
        int histoCode,
        int[] hsPar,
        int[] hsRowStart,
        int[] hsRowCount,
        int[] hsDataStart,
        double[] hsUp,
        double[] hsDown,
        int normCode,
        int[] nsPar,
        int[] nsBlock,
        double[] nsHi,
        double[] nsLo,
        int[] bfPar,
        int[] bfBlock,
        int[] rfRow,
        int[] rfPar,
        int[] gaussPar,
        int[] gaussAux,
        double[] gaussSigma,
        int[] poisPar,
        int[] poisAux,
        double[] poisFactor) {

    public ModelLayout {
        require(observed.length == nBins, "observed has %d entries, expected nBins=%d", observed.length, nBins);
        int nRows = nominal.length;
        require(rowBin.length == nRows && rowBlock.length == nRows, "rowBin/rowBlock/nominal lengths differ");
        require(hsPar.length == hsRowStart.length && hsPar.length == hsRowCount.length
                && hsPar.length == hsDataStart.length, "histosys application arrays differ in length");
        require(hsUp.length == hsDown.length, "hsUp/hsDown lengths differ");
        require(nsPar.length == nsBlock.length && nsPar.length == nsHi.length && nsPar.length == nsLo.length,
                "normsys arrays differ in length");
        require(bfPar.length == bfBlock.length, "block factor arrays differ in length");
        require(rfRow.length == rfPar.length, "row factor arrays differ in length");
        require(gaussPar.length == gaussAux.length && gaussPar.length == gaussSigma.length,
                "gaussian constraint arrays differ in length");
        require(poisPar.length == poisAux.length && poisPar.length == poisFactor.length,
                "poisson constraint arrays differ in length");
        require(histoCode == Interpolation.CODE0 || histoCode == Interpolation.CODE2
                || histoCode == Interpolation.CODE4P, "histosys code %d not supported", histoCode);
        require(normCode == Interpolation.CODE1 || normCode == Interpolation.CODE4,
                "normsys code %d not supported", normCode);
        for (int r = 0; r < nRows; r++) {
            require(rowBin[r] >= 0 && rowBin[r] < nBins, "row %d maps to bin %d outside [0,%d)", r, rowBin[r], nBins);
            require(rowBlock[r] >= 0 && rowBlock[r] < nBlocks, "row %d maps to block %d", r, rowBlock[r]);
        }
        for (int k = 0; k < hsPar.length; k++) {
            require(hsRowStart[k] >= 0 && hsRowStart[k] + hsRowCount[k] <= nRows, "histosys %d rows out of range", k);
            require(hsDataStart[k] >= 0 && hsDataStart[k] + hsRowCount[k] <= hsUp.length, "histosys %d data", k);
        }
        checkIndices(hsPar, nPars, "hsPar");
        checkIndices(nsPar, nPars, "nsPar");
        checkIndices(nsBlock, nBlocks, "nsBlock");
        checkIndices(bfPar, nPars, "bfPar");
        checkIndices(bfBlock, nBlocks, "bfBlock");
        checkIndices(rfRow, nRows, "rfRow");
        checkIndices(rfPar, nPars, "rfPar");
        checkIndices(gaussPar, nPars, "gaussPar");
        checkIndices(gaussAux, auxdata.length, "gaussAux");
        checkIndices(poisPar, nPars, "poisPar");
        checkIndices(poisAux, auxdata.length, "poisAux");
    }

    /** Number of rows, i.e. (sample, bin) pairs with a nominal yield entry. */
    public int nRows() {
        return nominal.length;
    }

    /** The same model with other main and auxiliary data (e.g. an Asimov data set). */
    public ModelLayout withData(double[] newObserved, double[] newAuxdata) {
        require(newAuxdata.length == auxdata.length, "auxdata has %d entries, expected %d",
                newAuxdata.length, auxdata.length);
        return new ModelLayout(nPars, nBins, newObserved.clone(), newAuxdata.clone(), nBlocks, rowBin, rowBlock,
                nominal, histoCode, hsPar, hsRowStart, hsRowCount, hsDataStart, hsUp, hsDown, normCode, nsPar,
                nsBlock, nsHi, nsLo, bfPar, bfBlock, rfRow, rfPar, gaussPar, gaussAux, gaussSigma, poisPar, poisAux,
                poisFactor);
    }

    /**
     * The same model with one extra multiplicative factor on each of {@code rows}: the factors become parameters
     * {@code nPars … nPars + rows.length − 1} (plain per-row inputs, e.g. reweighting factors the host computes).
     */
    public ModelLayout withRowFactors(int[] rows) {
        int[] newRow = java.util.Arrays.copyOf(rfRow, rfRow.length + rows.length);
        int[] newPar = java.util.Arrays.copyOf(rfPar, rfPar.length + rows.length);
        for (int k = 0; k < rows.length; k++) {
            newRow[rfRow.length + k] = rows[k];
            newPar[rfPar.length + k] = nPars + k;
        }
        return new ModelLayout(nPars + rows.length, nBins, observed, auxdata, nBlocks, rowBin, rowBlock, nominal,
                histoCode, hsPar, hsRowStart, hsRowCount, hsDataStart, hsUp, hsDown, normCode, nsPar, nsBlock, nsHi,
                nsLo, bfPar, bfBlock, newRow, newPar, gaussPar, gaussAux, gaussSigma, poisPar, poisAux, poisFactor);
    }

    private static void checkIndices(int[] idx, int limit, String what) {
        for (int i = 0; i < idx.length; i++) {
            require(idx[i] >= 0 && idx[i] < limit, "%s[%d]=%d outside [0,%d)", what, i, idx[i], limit);
        }
    }

    private static void require(boolean ok, String fmt, Object... args) {
        if (!ok) {
            throw new IllegalArgumentException("invalid model layout: " + String.format(fmt, args));
        }
    }

    @Override
    public boolean equals(Object o) {
        return this == o;
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(this);
    }

    @Override
    public String toString() {
        return "ModelLayout[pars=" + nPars + ", bins=" + nBins + ", rows=" + nRows() + ", blocks=" + nBlocks
                + ", histosys=" + hsPar.length + ", normsys=" + nsPar.length + ", blockFactors=" + bfPar.length
                + ", rowFactors=" + rfRow.length + ", gauss=" + gaussPar.length + ", poisson=" + poisPar.length
                + ", observed=" + Arrays.toString(Arrays.copyOf(observed, Math.min(3, observed.length))) + "...]";
    }
}
