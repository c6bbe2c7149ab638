package org.kinvis.kernels;

/**
 * A compute backend for batched HistFactory log-likelihoods. {@link #prepare} uploads a {@link ModelLayout}
 * once (kept resident on a device) and returns an {@link Evaluator} that streams only parameter vectors.
 */
public interface Backend extends AutoCloseable {

    /** Short name ("cpu", "opencl", "verify"). */
    String name();

    /** Human-readable device description, e.g. "Java, 2 threads, float64". */
    String device();

    /** Compiles or uploads the model; the returned evaluator must be closed. */
    Evaluator prepare(ModelLayout layout);

    @Override
    default void close() {
    }
}
