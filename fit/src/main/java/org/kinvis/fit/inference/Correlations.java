package org.kinvis.fit.inference;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.kinvis.fit.minimize.FitResult;

/**
 * The correlation matrix of a fit's free parameters, pruned as cabinetry's {@code correlation_matrix} does:
 * parameters whose largest |correlation| with any other stays below a threshold are left out (and at most
 * {@code max} are kept, those with the largest correlations), parameter order kept.
 */
public record Correlations(List<String> names, double[][] matrix) {

    public static Correlations of(FitResult fit, double threshold, int max) {
        int n = fit.values().length;
        List<Integer> keep = new ArrayList<>();
        double[] strongest = new double[n];
        for (int i = 0; i < n; i++) {
            if (fit.fixed()[i] || fit.covariance() == null || !(fit.covariance()[i][i] > 0)) {
                continue;
            }
            for (int j = 0; j < n; j++) {
                if (j != i && !fit.fixed()[j]) {
                    strongest[i] = Math.max(strongest[i], Math.abs(fit.correlation(i, j)));
                }
            }
            if (strongest[i] >= threshold) {
                keep.add(i);
            }
        }
        if (keep.size() > max) {
            List<Integer> top = new ArrayList<>(keep);
            top.sort(Comparator.comparingDouble((Integer i) -> strongest[i]).reversed());
            keep.retainAll(top.subList(0, max));
        }
        List<String> names = new ArrayList<>();
        double[][] m = new double[keep.size()][keep.size()];
        for (int a = 0; a < keep.size(); a++) {
            names.add(fit.names().get(keep.get(a)));
            for (int b = 0; b < keep.size(); b++) {
                m[a][b] = a == b ? 1 : fit.correlation(keep.get(a), keep.get(b));
            }
        }
        return new Correlations(names, m);
    }
}
