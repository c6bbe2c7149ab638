package org.kinvis.host.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.kinvis.host.input.InputException;
import org.kinvis.host.input.JsonInput;

/**
 * JSON Patch (RFC 6902) on Jackson trees: add, remove, replace, move, copy and test, with JSON Pointers
 * (RFC 6901, {@code ~0}/{@code ~1} escapes, {@code -} for the end of an array). This is what pyhf applies
 * through the {@code jsonpatch} package for HEPData patchsets. The document is never modified: {@link #apply}
 * works on a deep copy. Errors name the patch, the operation's index and the operation itself.
 */
public final class JsonPatch {
    /** One operation; {@code from} for move/copy, {@code value} for add/replace/test (else null). */
    public record Operation(String op, String path, String from, JsonNode value) {
        @Override
        public String toString() {
            return op + " " + (path.isEmpty() ? "\"\"" : path) + (from != null ? " from " + from : "");
        }
    }

    private final String source;
    private final List<Operation> ops;

    private JsonPatch(String source, List<Operation> ops) {
        this.source = source;
        this.ops = List.copyOf(ops);
    }

    public List<Operation> operations() {
        return ops;
    }

    /** Reads a patch (a JSON array of operations); {@code source} names it in errors, {@code path} its JSON path. */
    public static JsonPatch read(JsonNode node, String source, String path) {
        JsonInput in = new JsonInput(source);
        in.array(node, path.isEmpty() ? "(top level)" : path);
        List<Operation> ops = new ArrayList<>();
        for (int i = 0; i < node.size(); i++) {
            String p = (path.isEmpty() ? "" : path) + "[" + i + "]";
            JsonNode o = in.object(node.get(i), p);
            String op = in.string(in.field(o, p, "op"), p + ".op");
            String ptr = in.string(in.field(o, p, "path"), p + ".path");
            String from = null;
            JsonNode value = null;
            switch (op) {
                case "add", "replace", "test" -> value = in.field(o, p, "value");
                case "move", "copy" -> from = in.string(in.field(o, p, "from"), p + ".from");
                case "remove" -> {
                }
                default -> throw in.error(p + ".op", "unknown operation '" + op
                        + "', expected add, remove, replace, move, copy or test");
            }
            ops.add(new Operation(op, ptr, from, value));
        }
        return new JsonPatch(source, ops);
    }

    /** Applies the operations in order to a deep copy of {@code doc} and returns it. */
    public JsonNode apply(JsonNode doc) {
        Holder root = new Holder(doc.deepCopy());
        for (int i = 0; i < ops.size(); i++) {
            Operation o = ops.get(i);
            try {
                applyOne(root, o);
            } catch (PointerException e) {
                throw new InputException(source + ": operation " + i + " (" + o + "): " + e.getMessage());
            }
        }
        return root.value;
    }

    /** The document root, replaceable by operations on the empty pointer. */
    private static final class Holder {
        JsonNode value;

        Holder(JsonNode value) {
            this.value = value;
        }
    }

    private static void applyOne(Holder root, Operation o) {
        switch (o.op()) {
            case "add" -> add(root, o.path(), o.value().deepCopy());
            case "remove" -> remove(root, o.path());
            case "replace" -> replace(root, o.path(), o.value().deepCopy());
            case "move" -> {
                if (o.path().equals(o.from())) {
                    resolve(root.value, o.from());
                    return;
                }
                if (o.path().startsWith(o.from() + "/")) {
                    throw new PointerException("cannot move '" + o.from() + "' into its own child '" + o.path() + "'");
                }
                JsonNode v = resolve(root.value, o.from());
                remove(root, o.from());
                add(root, o.path(), v);
            }
            case "copy" -> add(root, o.path(), resolve(root.value, o.from()).deepCopy());
            case "test" -> {
                JsonNode actual = resolve(root.value, o.path());
                if (!jsonEquals(actual, o.value())) {
                    throw new PointerException("test failed: the value at " + describePath(o.path()) + " is "
                            + abbreviate(actual) + ", expected " + abbreviate(o.value()));
                }
            }
            default -> throw new IllegalStateException(o.op());
        }
    }

    private static void add(Holder root, String path, JsonNode value) {
        List<String> tokens = tokens(path);
        if (tokens.isEmpty()) {
            root.value = value;
            return;
        }
        JsonNode parent = resolveTokens(root.value, tokens.subList(0, tokens.size() - 1), path);
        String last = tokens.get(tokens.size() - 1);
        if (parent instanceof ObjectNode obj) {
            obj.set(last, value);
        } else if (parent instanceof ArrayNode arr) {
            if (last.equals("-")) {
                arr.add(value);
            } else {
                int idx = index(last, path);
                if (idx > arr.size()) {
                    throw new PointerException("index " + idx + " of " + describePath(path)
                            + " is past the end of an array of " + arr.size());
                }
                arr.insert(idx, value);
            }
        } else {
            throw new PointerException("the parent of " + describePath(path) + " is " + kind(parent)
                    + ", not an object or array");
        }
    }

    /** Replaces an existing value in place (an object member keeps its position). */
    private static void replace(Holder root, String path, JsonNode value) {
        List<String> tokens = tokens(path);
        if (tokens.isEmpty()) {
            root.value = value;
            return;
        }
        resolveTokens(root.value, tokens, path); // must exist
        JsonNode parent = resolveTokens(root.value, tokens.subList(0, tokens.size() - 1), path);
        String last = tokens.get(tokens.size() - 1);
        if (parent instanceof ObjectNode obj) {
            obj.set(last, value);
        } else {
            ((ArrayNode) parent).set(index(last, path), value);
        }
    }

