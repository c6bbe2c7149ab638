package org.kinvis.kernels;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The histosys applications of a layout regrouped for throughput: applications of the same parameter on
 * consecutive rows are merged into one run, and each bin carries {@code S = (up + dn)/2} and
 * {@code A = (up − dn)/16} so that every interpolation code is {@code δ = c1(α)·S + c2(α)·A}
 * ({@link Interpolation#histoC1}). On the Belle II workspace the 403 applications of 3–9 bins become far fewer,
 * longer runs, which the JIT vectorises and a GPU work-group strides over.
 *
 * @param par  parameter index of run k
 * @param row  first row of run k
 * @param len  rows in run k
 * @param data offset of run k's bins in {@code s} and {@code a}
 */
public record HistoRuns(int[] par, int[] row, int[] len, int[] data, double[] s, double[] a) {

    public static HistoRuns of(ModelLayout m) {
        int apps = m.hsPar().length;
        List<Integer> order = new ArrayList<>();
        for (int k = 0; k < apps; k++) {
            order.add(k);
        }
        order.sort(Comparator.<Integer>comparingInt(k -> m.hsPar()[k]).thenComparingInt(k -> m.hsRowStart()[k]));
        List<int[]> runs = new ArrayList<>(); // {par, row, len}
        List<Integer> members = new ArrayList<>();
        List<List<Integer>> runMembers = new ArrayList<>();
        for (int k : order) {
            int[] last = runs.isEmpty() ? null : runs.get(runs.size() - 1);
            if (last != null && last[0] == m.hsPar()[k] && last[1] + last[2] == m.hsRowStart()[k]) {
                last[2] += m.hsRowCount()[k];
                runMembers.get(runMembers.size() - 1).add(k);
            } else {
                runs.add(new int[] {m.hsPar()[k], m.hsRowStart()[k], m.hsRowCount()[k]});
                members = new ArrayList<>();
                members.add(k);
                runMembers.add(members);
            }
        }
        int n = runs.size();
        int[] par = new int[n];
        int[] row = new int[n];
        int[] len = new int[n];
        int[] data = new int[n];
        double[] s = new double[m.hsUp().length];
        double[] a = new double[m.hsUp().length];
        int d = 0;
        for (int r = 0; r < n; r++) {
            par[r] = runs.get(r)[0];
            row[r] = runs.get(r)[1];
            len[r] = runs.get(r)[2];
            data[r] = d;
            for (int k : runMembers.get(r)) {
                int d0 = m.hsDataStart()[k];
                for (int i = 0; i < m.hsRowCount()[k]; i++) {
                    double up = m.hsUp()[d0 + i];
                    double dn = m.hsDown()[d0 + i];
                    s[d] = 0.5 * (up + dn);
                    a[d] = 0.0625 * (up - dn);
                    d++;
                }
            }
        }
        return new HistoRuns(par, row, len, data, s, a);
    }
}
