package org.kinvis.fit.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Stack;
import org.kinvis.host.input.InputException;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * An {@code A:B:N} option value: N equally spaced values from A to B, both included (numpy's {@code linspace}).
 * Parsing checks each part with a message naming it; {@link #requireAffordable} bounds how many fits a grid may
 * cost unless {@code --force} is given, so that a typo ({@code 0:10:100000000}) is refused instead of running for
 * days. Shared by {@code scan} and {@code reinterpret}.
 *
 * @param option the option it came from ({@code --values}), for messages
 * @param text   the value as given
 */
record ValueGrid(String option, String text, double from, double to, long count) {
    /** Fits a grid may cost without {@code --force}. */
    static final long MAX_FITS = 10_000;
    /** The largest array the JVM allocates. */
    static final long MAX_VALUES = Integer.MAX_VALUE - 8;
    private static final String EXAMPLE = " (A:B:N is N equally spaced values from A to B, e.g. 0:10:21)";

    /** The {@code --force} option of commands that run grids of fits. */
    static final class Force {
        @Option(names = "--force", description = "Run grids of more than " + MAX_FITS + " fits.")
        boolean force;
    }

    /**
     * The values of an option that takes either a grid {@code A:B:N} or a comma-separated list ({@code 1,3,5}),
     * in the order given.
     */
    static double[] list(String option, String text) {
        if (text != null && text.contains(":")) {
            return parse(option, text).values();
        }
        if (text == null || text.isBlank()) {
            throw InputException.at(option, "''", "expected A:B:N or a comma-separated list of numbers" + EXAMPLE);
        }
        String[] parts = text.split(",", -1);
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            v[i] = number(option, text, "value " + (i + 1), parts[i]);
        }
        return v;
    }

    /**
     * Picocli consumer of a {@code List<Double>} option given as {@code A:B:N} or {@code a,b,c} (repeatable, the
     * values appended): e.g. {@code kinvis limit --mu 0:10:21}. Errors are one line, exit 2.
     */
    static final class ListConsumer implements CommandLine.IParameterConsumer {
        @Override
        public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
            String option = argSpec.isOption() ? ((CommandLine.Model.OptionSpec) argSpec).longestName() : "value";
            if (args.isEmpty()) {
                throw new CommandLine.ParameterException(commandSpec.commandLine(), "Missing required parameter for"
                        + " option '" + option + "' (A:B:N or a comma-separated list)");
            }
            double[] values;
            try {
                values = list(option, args.pop());
            } catch (InputException e) {
                throw new CommandLine.ParameterException(commandSpec.commandLine(), e.getMessage());
            }
            List<Double> current = argSpec.getValue();
            List<Double> out = current == null ? new ArrayList<>() : new ArrayList<>(current);
            for (double d : values) {
                out.add(d);
            }
            argSpec.setValue(out);
        }
    }

    static ValueGrid parse(String option, String text) {
        if (text == null || text.isBlank()) {
            throw InputException.at(option, "''", "expected A:B:N" + EXAMPLE);
        }
        String[] p = text.split(":", -1);
        if (p.length != 3) {
            throw InputException.at(option, text, "expected A:B:N, got " + p.length + " part" + (p.length == 1 ? ""
                    : "s") + EXAMPLE);
        }
        double a = number(option, text, "A", p[0]);
        double b = number(option, text, "B", p[1]);
        long n;
        try {
            n = Long.parseLong(p[2].strip());
        } catch (NumberFormatException e) {
            throw InputException.at(option, text, "N = '" + p[2].strip() + "' is not a whole number" + EXAMPLE);
        }
        if (n < 1) {
            throw InputException.at(option, text, "N = " + n + ": expected at least 1 value" + EXAMPLE);
        }
        if (n == 1 && a != b) {
            throw InputException.at(option, text, "N = 1 is a single value, so A and B must be equal (e.g. "
                    + fmt(a) + ":" + fmt(a) + ":1); for values from " + fmt(a) + " to " + fmt(b) + " use N ≥ 2, e.g. "
                    + fmt(a) + ":" + fmt(b) + ":11");
        }
        if (n > 1 && a == b) {
            throw InputException.at(option, text, "A = B = " + fmt(a) + " with N = " + n + " is " + n
                    + " copies of one value; use " + fmt(a) + ":" + fmt(a) + ":1, or B ≠ A");
        }
        return new ValueGrid(option, text, a, b, n);
    }

    private static double number(String option, String text, String part, String s) {
        double v;
        try {
            v = Double.parseDouble(s.strip());
        } catch (NumberFormatException e) {
            throw InputException.at(option, text, part + " = '" + s.strip() + "' is not a number" + EXAMPLE);
        }
        if (!Double.isFinite(v)) {
            throw InputException.at(option, text, part + " = " + s.strip() + " is not finite" + EXAMPLE);
        }
        return v;
    }

    /**
     * Refuses grids whose number of fits (the product of their sizes) exceeds {@link #MAX_FITS} unless
     * {@code force}, and any grid too large to hold.
     */
    static void requireAffordable(boolean force, ValueGrid... grids) {
        long fits = 1;
        StringBuilder what = new StringBuilder();
        for (ValueGrid g : grids) {
            if (g.count > MAX_VALUES) {
                throw InputException.at(g.option, g.text, "N = " + g.count + " is more values than fit in memory"
                        + " (at most " + MAX_VALUES + ")");
            }
            fits = fits > Long.MAX_VALUE / g.count ? Long.MAX_VALUE : fits * g.count;
            what.append(what.isEmpty() ? "" : " × ").append(g.count);
        }
        if (fits > MAX_FITS && !force) {
            ValueGrid g = grids[0];
            throw InputException.at(grids.length == 1 ? g.option : g.option + "/" + grids[1].option,
                    grids.length == 1 ? g.text : g.text + " " + grids[1].text,
                    "would run " + (grids.length == 1 ? "" : what + " = ") + fits + " fits, more than the " + MAX_FITS
                            + " allowed without --force; use fewer values or add --force");
        }
    }

    /** Refuses a grid reaching outside [lo, hi], the allowed range of {@code parameter}. */
    void requireWithin(double lo, double hi, String parameter) {
        for (double v : new double[] {from, to}) {
            if (v < lo || v > hi) {
                throw InputException.at(option, text, fmt(v) + " lies outside the allowed range [" + fmt(lo) + ", "
                        + fmt(hi) + "] of " + parameter);
            }
        }
    }

    /** The values; the first is A and the last exactly B. */
    double[] values() {
        requireAffordable(true, this);
        int n = (int) count;
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = n == 1 ? from : from + (to - from) * i / (n - 1);
        }
        v[n - 1] = to;
        return v;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? String.valueOf((long) v) : String.format(Locale.ROOT, "%s", v);
    }
}
