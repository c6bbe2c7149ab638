package org.kinvis.fit.minimize;

/**
 * An objective evaluated on batches of points (row-major, {@code count × dimension()}), e.g. {@code −2 log L}
 * on a backend. Batching is what lets a fit use the device: a numerical gradient is one batch of 2N+1 points.
 */
public interface BatchFunction {
    int dimension();

    /** {@code out[p] = f(point p)}. */
    void values(double[] points, int count, double[] out);

    /** Whether {@link #gradients} is available; MIGRAD and HESSE then use it instead of finite differences. */
    default boolean hasGradient() {
        return false;
    }

    /** {@code out[p] = f(point p)} and {@code grad[p*dimension() + i] = ∂f/∂x_i} there. */
    default void gradients(double[] points, int count, double[] out, double[] grad) {
        throw new UnsupportedOperationException("no analytic gradient");
    }
}
