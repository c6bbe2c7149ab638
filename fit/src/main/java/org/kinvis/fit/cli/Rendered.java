package org.kinvis.fit.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;

/**
 * A result as the command line shows it: the JSON object and the text (tables with headers) of the same numbers;
 * {@link #emit} writes the one that --format (or --output's extension) asks for, to stdout and --output.
 */
record Rendered(ObjectNode json, String text) {
    void emit(CommonOptions common, PrintWriter out) {
        Output.emit(common, json, text, out);
    }
}
