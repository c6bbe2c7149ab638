package org.kinvis.fit.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A text table of a command's result: a header row naming every column, then the rows, each column as wide as
 * its widest cell; the first column left-aligned (names), the others right-aligned (numbers), with an optional
 * free-text note after a row ("(not converged)"). Numbers are formatted by the caller ({@link #num}).
 */
final class Table {
    private final List<String> headers;
    private final List<String[]> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final boolean[] left;

    /** A table whose first column holds names (left-aligned). */
    static Table named(String... headers) {
        return new Table(true, headers);
    }

    /** A table of numbers only (every column right-aligned). */
    static Table numeric(String... headers) {
        return new Table(false, headers);
    }

    private Table(boolean firstLeft, String... headers) {
        this.headers = List.of(headers);
        this.left = new boolean[headers.length];
        left[0] = firstLeft;
    }

    /** Left-aligns these columns too (text columns). */
    Table left(int... columns) {
        for (int c : columns) {
            left[c] = true;
        }
        return this;
    }

    /** Whether the table has no rows. */
    boolean isEmpty() {
        return rows.isEmpty();
    }

    /** Adds a row; {@code note} (may be empty) follows it after two spaces. */
    Table noted(String note, String... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException(cells.length + " cells for " + headers.size() + " columns");
        }
        rows.add(cells);
        notes.add(note == null ? "" : note);
        return this;
    }

    /** Adds a row without a note. */
    Table row(String... cells) {
        return noted("", cells);
    }

    /**
     * {@code digits} significant digits ({@code %.Ng}) without trailing zeros (0.9, not 0.900000; 1.5e-05);
     * "inf", "-inf", "nan" for the non-finite.
     */
    static String num(double v, int digits) {
        if (Double.isNaN(v)) {
            return "nan";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "inf" : "-inf";
        }
        String s = String.format(Locale.ROOT, "%." + digits + "g", v);
        int e = s.indexOf('e');
        String mantissa = e < 0 ? s : s.substring(0, e);
        if (mantissa.contains(".")) {
            mantissa = mantissa.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return mantissa + (e < 0 ? "" : s.substring(e));
    }

    static String num(double v) {
        return num(v, 6);
    }

    /** A fixed number of decimals ({@code %.Nf}). */
    static String fixed(double v, int decimals) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%." + decimals + "f", v) : num(v);
    }

    @Override
    public String toString() {
        int n = headers.size();
        int[] w = new int[n];
        for (int c = 0; c < n; c++) {
            w[c] = width(headers.get(c));
            for (String[] r : rows) {
                w[c] = Math.max(w[c], width(r[c]));
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, headers.toArray(String[]::new), w, "");
        for (int i = 0; i < rows.size(); i++) {
            line(sb, rows.get(i), w, notes.get(i));
        }
        return sb.toString();
    }

    private void line(StringBuilder sb, String[] cells, int[] w, String note) {
        StringBuilder l = new StringBuilder("  ");
        for (int c = 0; c < cells.length; c++) {
            String pad = " ".repeat(w[c] - width(cells[c]));
            l.append(c == 0 ? "" : "  ").append(left[c] ? cells[c] + pad : pad + cells[c]);
        }
        if (!note.isEmpty()) {
            l.append("  ").append(note);
        }
        sb.append(l.toString().stripTrailing()).append('\n');
    }

    /** Display width: code points (μ, σ, Δ are one column each). */
    private static int width(String s) {
        return s.codePointCount(0, s.length());
    }
}
