package org.kinvis.host.physics;

import org.kinvis.host.input.InputException;

/**
 * Numerical derivatives of a scenario's true-bin integrals with respect to one parameter, for the parameters
 * without a closed form (masses of massive invisible final states, which move the threshold and the integrand
 * together): central differences at steps h, h/2, h/4 extrapolated twice (Richardson; error O(h⁶)), or, where
 * a bound or the scenario's validity leaves no room on one side, one-sided differences at h … h/8 extrapolated
 * three times (error O(h⁴)). {@code h = 10⁻³ max(|x|, 10⁻² × range)}, halved until the stencil keeps the
 * threshold in one true bin: the bin integrals have a kink where the threshold crosses a bin edge.
 */
final class RichardsonDerivative {
    private RichardsonDerivative() {
    }

    /** One evaluation: the bin integrals and the threshold's bin, or null where the scenario rejects the point. */
    private record Probe(double[] integrals, int thresholdBin) {
    }

    private static Probe probe(Scenario s, double[] values, int j, double x, TrueBinning bins) {
        double[] v = values.clone();
        v[j] = x;
        try {
            Spectrum sp = s.spectrum(v);
            int bin = 0;
            while (bin < bins.size() && bins.hi()[bin] <= sp.q2Min()) {
                bin++;
            }
            return new Probe(bins.integrals(sp), bin);
        } catch (InputException e) {
            return null;
        }
    }

    /** ∂(bin integrals)/∂values[j] at {@code values}. */
    static double[] bins(Scenario s, double[] values, int j, TrueBinning bins) {
        ScenarioParameter p = s.parameters().get(j);
        double x = values[j];
        Probe centre = probe(s, values, j, x, bins);
        if (centre == null) {
            throw new IllegalArgumentException("scenario " + s.name() + " rejects its own point");
        }
        double h = 1e-3 * Math.max(Math.abs(x), 1e-2 * (p.upper() - p.lower()));
        for (int tries = 0; tries < 40; tries++, h /= 2) {
            Probe up = x + h <= p.upper() ? probe(s, values, j, x + h, bins) : null;
            Probe dn = x - h >= p.lower() ? probe(s, values, j, x - h, bins) : null;
            boolean upOk = up != null && up.thresholdBin() == centre.thresholdBin();
            boolean dnOk = dn != null && dn.thresholdBin() == centre.thresholdBin();
            if (upOk && dnOk) {
                double[][] d = new double[3][];
                for (int k = 0; k < 3; k++) {
                    double hk = h / (1 << k);
                    double[] a = k == 0 ? up.integrals() : probe(s, values, j, x + hk, bins).integrals();
                    double[] b = k == 0 ? dn.integrals() : probe(s, values, j, x - hk, bins).integrals();
                    d[k] = new double[a.length];
                    for (int i = 0; i < a.length; i++) {
                        d[k][i] = (a[i] - b[i]) / (2 * hk);
                    }
                }
                return extrapolate(d, 4);
            }
            if (upOk || dnOk) {
                double sign = upOk ? 1 : -1;
                double[][] d = new double[4][];
                for (int k = 0; k < 4; k++) {
                    double hk = sign * h / (1 << k);
                    double[] a = k == 0 ? (upOk ? up : dn).integrals() : probe(s, values, j, x + hk, bins).integrals();
                    d[k] = new double[a.length];
                    for (int i = 0; i < a.length; i++) {
                        d[k][i] = (a[i] - centre.integrals()[i]) / hk;
                    }
                }
                return extrapolate(d, 2);
            }
        }
        throw new IllegalStateException("no room to differentiate " + p.name() + " of scenario " + s.name() + " at "
                + x);
    }

    /** Richardson's table over estimates at h, h/2, …, whose error series goes in powers of {@code ratio}. */
    private static double[] extrapolate(double[][] d, double ratio) {
        int n = d.length;
        double[][] t = new double[n][];
        for (int k = 0; k < n; k++) {
            t[k] = d[k].clone();
        }
        double f = 1;
        for (int level = 1; level < n; level++) {
            f *= ratio;
            for (int k = n - 1; k >= level; k--) {
                for (int i = 0; i < t[k].length; i++) {
                    t[k][i] = (f * t[k][i] - t[k - 1][i]) / (f - 1);
                }
            }
        }
        return t[n - 1];
    }
}
