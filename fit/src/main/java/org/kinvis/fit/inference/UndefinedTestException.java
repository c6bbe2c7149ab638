package org.kinvis.fit.inference;

/**
 * A hypothesis test that is not defined for this model — e.g. CLs of a signal-only model, whose background-only
 * hypothesis predicts no events (pyhf's {@code hypotest} fails there too). The command line reports it as bad
 * input.
 */
public final class UndefinedTestException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public UndefinedTestException(String message) {
        super(message);
    }
}
