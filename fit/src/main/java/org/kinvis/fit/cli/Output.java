package org.kinvis.fit.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.kinvis.host.input.InputException;
import org.kinvis.host.input.JsonInput;

/**
 * Emits a command's result: JSON alone on stdout (or text), and the same to {@code --output} written to a
 * temporary file first and moved into place, so a failed run never leaves a half-written file.
 */
public final class Output {
    private Output() {
    }

    public static String json(ObjectNode node) {
        try {
            return JsonInput.mapper().writer().with(SerializationFeature.INDENT_OUTPUT)
                    .writeValueAsString(node) + System.lineSeparator();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static void emit(CommonOptions common, ObjectNode result, String text, PrintWriter out) {
        String body = common.json() ? json(result) : text;
        if (common.output != null) {
            writeAtomically(common.output, body);
        }
        out.print(body);
        out.flush();
    }

    public static void writeAtomically(Path target, String body) {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        try {
            if (dir != null && !Files.isDirectory(dir)) {
                throw InputException.at("--output", target.toString(), "folder " + dir + " does not exist");
            }
            Path tmp = Files.createTempFile(dir, "." + abs.getFileName(), ".tmp");
            try {
                Files.writeString(tmp, body, StandardCharsets.UTF_8);
                Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw InputException.at("--output", target.toString(), "cannot write: " + e.getMessage());
        }
    }
}
