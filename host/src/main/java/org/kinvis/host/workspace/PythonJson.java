package org.kinvis.host.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * JSON text exactly as Python's {@code json.dumps(obj, sort_keys=True, ensure_ascii=False[, indent=4])} writes
 * it, which is what pyhf hashes for patchset digests and what {@code pyhf prune/rename/combine} print: keys sorted
 * by code point, separators {@code ", "} and {@code ": "} (with an indent: {@code ","} and {@code ": "}, one item
 * a line), integers as written, floats as Python's {@code repr} (shortest round-trip digits, exponent form below
 * 1e-4 and from 1e16 on, e.g. {@code 1e-05}, {@code 1e+16}, {@code 10.0}), strings with only {@code "}, {@code \}
 * and control characters escaped.
 */
public final class PythonJson {
    private PythonJson() {
    }

    /** The text of {@code node}; {@code indent} &lt; 0 for one line (Python's {@code indent=None}). */
    public static String dumps(JsonNode node, int indent) {
        StringBuilder sb = new StringBuilder();
        write(node, sb, indent, 0);
        return sb.toString();
    }

    private static void newline(StringBuilder sb, int indent, int level) {
        sb.append('\n').append(" ".repeat(indent * level));
    }

    private static void write(JsonNode n, StringBuilder sb, int indent, int level) {
        String sep = indent < 0 ? ", " : ",";
        switch (n.getNodeType()) {
            case OBJECT -> {
                List<String> keys = new ArrayList<>();
                n.fieldNames().forEachRemaining(keys::add);
                keys.sort(PythonJson::compareCodePoints);
                if (keys.isEmpty()) {
                    sb.append("{}");
                    return;
                }
                sb.append('{');
                for (int i = 0; i < keys.size(); i++) {
                    if (i > 0) {
                        sb.append(sep);
                    }
                    if (indent >= 0) {
                        newline(sb, indent, level + 1);
                    }
                    string(keys.get(i), sb);
                    sb.append(": ");
                    write(n.get(keys.get(i)), sb, indent, level + 1);
                }
                if (indent >= 0) {
                    newline(sb, indent, level);
                }
                sb.append('}');
            }
            case ARRAY -> {
                if (n.isEmpty()) {
                    sb.append("[]");
                    return;
                }
                sb.append('[');
                for (int i = 0; i < n.size(); i++) {
                    if (i > 0) {
                        sb.append(sep);
                    }
                    if (indent >= 0) {
                        newline(sb, indent, level + 1);
                    }
                    write(n.get(i), sb, indent, level + 1);
                }
                if (indent >= 0) {
                    newline(sb, indent, level);
                }
                sb.append(']');
            }
            case STRING -> string(n.textValue(), sb);
            case BOOLEAN -> sb.append(n.booleanValue() ? "true" : "false");
            case NULL -> sb.append("null");
            case NUMBER -> {
                if (n.isIntegralNumber()) {
                    sb.append(n.bigIntegerValue());
                } else if (n.isBigDecimal()) {
                    sb.append(pythonRepr(n.decimalValue().doubleValue()));
                } else {
                    sb.append(pythonRepr(n.doubleValue()));
                }
            }
            default -> throw new IllegalArgumentException("not a JSON value: " + n.getNodeType());
        }
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    private static void string(String s, StringBuilder sb) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }

    /** Python's {@code float.__repr__}: shortest round-trip digits, fixed notation for 1e-4 ≤ |x| < 1e16. */
    static String pythonRepr(double x) {
        if (Double.isNaN(x)) {
            return "NaN";
        }
        if (Double.isInfinite(x)) {
            return x > 0 ? "Infinity" : "-Infinity";
        }
        if (x == 0) {
            return (1 / x < 0) ? "-0.0" : "0.0";
        }
        String sign = x < 0 ? "-" : "";
        BigDecimal d = shortest(Math.abs(x));
        String digits = d.unscaledValue().toString();
        int decpt = digits.length() - d.scale(); // value = 0.digits × 10^decpt
        StringBuilder sb = new StringBuilder(sign);
        if (decpt <= -4 || decpt > 16) {
            sb.append(digits.charAt(0));
            if (digits.length() > 1) {
                sb.append('.').append(digits, 1, digits.length());
            }
            int exp = decpt - 1;
            sb.append('e').append(exp < 0 ? '-' : '+');
            String e = Integer.toString(Math.abs(exp));
            if (e.length() < 2) {
                sb.append('0');
            }
            sb.append(e);
        } else if (decpt <= 0) {
            sb.append("0.").append("0".repeat(-decpt)).append(digits);
        } else if (decpt < digits.length()) {
            sb.append(digits, 0, decpt).append('.').append(digits, decpt, digits.length());
        } else {
            sb.append(digits).append("0".repeat(decpt - digits.length())).append(".0");
        }
        return sb.toString();
    }

    /**
     * The shortest decimal that reads back as {@code x} (> 0), the closest such when several have that length:
     * Java's {@link Double#toString} (JDK 19+), except that where one digit suffices Java may print two; then
     * the closest one-digit decimal that round-trips is taken, as Python's dtoa does.
     */
    private static BigDecimal shortest(double x) {
        BigDecimal d = new BigDecimal(Double.toString(x)).stripTrailingZeros();
        if (d.precision() == 2) {
            BigDecimal exact = new BigDecimal(x);
            BigDecimal best = null;
            for (RoundingMode mode : new RoundingMode[] {RoundingMode.FLOOR,
                RoundingMode.CEILING}) {
                BigDecimal c = d.round(new MathContext(1, mode));
                if (c.doubleValue() == x && (best == null || c.subtract(exact).abs().compareTo(
                        best.subtract(exact).abs()) < 0)) {
                    best = c;
                }
            }
            if (best != null) {
                return best.stripTrailingZeros();
            }
        }
        return d;
    }
}
