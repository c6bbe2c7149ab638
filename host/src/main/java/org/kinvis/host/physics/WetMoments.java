package org.kinvis.host.physics;

import java.util.Arrays;

/**
 * The WET rate (EOS {@code B->Knunu::dBR/dq2}, PHYSICS.md §3.2, §3.4) in true bins as quadratic forms. The rate is
 * {@code Σ_c K_c n_c(q²) F_c(q²)²} over the channels c = V, S, T with F = f+, f0, fT, coupling weights K_c
 * (|cV|², |cS|², |cT|² in EOS's convention) and kinematic factors n_c ({@link WetScenario#densities}); each BSZ2015
 * form factor is linear in three of its α, {@code F_c = a_c · b_c(q²)} (BSZ arXiv:1503.05534). So each bin's
 * Gauss–Legendre 16 integral is {@code Σ_c K_c a_cᵀ M_{c,i} a_c} with the moment matrices
 * {@code M_{c,i} = Σ_nodes w n_c b_c b_cᵀ}: the spectrum's own quadrature, summed in another order, and its
 * derivatives are exact, {@code ∂/∂K_c = a_cᵀ M a_c} and {@code ∂/∂a_c = 2 K_c M a_c}. The matrices depend on
 * the binning only and are computed once. Any linear map of the bin integrals (a fold onto analysis bins) is a
 * set of quadratic forms too, with the mapped matrices ({@link #folded}).
 */
public final class WetMoments {
    /** [row][6 c + s]: the upper triangle (00, 01, 02, 11, 12, 22) of M_{c,row}; rows are bins or folded rows. */
    private final double[][] m;
    private final TrueBinning bins;
    private static volatile WetMoments last;

    private WetMoments(TrueBinning bins, double[][] m) {
        this.bins = bins;
        this.m = m;
    }

    private WetMoments(TrueBinning bins) {
        this.bins = bins;
        double[] x = GaussLegendre.nodes();
        double[] w = GaussLegendre.weights();
        double[] b = new double[3];
        m = new double[bins.size()][18];
        for (int i = 0; i < bins.size(); i++) {
            double lo = Math.max(bins.lo()[i], 0);
            double hi = Math.min(bins.hi()[i], EosConstants.q2Max());
            if (!(hi > lo)) {
                continue;
            }
            double half = 0.5 * (hi - lo);
            double mid = 0.5 * (hi + lo);
            for (int k = 0; k < x.length; k++) {
                double q2 = mid + half * x[k];
                double[] n = WetScenario.densities(q2);
                for (int c = 0; c < 3; c++) {
                    FormFactorsBsz2015.basis(c, q2, b, 0);
                    double wn = w[k] * half * n[c];
                    int s = 6 * c;
                    m[i][s] += wn * b[0] * b[0];
                    m[i][s + 1] += wn * b[0] * b[1];
                    m[i][s + 2] += wn * b[0] * b[2];
                    m[i][s + 3] += wn * b[1] * b[1];
                    m[i][s + 4] += wn * b[1] * b[2];
                    m[i][s + 5] += wn * b[2] * b[2];
                }
            }
        }
    }

    /** The moments of a binning (the last one asked for is kept: there is one binning in practice). */
    public static WetMoments of(TrueBinning bins) {
        WetMoments w = last;
        if (w == null || !(Arrays.equals(w.bins.lo(), bins.lo()) && Arrays.equals(w.bins.hi(), bins.hi()))) {
            w = new WetMoments(bins);
            last = w;
        }
        return w;
    }

    /**
     * The moments of {@code Σ_i map[r][i] ∫_{bin i}}: row r of the result is the quadratic form of that linear
     * combination of this binning's integrals.
     */
    public WetMoments folded(double[][] map) {
        double[][] f = new double[map.length][18];
        for (int r = 0; r < map.length; r++) {
            for (int i = 0; i < m.length; i++) {
                double c = map[r][i];
                if (c != 0) {
                    for (int e = 0; e < 18; e++) {
                        f[r][e] += c * m[i][e];
                    }
                }
            }
        }
        return new WetMoments(bins, f);
    }

    /**
     * The row integrals (bins, or folded rows) for coupling weights {@code k} (V, S, T) and form-factor parameters
     * {@code alpha} (8); where {@code dK} and {@code dAlpha} are not null, their entries receive ∂/∂K_c (3 arrays)
     * and ∂/∂α_l (8 arrays), one value per row.
     */
    public double[] integrals(double[] k, double[] alpha, double[][] dK, double[][] dAlpha) {
        int nb = m.length;
        double[] out = new double[nb];
        if (dK != null) {
            for (int c = 0; c < 3; c++) {
                dK[c] = new double[nb];
            }
            for (int l = 0; l < 8; l++) {
                dAlpha[l] = new double[nb];
            }
        }
        double[] a = new double[3];
        double[] ma = new double[3];
        for (int i = 0; i < nb; i++) {
            double[] mi = m[i];
            double sum = 0;
            for (int c = 0; c < 3; c++) {
                int[] idx = FormFactorsBsz2015.ALPHA_INDEX[c];
                a[0] = alpha[idx[0]];
                a[1] = alpha[idx[1]];
                a[2] = alpha[idx[2]];
                int s = 6 * c;
                ma[0] = mi[s] * a[0] + mi[s + 1] * a[1] + mi[s + 2] * a[2];
                ma[1] = mi[s + 1] * a[0] + mi[s + 3] * a[1] + mi[s + 4] * a[2];
                ma[2] = mi[s + 2] * a[0] + mi[s + 4] * a[1] + mi[s + 5] * a[2];
                double q = a[0] * ma[0] + a[1] * ma[1] + a[2] * ma[2];
                sum += k[c] * q;
                if (dK != null) {
                    dK[c][i] = q;
                    for (int t = 0; t < 3; t++) {
                        dAlpha[idx[t]][i] += 2 * k[c] * ma[t];
                    }
                }
            }
            out[i] = sum;
        }
        return out;
    }

    /** {@code f · v}, a new array. */
    static double[] scaled(double[] v, double f) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = f * v[i];
        }
        return out;
    }
}
