package org.kinvis.fit.plot;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Tick positions and labels: "nice" steps 1, 2, 2.5, 5 × 10ᵏ with 4 or 5 minor intervals on linear axes (as
 * matplotlib's MaxNLocator and AutoMinorLocator), decades with minor ticks at 2…9 on log axes. Labels never use
 * Java's exponent notation: they have as many decimals as the step needs (at most 6 significant digits), a
 * proper minus sign, and on axes far from 1 a common factor ×10ᵏ shown once at the axis end.
 */
public final class Ticks {
    private Ticks() {
    }

    /** One tick: position (data units), label markup (empty for minor ticks), major or minor. */
    public record Tick(double value, String label, boolean major) {
    }

    /** Ticks of an axis and the common factor 10^exponent its labels are divided by (0: none). */
    public record Set(List<Tick> ticks, int exponent) {
        /** The "×10ᵏ" markup of the factor, or empty. */
        public String factorLabel() {
            return exponent == 0 ? "" : "×10^{" + minus(Integer.toString(exponent)) + "}";
        }
    }

    /** The nice step for about {@code target} intervals over [lo, hi]. */
    static double niceStep(double lo, double hi, int target) {
        double raw = (hi - lo) / Math.max(target, 1);
        double p = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double m : new double[] {1, 2, 2.5, 5, 10}) {
            if (m * p >= raw * 0.999) {
                return m * p;
            }
        }
        return 10 * p;
    }

    public static Set linear(double lo, double hi, int target) {
        List<Tick> out = new ArrayList<>();
        if (!(hi > lo) || !Double.isFinite(lo) || !Double.isFinite(hi)) {
            return new Set(out, 0);
        }
        double step = niceStep(lo, hi, target);
        double big = Math.max(Math.abs(lo), Math.abs(hi));
        int exponent = 0;
        if (big >= 1e5 || big < 1e-2) {
            exponent = (int) Math.floor(Math.log10(big));
        }
        double scale = Math.pow(10, exponent);
        double scaledStep = step / scale;
        int e = (int) Math.floor(Math.log10(scaledStep) + 1e-9);
        double mant = scaledStep / Math.pow(10, e);
        int decimals = Math.max(0, -e + (Math.abs(mant - 2.5) < 1e-6 ? 1 : 0));
        long first = (long) Math.ceil(lo / step - 1e-9);
        long last = (long) Math.floor(hi / step + 1e-9);
        int minorDiv = Math.abs(mant - 2) < 1e-6 ? 4 : 5;
        double minorStep = step / minorDiv;
        long mFirst = (long) Math.ceil(lo / minorStep - 1e-9);
        long mLast = (long) Math.floor(hi / minorStep + 1e-9);
        for (long k = mFirst; k <= mLast; k++) {
            if (Math.floorMod(k, minorDiv) != 0) {
                out.add(new Tick(k * minorStep, "", false));
            }
        }
        for (long k = first; k <= last; k++) {
            double v = k * step;
            out.add(new Tick(v, format(v / scale, decimals), true));
        }
        return new Set(out, exponent);
    }

    public static Set log(double lo, double hi) {
        List<Tick> out = new ArrayList<>();
        if (!(hi > lo) || !(lo > 0)) {
            return new Set(out, 0);
        }
        int a = (int) Math.floor(Math.log10(lo) + 1e-9);
        int b = (int) Math.ceil(Math.log10(hi) - 1e-9);
        int decades = b - a;
        int every = decades > 12 ? 3 : decades > 7 ? 2 : 1;
        for (int k = a; k <= b; k++) {
            double d = Math.pow(10, k);
            if (d >= lo * (1 - 1e-9) && d <= hi * (1 + 1e-9)) {
                boolean labelled = Math.floorMod(k, every) == 0;
                out.add(new Tick(d, labelled ? decade(k) : "", labelled));
            }
            if (decades <= 8) {
                for (int m = 2; m <= 9; m++) {
                    double v = m * d;
                    if (v >= lo && v <= hi) {
                        // within less than ~1.5 decades label the 2 and 5 multiples too
                        boolean label = decades <= 1 && (m == 2 || m == 5);
                        out.add(new Tick(v, label ? format(v, Math.max(0, -k)) : "", label));
                    }
                }
            }
        }
        return new Set(out, 0);
    }

    static String decade(int k) {
        return "10^{" + minus(Integer.toString(k)) + "}";
    }

    /** {@code v} with {@code decimals} decimals, a Unicode minus and no "−0". */
    public static String format(double v, int decimals) {
        String s = String.format(Locale.ROOT, "%." + Math.min(decimals, 6) + "f", v);
        if (s.matches("-0(\\.0*)?")) {
            s = s.substring(1);
        }
        return minus(s);
    }

    /**
     * A number for text in a figure (legend, titles): {@code digits} significant digits, no exponent notation
     * between 10⁻⁴ and 10⁶, else mantissa ×10ᵏ in markup.
     */
    public static String number(double v, int digits) {
        if (v == 0 || !Double.isFinite(v)) {
            return v == 0 ? "0" : Double.isNaN(v) ? "NaN" : (v > 0 ? "∞" : "−∞");
        }
        int e = (int) Math.floor(Math.log10(Math.abs(v)));
        if (e >= -4 && e < 6) {
            int decimals = Math.max(0, digits - 1 - e);
            return format(v, decimals);
        }
        double m = v / Math.pow(10, e);
        if (Math.abs(Math.round(m * Math.pow(10, digits - 1))) >= 10 * Math.pow(10, digits - 1)) {
            m /= 10;
            e++;
        }
        return format(m, Math.max(0, digits - 1)) + "×" + decade(e);
    }

    /**
     * A value with asymmetric errors, "v_{−lo}^{+hi}", all with the decimals that give the smaller error two
     * significant digits, and at least two decimals below 10 (corner.py's "4.62_{−1.32}^{+1.31}").
     */
    public static String withErrors(double v, double lo, double hi) {
        double err = Math.min(lo, hi);
        int decimals = err > 0 ? Math.max(err < 10 ? 2 : 0, 1 - (int) Math.floor(Math.log10(err))) : 2;
        return format(v, decimals) + "_{−" + format(lo, decimals) + "}^{+" + format(hi, decimals) + "}";
    }

    /** {@link #number} with up to {@code digits} significant digits and no trailing zeros (0.05, 95, 1.2×10⁻⁵). */
    public static String compact(double v, int digits) {
        String s = number(v, digits);
        int times = s.indexOf('×');
        String mant = times < 0 ? s : s.substring(0, times);
        if (mant.contains(".")) {
            mant = mant.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return times < 0 ? mant : mant + s.substring(times);
    }

    /** {@code v} rounded to a thousandth of {@code span} (an axis range): 1e−10 on a 0…3 axis reads "0". */
    public static String onScale(double v, double span) {
        int decimals = Math.max(0, 3 - (int) Math.ceil(Math.log10(Math.abs(span))));
        String s = format(v, decimals);
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    static String minus(String s) {
        return s.replace('-', '−');
    }
}
