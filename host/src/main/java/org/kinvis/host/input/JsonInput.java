package org.kinvis.host.input;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads a JSON document and checks its fields with errors that name the file and the JSON path
 * ({@code channels[2].samples[0].data[3]}). Non-finite numbers ({@code NaN}, {@code Infinity}, overflowing
 * literals) are parsed so that they can be rejected with a precise message rather than a parser error.
 */
public final class JsonInput {
    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    /** Reads values out of a stream one at a time: the rest of the stream is no "trailing token". */
    private static final com.fasterxml.jackson.databind.ObjectReader STREAM_READER = MAPPER.reader()
            .without(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final String file;

    public JsonInput(String file) {
        this.file = file;
    }

    public String file() {
        return file;
    }

    /**
     * Parses the file; missing, unreadable, non-regular, oversized ({@link InputFiles}) and syntactically broken
     * files become {@link InputException}s.
     */
    public static JsonNode read(Path path) {
        String name = path.toString();
        byte[] bytes = InputFiles.readAllBytes(path);
        if (bytes.length == 0) {
            throw new InputException(name + ": empty file, expected a JSON document");
        }
        try {
            JsonNode node = MAPPER.readTree(bytes);
            if (node == null || node.isMissingNode()) {
                throw new InputException(name + ": empty file, expected a JSON document");
            }
            return node;
        } catch (IOException e) {
            throw syntaxError(name, e);
        }
    }

    /**
     * A streaming parser over the file (checked as {@link #read} checks it), for documents too large to hold as
     * a tree; the parser detects duplicate keys and reads non-finite numbers as {@link #read} does.
     */
    public static JsonParser parser(Path path) {
        java.io.InputStream in = InputFiles.open(path);
        try {
            return STREAM_READER.createParser(in);
        } catch (IOException e) {
            try {
                in.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw syntaxError(path.toString(), e);
        }
    }

    /** The value at the parser's current token as a tree (of a {@link #parser}); the parser moves past it. */
    public static JsonNode tree(JsonParser p) throws IOException {
        return STREAM_READER.readTree(p);
    }

    /** The one-line error for a failure while parsing {@code name}: where the syntax broke, or why reading did. */
    public static InputException syntaxError(String name, IOException e) {
        if (e instanceof JsonParseException p) {
            var loc = p.getLocation();
            return new InputException(name + ": not valid JSON at line " + loc.getLineNr() + ", column "
                    + loc.getColumnNr() + ": " + firstLine(p.getOriginalMessage()));
        }
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException p) {
            return new InputException(name + ": not valid JSON: " + firstLine(p.getOriginalMessage()));
        }
        return new InputException(name + ": cannot read: " + InputFiles.reason(e));
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

    /** Parses a JSON string (used for inline values); errors name {@code file}. */
    public JsonNode parse(String text) {
        try {
            JsonNode node = MAPPER.readTree(text);
            if (node == null || node.isMissingNode()) {
                throw new InputException(file + ": empty value");
            }
            return node;
        } catch (IOException e) {
            throw new InputException(file + ": not valid JSON: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    public InputException error(String path, String expected) {
        return InputException.at(file, path, expected);
    }

    public JsonNode object(JsonNode node, String path) {
        if (node == null || !node.isObject()) {
            throw error(path, "expected an object, got " + describe(node));
        }
        return node;
    }

    public JsonNode array(JsonNode node, String path) {
        if (node == null || !node.isArray()) {
            throw error(path, "expected an array, got " + describe(node));
        }
        return node;
    }

    public JsonNode field(JsonNode obj, String path, String name) {
        JsonNode v = obj.get(name);
        if (v == null) {
            throw error(path.isEmpty() ? name : path + "." + name, "missing (required)");
        }
        return v;
    }

    public String string(JsonNode node, String path) {
        if (node == null || !node.isTextual()) {
            throw error(path, "expected a string, got " + describe(node));
        }
        return node.asText();
    }

    public double finite(JsonNode node, String path) {
        if (node == null || !node.isNumber()) {
            throw error(path, "expected a number, got " + describe(node));
        }
        double v = node.asDouble();
        if (!Double.isFinite(v)) {
            throw error(path, "expected a finite number, got " + node.asText());
        }
        return v;
    }

    public double[] finiteArray(JsonNode node, String path) {
        array(node, path);
        double[] out = new double[node.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = finite(node.get(i), path + "[" + i + "]");
        }
        return out;
    }

    public boolean bool(JsonNode node, String path) {
        if (node == null || !node.isBoolean()) {
            throw error(path, "expected true or false, got " + describe(node));
        }
        return node.asBoolean();
    }

    public static String describe(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            return "nothing";
        }
        return switch (node.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case STRING -> "the string \"" + abbreviate(node.asText()) + "\"";
            case NUMBER -> "the number " + node.asText();
            case BOOLEAN -> node.asText();
            case NULL -> "null";
            default -> node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String abbreviate(String s) {
        return s.length() > 40 ? s.substring(0, 37) + "..." : s;
    }

    /** The shared mapper for writing JSON output. */
    public static ObjectMapper mapper() {
        return MAPPER;
    }

    static {
        MAPPER.getFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
    }
}
