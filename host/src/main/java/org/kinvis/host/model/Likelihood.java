package org.kinvis.host.model;

/**
 * What inference sees of a model: its parameters and a batched log-likelihood. Which backend computes it is
 * hidden. {@code points} is row-major, {@code count × dimension()}.
 */
public interface Likelihood extends AutoCloseable {

    int dimension();

    ParameterTable parameters();

    /** log-likelihood of each point (pyhf's {@code Model.logpdf} with the model's data). */
    double[] logpdf(double[] points, int count);

    /** Whether {@link #gradient} is available (analytic derivatives on the backend). */
    default boolean hasGradient() {
        return false;
    }

    /**
     * The log-likelihood of each point, returned, and its gradient into {@code grad[p*dimension() + i]}.
     *
     * @throws UnsupportedOperationException where {@link #hasGradient()} is false
     */
    default double[] gradient(double[] points, int count, double[] grad) {
        throw new UnsupportedOperationException("no analytic gradient for this likelihood");
    }

    @Override
    default void close() {
    }
}
