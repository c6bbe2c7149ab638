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

    @Override
    default void close() {
    }
}
