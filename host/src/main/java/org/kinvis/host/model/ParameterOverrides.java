package org.kinvis.host.model;

import java.util.ArrayList;
import java.util.List;
import org.kinvis.host.input.DidYouMean;
import org.kinvis.host.input.InputException;

/**
 * Command-line overrides of the model's initial values and bounds, {@code --init NAME=V} and
 * {@code --bounds NAME=LO:HI}, applied after the measurement's own configuration (as a later
 * {@code measurements[].config.parameters} entry would be). NAME is a flat name ({@code mu}, {@code gamma[2]})
 * or the name of a parameter set, which then sets every component. Checked: known names (with a "did you mean"
 * hint), finite numbers, LO &lt; HI, and every init that an override touches inside its bounds.
 */
public record ParameterOverrides(List<Init> inits, List<Bounds> bounds) {

    /** {@code --init NAME=V}; {@code arg} is the text given, for messages. */
    public record Init(String name, double value, String arg) {
    }

    /** {@code --bounds NAME=LO:HI}. */
    public record Bounds(String name, double lo, double hi, String arg) {
    }

    public ParameterOverrides {
        inits = List.copyOf(inits);
        bounds = List.copyOf(bounds);
    }

    public static final ParameterOverrides NONE = new ParameterOverrides(List.of(), List.of());

    public boolean isEmpty() {
        return inits.isEmpty() && bounds.isEmpty();
    }

    /** Parses the option values (either list may be null). */
    public static ParameterOverrides parse(List<String> initArgs, List<String> boundArgs) {
        List<Init> is = new ArrayList<>();
        for (String a : initArgs == null ? List.<String>of() : initArgs) {
            String[] kv = split(a, "--init", "NAME=VALUE");
            is.add(new Init(kv[0], number(kv[1], "--init", a), a));
        }
        List<Bounds> bs = new ArrayList<>();
        for (String a : boundArgs == null ? List.<String>of() : boundArgs) {
            String[] kv = split(a, "--bounds", "NAME=LO:HI");
            String[] lh = kv[1].split(":", -1);
            if (lh.length != 2) {
                throw InputException.at("--bounds", a, "expected NAME=LO:HI");
            }
            double lo = number(lh[0], "--bounds", a);
            double hi = number(lh[1], "--bounds", a);
            if (!(lo < hi)) {
                throw InputException.at("--bounds", a, "expected LO < HI, got " + lh[0].trim() + " ≥ " + lh[1].trim()
                        + (lo == hi ? " (to fix a parameter use --fix or --init with the measurement's fixed flag)"
                                : ""));
            }
            bs.add(new Bounds(kv[0], lo, hi, a));
        }
        return new ParameterOverrides(is, bs);
    }

    private static String[] split(String arg, String option, String form) {
        int eq = arg.indexOf('=');
        if (eq <= 0 || eq == arg.length() - 1) {
            throw InputException.at(option, arg, "expected " + form);
        }
        return new String[] {arg.substring(0, eq).trim(), arg.substring(eq + 1).trim()};
    }

    private static double number(String s, String option, String arg) {
        try {
            double v = Double.parseDouble(s.trim());
            if (Double.isFinite(v)) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw InputException.at(option, arg, "'" + s.trim() + "' is not a finite number");
    }

    /** The table with the overrides applied (bounds first, then inits), checked. */
    public ParameterTable apply(ParameterTable table) {
        if (isEmpty()) {
            return table;
        }
        int n = table.size();
        double[] init = table.inits();
        double[] lo = table.lowerBounds();
        double[] hi = table.upperBounds();
        String[] touchedBy = new String[n];
        for (Bounds b : bounds) {
            for (int i : components(table, b.name(), "--bounds", b.arg())) {
                lo[i] = b.lo();
                hi[i] = b.hi();
                touchedBy[i] = "--bounds " + b.arg();
            }
        }
        for (Init in : inits) {
            for (int i : components(table, in.name(), "--init", in.arg())) {
                init[i] = in.value();
                touchedBy[i] = "--init " + in.arg();
            }
        }
        for (int i = 0; i < n; i++) {
            if (touchedBy[i] != null && (init[i] < lo[i] || init[i] > hi[i])) {
                String[] opt = touchedBy[i].split(" ", 2);
                throw InputException.at(opt[0], opt[1], "the initial value " + fmt(init[i]) + " of "
                        + table.names().get(i) + " is outside its bounds [" + fmt(lo[i]) + ", " + fmt(hi[i]) + "]"
                        + (opt[0].equals("--bounds") ? "; give --init too" : ""));
            }
        }
        List<ParameterSet> sets = new ArrayList<>();
        for (ParameterSet s : table.sets()) {
            double[] si = new double[s.n()];
            double[][] sb = new double[s.n()][];
            for (int j = 0; j < s.n(); j++) {
                si[j] = init[s.offset() + j];
                sb[j] = new double[] {lo[s.offset() + j], hi[s.offset() + j]};
            }
            sets.add(new ParameterSet(s.name(), s.modifierType(), s.offset(), s.n(), s.scalar(), si, sb, s.fixed(),
                    s.constraint(), s.auxdata(), s.widths()));
        }
        return table.withSets(sets);
    }

    private static int[] components(ParameterTable t, String name, String option, String arg) {
        int i = t.names().indexOf(name);
        if (i >= 0) {
            return new int[] {i};
        }
        ParameterSet s = t.set(name);
        if (s != null) {
            int[] out = new int[s.n()];
            for (int j = 0; j < s.n(); j++) {
                out[j] = s.offset() + j;
            }
            return out;
        }
        throw InputException.at(option, arg, "unknown parameter '" + name + "'" + DidYouMean.hint(name,
                t.allNames()));
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
