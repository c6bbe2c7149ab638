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

    /**
     * {@code out[p] = logpdf(point p)} against data set {@code set[p]} of {@code data} instead of the layout's data
     * (pseudo-experiments). This default computes the expected rates with {@link #expected} on the backend and the
     * likelihood terms on the host ({@link DataSets#logpdf}).
     */
    default void logpdf(double[] points, int count, DataSets data, int[] set, double[] out) {
        ModelLayout m = layout();
        int bins = m.nBins();
        double[] nu = new double[count * bins];
        expected(points, count, nu);
        for (int p = 0; p < count; p++) {
            out[p] = data.logpdf(m, points, p * m.nPars(), nu, p * bins, set[p]);
        }
    }

    /** Whether {@link #gradient(double[], int, DataSets, int[], double[], double[])} is implemented. */
    default boolean hasDataSetGradient() {
        return false;
    }

    /**
     * logpdf against data set {@code set[p]} and its gradient, as {@link #gradient(double[], int, double[],
     * double[])} does for the layout's data.
     *
     * @throws UnsupportedOperationException where {@link #hasDataSetGradient()} is false
     */
    default void gradient(double[] points, int count, DataSets data, int[] set, double[] out, double[] grad) {
        throw new UnsupportedOperationException("this backend has no analytic gradient on other data sets");
    }

    @Override
    default void close() {
    }
}
