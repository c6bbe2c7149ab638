package org.kinvis.fit.inference;

import java.util.ArrayList;
import java.util.List;
import org.kinvis.host.model.CompiledModel;
import org.kinvis.host.model.HistFactoryLikelihood;

/**
 * Expected yields per channel, sample and bin at a parameter point, with the uncertainty of the total per bin
 * from a covariance (cabinetry's {@code model_utils.yield_stdev}): linear propagation σ²_b = Σ_ij J_bi C_ij J_bj
 * through the Jacobian of the yields, J by central differences of ±1 standard deviation of each parameter (the
 * ±1σ variations cabinetry evaluates), all 2N varied points evaluated as one backend batch. Pre-fit: the
 * suggested inits with the constraints' widths (uncorrelated, unconstrained parameters without width); post-fit:
 * the best fit with its HESSE covariance.
 */
public record Yields(List<String> samples, List<Channel> channels) {

    /**
     * One channel: {@code yields[s][b]} of sample s in bin b (0 where the sample is absent), the total, its
     * standard deviation and the observed data.
     */
    public record Channel(String name, double[][] yields, double[] total, double[] totalError, double[] data) {
    }

    /**
     * @param point      parameter values
     * @param covariance external covariance (parameters with zero variance do not vary)
     */
    public static Yields at(HistFactoryLikelihood lik, double[] point, double[][] covariance) {
        CompiledModel m = lik.model();
        int nRows = m.layout().nominal().length;
        int nPars = point.length;
        List<Integer> varied = new ArrayList<>();
        for (int i = 0; i < nPars; i++) {
            if (covariance[i][i] > 0) {
                varied.add(i);
            }
        }
        int nv = varied.size();
        double[] pts = new double[(2 * nv + 1) * nPars];
        for (int p = 0; p < 2 * nv + 1; p++) {
            System.arraycopy(point, 0, pts, p * nPars, nPars);
        }
        for (int a = 0; a < nv; a++) {
            int i = varied.get(a);
            double h = Math.sqrt(covariance[i][i]);
            pts[(1 + 2 * a) * nPars + i] += h;
            pts[(2 + 2 * a) * nPars + i] -= h;
        }
        double[] rows = new double[(2 * nv + 1) * nRows];
        lik.evaluator().rowYields(pts, 2 * nv + 1, rows);
        int nBins = m.layout().nBins();
        int[] rowBin = m.layout().rowBin();
        // Jacobian of the bin totals: J[b][a] = ∂ν_b/∂θ_a
        double[][] jac = new double[nBins][nv];
        for (int a = 0; a < nv; a++) {
            double h = Math.sqrt(covariance[varied.get(a)][varied.get(a)]);
            for (int r = 0; r < nRows; r++) {
                double up = rows[(1 + 2 * a) * nRows + r];
                double down = rows[(2 + 2 * a) * nRows + r];
                jac[rowBin[r]][a] += (up - down) / (2 * h);
            }
        }
        double[] var = new double[nBins];
        for (int b = 0; b < nBins; b++) {
            double s = 0;
            for (int a = 0; a < nv; a++) {
                double ja = jac[b][a];
                if (ja == 0) {
                    continue;
                }
                int i = varied.get(a);
                for (int c = 0; c < nv; c++) {
                    s += ja * covariance[i][varied.get(c)] * jac[b][c];
                }
            }
            var[b] = Math.max(s, 0);
        }
        double[] observed = m.observed();
        List<Channel> channels = new ArrayList<>();
        int nSamples = m.samples().size();
        for (int c = 0; c < m.channels().size(); c++) {
            int off = m.channelOffset(c);
            int n = m.channelBins()[c];
            double[][] ys = new double[nSamples][n];
            double[] tot = new double[n];
            double[] err = new double[n];
            double[] data = new double[n];
            for (int r = 0; r < nRows; r++) {
                int b = rowBin[r] - off;
                if (b >= 0 && b < n) {
                    ys[m.rowSample()[r]][b] += rows[r];
                    tot[b] += rows[r];
                }
            }
            for (int b = 0; b < n; b++) {
                err[b] = Math.sqrt(var[off + b]);
                data[b] = observed[off + b];
            }
            channels.add(new Channel(m.channels().get(c), ys, tot, err, data));
        }
        return new Yields(m.samples(), channels);
    }

    /** The pre-fit covariance: the constraints' widths squared on the diagonal (free constrained parameters). */
    public static double[][] prefitCovariance(HistFactoryLikelihood lik) {
        double[][] pre = Pulls.prefit(lik.parameters());
        boolean[] fixed = lik.parameters().fixed();
        int n = pre[1].length;
        double[][] c = new double[n][n];
        for (int i = 0; i < n; i++) {
            c[i][i] = fixed[i] ? 0 : pre[1][i] * pre[1][i];
        }
        return c;
    }
}
