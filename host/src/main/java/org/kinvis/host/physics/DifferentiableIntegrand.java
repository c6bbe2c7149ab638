package org.kinvis.host.physics;

/**
 * A differential rate together with its derivatives with respect to the scenario parameters at fixed q². Its
 * true-bin integrals are differentiated under the Gauss–Legendre 16 sum (the same nodes and weights as
 * {@link Spectrum#integral}), so the derivative rows are the exact derivatives of the computed integrals for every
 * parameter that does not move the integration range (couplings, form-factor parameters); a parameter that does
 * (a mass through the threshold) is left to the caller.
 */
@FunctionalInterface
interface DifferentiableIntegrand {

    /** dBR/dq² at q², with its derivative with respect to parameter j added into {@code grad[j]}. */
    double at(double q2, double[] grad);

    /**
     * The bin integrals on {@code [max(lo, q2Min), min(hi, q2Max)]} of {@code range} (as {@link Spectrum#integral}
     * does), and a derivative row for every one of {@code parameters} parameters.
     */
    static BinIntegrals integrate(DifferentiableIntegrand f, Spectrum range, TrueBinning bins, int parameters) {
        int nb = bins.size();
        double[] out = new double[nb];
        double[][] d = new double[parameters][nb];
        double[] x = GaussLegendre.nodes();
        double[] w = GaussLegendre.weights();
        double[] g = new double[parameters];
        double[] acc = new double[parameters];
        for (int i = 0; i < nb; i++) {
            double lo = Math.max(bins.lo()[i], range.q2Min());
            double hi = Math.min(bins.hi()[i], range.q2Max());
            if (!(hi > lo)) {
                continue;
            }
            double half = 0.5 * (hi - lo);
            double mid = 0.5 * (hi + lo);
            double s = 0;
            java.util.Arrays.fill(acc, 0);
            for (int k = 0; k < x.length; k++) {
                java.util.Arrays.fill(g, 0);
                s += w[k] * f.at(mid + half * x[k], g);
                for (int j = 0; j < parameters; j++) {
                    acc[j] += w[k] * g[j];
                }
            }
            out[i] = s * half;
            for (int j = 0; j < parameters; j++) {
                d[j][i] = acc[j] * half;
            }
        }
        return new BinIntegrals(out, d);
    }
}
