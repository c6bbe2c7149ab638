package org.kinvis.host.input;

/**
 * Bad user input: a file that is missing, malformed or inconsistent, or a value out of its domain. The message
 * is one line naming the file, the field (as a JSON path) and what was expected; the command line turns it into
 * exit code 2 without a stack trace.
 */
public final class InputException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public InputException(String message) {
        super(message, null, false, false);
    }

    /** "file: field: what was expected". */
    public static InputException at(String file, String field, String expected) {
        return new InputException(file + ": " + field + ": " + expected);
    }
}
