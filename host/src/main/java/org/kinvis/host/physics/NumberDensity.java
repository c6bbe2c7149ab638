package org.kinvis.host.physics;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.kinvis.host.input.InputException;
import org.kinvis.host.input.InputFiles;

/**
 * A signal number density {@code N[reco bin j][true bin i]} of the Belle II data (CSV, rows = analysis bins of
 * one channel, 101 columns = the sentinel and the 100 true-q² bins). Folds true-bin weights onto the analysis
 * bins: {@code factor_j = Σ_i N_ji w_i / Σ_i N_ji}.
 */
public record NumberDensity(String source, double[][] rows) {

    public static NumberDensity read(Path csv, int columns) {
        String name = csv.toString();
        List<String> lines = InputFiles.readAllLines(csv);
        List<double[]> rows = new ArrayList<>();
        for (int r = 0; r < lines.size(); r++) {
            String line = lines.get(r).trim();
            if (line.isEmpty()) {
                continue;
            }
            String[] cells = line.split(",");
            if (cells.length != columns) {
                throw InputException.at(name, "row " + (r + 1), "has " + cells.length + " columns, expected " + columns);
            }
            double[] v = new double[columns];
            for (int c = 0; c < columns; c++) {
                try {
                    v[c] = Double.parseDouble(cells[c].trim());
                } catch (NumberFormatException e) {
                    throw InputException.at(name, "row " + (r + 1) + " column " + (c + 1),
                            "expected a number, got '" + cells[c].trim() + "'");
                }
                if (!Double.isFinite(v[c]) || v[c] < 0) {
                    throw InputException.at(name, "row " + (r + 1) + " column " + (c + 1),
                            "expected a finite number ≥ 0, got " + cells[c].trim());
                }
            }
            rows.add(v);
        }
        if (rows.isEmpty()) {
            throw new InputException(name + ": no rows, expected one per analysis bin");
        }
        return new NumberDensity(name, rows.toArray(new double[0][]));
    }

    /**
     * Checks that row j sums to {@code nominal[j]} within {@code tolerance} (absolute, events): a map folds
     * true-bin weights onto the yields of the workspace's signal sample, so its rows must be those yields split by
     * true q² (belle2-knunu/README.md). The error names the file, the row, the sum and what was expected.
     */
    public void checkRowSums(double[] nominal, double tolerance, String sample) {
        if (nominal.length != rows.length) {
            throw InputException.at(source, "rows", "has " + rows.length + " rows, expected " + nominal.length
                    + " (the bins of " + sample + ")");
        }
        double[] sums = rowSums();
        for (int j = 0; j < rows.length; j++) {
            if (!(Math.abs(sums[j] - nominal[j]) <= tolerance)) {
                throw InputException.at(source, "row " + (j + 1), "sums to " + sums[j] + ", expected the nominal"
                        + " yield " + nominal[j] + " of bin " + (j + 1) + " of " + sample + " (within " + tolerance
                        + ")");
            }
        }
    }

    /** Σ_i N_ji per analysis bin (the nominal signal yield the map encodes). */
    public double[] rowSums() {
        double[] s = new double[rows.length];
        for (int j = 0; j < rows.length; j++) {
            for (double v : rows[j]) {
                s[j] += v;
            }
        }
        return s;
    }

    /**
     * The fold as a matrix, {@code N_ji / Σ_i N_ji} (a row of zeros where the row is empty, whose factor is 1 by
     * {@link #fold}'s rule): factor_j is this matrix times the weights, so its derivatives are too.
     */
    public double[][] normalisedRows() {
        double[][] out = new double[rows.length][];
        for (int j = 0; j < rows.length; j++) {
            double den = 0;
            for (double v : rows[j]) {
                den += v;
            }
            out[j] = new double[rows[j].length];
            for (int i = 0; den > 0 && i < rows[j].length; i++) {
                out[j][i] = rows[j][i] / den;
            }
        }
        return out;
    }

    /** factor_j = Σ_i N_ji w_i / Σ_i N_ji (1 where the row is empty). */
    public double[] fold(double[] weights) {
        double[] f = new double[rows.length];
        for (int j = 0; j < rows.length; j++) {
            double num = 0;
            double den = 0;
            for (int i = 0; i < weights.length; i++) {
                num += rows[j][i] * weights[i];
                den += rows[j][i];
            }
            f[j] = den > 0 ? num / den : 1;
        }
        return f;
    }
}