    private static void remove(Holder root, String path) {
        List<String> tokens = tokens(path);
        if (tokens.isEmpty()) {
            throw new PointerException("cannot remove the whole document");
        }
        JsonNode parent = resolveTokens(root.value, tokens.subList(0, tokens.size() - 1), path);
        String last = tokens.get(tokens.size() - 1);
        if (parent instanceof ObjectNode obj) {
            if (!obj.has(last)) {
                throw new PointerException("no member '" + last + "' at " + describePath(path));
            }
            obj.remove(last);
        } else if (parent instanceof ArrayNode arr) {
            int idx = index(last, path);
            if (idx >= arr.size()) {
                throw new PointerException("index " + idx + " of " + describePath(path) + " is out of range for an"
                        + " array of " + arr.size());
            }
            arr.remove(idx);
        } else {
            throw new PointerException("the parent of " + describePath(path) + " is " + kind(parent)
                    + ", not an object or array");
        }
    }

    /** The value a pointer names; an error if it names nothing. */
    public static JsonNode resolve(JsonNode doc, String path) {
        return resolveTokens(doc, tokens(path), path);
    }

    private static JsonNode resolveTokens(JsonNode doc, List<String> tokens, String path) {
        JsonNode cur = doc;
        StringBuilder at = new StringBuilder();
        for (String t : tokens) {
            at.append('/').append(t.replace("~", "~0").replace("/", "~1"));
            if (cur instanceof ObjectNode obj) {
                JsonNode next = obj.get(t);
                if (next == null) {
                    throw new PointerException("no member '" + t + "' at " + at + (at.length() < path.length()
                            ? " (on the way to " + path + ")" : ""));
                }
                cur = next;
            } else if (cur instanceof ArrayNode arr) {
                int idx = index(t, at.toString());
                if (idx >= arr.size()) {
                    throw new PointerException("index " + idx + " at " + at + " is out of range for an array of "
                            + arr.size());
                }
                cur = arr.get(idx);
            } else {
                throw new PointerException(at + " goes into " + kind(cur) + ", which has no members");
            }
        }
        return cur;
    }

    /** RFC 6901 reference tokens of a pointer, unescaped. */
    static List<String> tokens(String path) {
        List<String> out = new ArrayList<>();
        if (path.isEmpty()) {
            return out;
        }
        if (path.charAt(0) != '/') {
            throw new PointerException("'" + path + "' is not a JSON pointer (expected \"\" or a path starting"
                    + " with '/')");
        }
        int start = 1;
        while (true) {
            int slash = path.indexOf('/', start);
            String raw = slash < 0 ? path.substring(start) : path.substring(start, slash);
            out.add(unescape(raw, path));
            if (slash < 0) {
                return out;
            }
            start = slash + 1;
        }
    }

    private static String unescape(String raw, String path) {
        if (raw.indexOf('~') < 0) {
            return raw;
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c != '~') {
                sb.append(c);
                continue;
            }
            char n = i + 1 < raw.length() ? raw.charAt(i + 1) : 0;
            if (n == '0') {
                sb.append('~');
            } else if (n == '1') {
                sb.append('/');
            } else {
                throw new PointerException("'" + path + "' has '~' not followed by 0 or 1");
            }
            i++;
        }
        return sb.toString();
    }

    /** An array index token: "0" or digits without a leading zero. */
    private static int index(String token, String path) {
        boolean digits = !token.isEmpty() && token.chars().allMatch(ch -> ch >= '0' && ch <= '9');
        if (!digits || (token.length() > 1 && token.charAt(0) == '0') || token.length() > 9) {
            throw new PointerException("'" + token + "' in " + describePath(path) + " is not an array index");
        }
        return Integer.parseInt(token);
    }

    /**
     * JSON equality as RFC 6902's test operation defines it: numbers by numeric value (1 equals 1.0), objects
     * by their members regardless of order, arrays element by element.
     */
    public static boolean jsonEquals(JsonNode a, JsonNode b) {
        if (a.isNumber() && b.isNumber()) {
            if (a.isIntegralNumber() && b.isIntegralNumber()) {
                return a.bigIntegerValue().equals(b.bigIntegerValue());
            }
            if (!Double.isFinite(a.doubleValue()) || !Double.isFinite(b.doubleValue())) {
                return a.doubleValue() == b.doubleValue();
            }
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        if (a.getNodeType() != b.getNodeType()) {
            return false;
        }
        if (a.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!jsonEquals(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = a.fields(); it.hasNext();) {
                Map.Entry<String, JsonNode> e = it.next();
                JsonNode other = b.get(e.getKey());
                if (other == null || !jsonEquals(e.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    private static String describePath(String path) {
        return path.isEmpty() ? "the document root" : path;
    }

    private static String kind(JsonNode n) {
        return JsonInput.describe(n);
    }

    private static String abbreviate(JsonNode n) {
        String s = n.toString();
        return s.length() > 60 ? s.substring(0, 57) + "..." : s;
    }

    /** A pointer that names nothing or a failed test; turned into an {@link InputException} naming the op. */
    private static final class PointerException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        PointerException(String message) {
            super(message, null, false, false);
        }
    }
}
