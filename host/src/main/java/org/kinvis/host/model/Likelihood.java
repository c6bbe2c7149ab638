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

    /**
     * The name of the parameter of interest, or an {@link org.kinvis.host.input.InputException} (exit 2) saying
     * that {@code what} needs one and the model has none (pyhf's {@code "poi": ""}). Inference entry points (CLs,
     * toys, scans without a named parameter) call it so that a model without a POI fails with one clear line.
     */
    default String requirePoi(String what) {
        if (!parameters().hasPoi()) {
            throw new org.kinvis.host.input.InputException("measurements[].config.poi: the model has no parameter"
                    + " of interest, but " + what + " needs one; set config.poi or name the parameter (--poi NAME)");
        }
        return parameters().poiName();
    }

    @Override
    default void close() {
    }
}
