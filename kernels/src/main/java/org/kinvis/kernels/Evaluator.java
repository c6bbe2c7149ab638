package org.kinvis.kernels;

/**
 * Evaluates one prepared model on batches of parameter points. Points are row-major: point {@code p} occupies
 * {@code points[p*nPars .. (p+1)*nPars)}. Implementations are safe to call from one thread at a time.
 */
public interface Evaluator extends AutoCloseable {

    ModelLayout layout();

    /** {@code out[p] = logpdf(point p)} (main + constraint), for {@code p < count}. */
    void logpdf(double[] points, int count, double[] out);

    /** The two parts of the log-likelihood: Poisson main term and constraint term. */
    void logpdfParts(double[] points, int count, double[] main, double[] constraint);

    /** Expected main-bin rates: {@code out[p*nBins + j]}. */
    void expected(double[] points, int count, double[] out);

    /** Expected yield per row (sample, bin) after all modifiers: {@code out[p*nRows + r]}. */
    void rowYields(double[] points, int count, double[] out);

    /** Whether {@link #gradient} is implemented (analytic derivatives; the CPU backend has them). */
    default boolean hasGradient() {
        return false;
    }

    /**
     * logpdf and its gradient: {@code out[p]} and {@code grad[p*nPars + i] = ∂ logpdf/∂x_i} at point p.
     *
     * @throws UnsupportedOperationException where {@link #hasGradient()} is false
     */
    default void gradient(double[] points, int count, double[] out, double[] grad) {
        throw new UnsupportedOperationException("this backend has no analytic gradient");
    }

    @Override
    default void close() {
    }
}
