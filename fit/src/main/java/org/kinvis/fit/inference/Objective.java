package org.kinvis.fit.inference;

import org.kinvis.fit.minimize.BatchFunction;
import org.kinvis.host.model.Likelihood;

/** The objective kinvis minimises: {@code −2 log L} (pyhf's twice_nll), errordef 1, batched on the backend. */
public final class Objective implements BatchFunction {
    private final Likelihood likelihood;

    public Objective(Likelihood likelihood) {
        this.likelihood = likelihood;
    }

    @Override
    public int dimension() {
        return likelihood.dimension();
    }

    @Override
    public void values(double[] points, int count, double[] out) {
        double[] lp = likelihood.logpdf(points, count);
        for (int i = 0; i < count; i++) {
            double v = -2 * lp[i];
            // points where the model is undefined (ν ≤ 0) are walls, never minima
            out[i] = Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
        }
    }

    @Override
    public boolean hasGradient() {
        return likelihood.hasGradient();
    }

    @Override
    public void gradients(double[] points, int count, double[] out, double[] grad) {
        double[] lp = likelihood.gradient(points, count, grad);
        for (int i = 0; i < count; i++) {
            double v = -2 * lp[i];
            out[i] = Double.isNaN(v) ? Double.POSITIVE_INFINITY : v;
        }
        for (int i = 0; i < count * likelihood.dimension(); i++) {
            grad[i] *= -2;
        }
    }
}
