package org.kinvis.fit.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.kinvis.fit.output.OutputFile;
import org.kinvis.host.input.JsonInput;

/**
 * Emits a command's result: JSON alone on stdout (or text), and the same to {@code --output} through
 * {@link OutputFile} (temporary file renamed into place, special files written directly), so a failed run never
 * leaves a half-written file. JSON has no NaN or infinity: a non-finite number is written as {@code null}, never
 * as the string {@code "NaN"} that would read as a result.
 */
public final class Output {
    private Output() {
    }

    /** Writes the text of a result to a {@link Writer}. */
    @FunctionalInterface
    interface Body {
        void write(Writer out) throws IOException;
    }

    public static String json(ObjectNode node) {
        try {
            return JsonInput.mapper().writer().with(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(finite(node)) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@code node} with every non-finite number replaced by null (a copy only where one occurs). */
    static JsonNode finite(JsonNode node) {
        if (node.isNumber() && !Double.isFinite(node.asDouble()) && !node.isIntegralNumber()) {
            return JsonNodeFactory.instance.nullNode();
        }
        if (node.isObject()) {
            ObjectNode out = null;
            for (var it = node.fields(); it.hasNext();) {
                var e = it.next();
                JsonNode v = finite(e.getValue());
                if (v != e.getValue()) {
                    out = out != null ? out : ((ObjectNode) node).deepCopy();
                    out.set(e.getKey(), v);
                }
            }
            return out != null ? out : node;
        }
        if (node.isArray()) {
            ArrayNode out = null;
            for (int i = 0; i < node.size(); i++) {
                JsonNode v = finite(node.get(i));
                if (v != node.get(i)) {
                    out = out != null ? out : ((ArrayNode) node).deepCopy();
                    out.set(i, v);
                }
            }
            return out != null ? out : node;
        }
        return node;
    }

    static void emit(CommonOptions common, ObjectNode result, String text, PrintWriter out) {
        String body = common.json() ? json(result) : text;
        if (common.output != null) {
            OutputFile.write("--output", common.output, body);
        }
        out.print(body);
        out.flush();
    }

    /**
     * Streams a result that is too large to hold as a string: {@code body} writes once, to stdout and at the same
     * time to {@code --output} (renamed into place only when {@code body} completes).
     */
    static void stream(CommonOptions common, PrintWriter out, Body body) {
        if (common.output == null) {
            try {
                body.write(out);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            out.flush();
            return;
        }
        OutputFile.write("--output", common.output, os -> {
            Writer file = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16);
            Writer tee = new Tee(out, file);
            body.write(tee);
            tee.flush();
        });
        out.flush();
    }

    /** Writes {@code body} to {@code target} (see {@link OutputFile}); errors name {@code --output}. */
    public static void writeAtomically(Path target, String body) {
        writeAtomically("--output", target, body);
    }

    /** Writes {@code body} to {@code target} (see {@link OutputFile}); errors name {@code option}. */
    public static void writeAtomically(String option, Path target, String body) {
        OutputFile.write(option, target, body);
    }

    /** Both writers get every character. */
    private static final class Tee extends Writer {
        private final Writer a;
        private final Writer b;

        Tee(Writer a, Writer b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public void write(char[] cbuf, int off, int len) throws IOException {
            a.write(cbuf, off, len);
            b.write(cbuf, off, len);
        }

        @Override
        public void write(String s, int off, int len) throws IOException {
            a.write(s, off, len);
            b.write(s, off, len);
        }

        @Override
        public void flush() throws IOException {
            a.flush();
            b.flush();
        }

        @Override
        public void close() throws IOException {
            flush();
        }
    }
}
