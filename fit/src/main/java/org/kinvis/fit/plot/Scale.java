package org.kinvis.fit.plot;

/** A linear or logarithmic axis from {@code lo} to {@code hi} (data units), mapped onto [0, 1]. */
public record Scale(boolean log, double lo, double hi) {

    /** The position of {@code v} as a fraction of the axis (NaN where a log axis cannot show it). */
    public double frac(double v) {
        if (log) {
            return v > 0 ? (Math.log(v) - Math.log(lo)) / (Math.log(hi) - Math.log(lo)) : Double.NaN;
        }
        return (v - lo) / (hi - lo);
    }

    /** The data value at fraction {@code f} of the axis. */
    public double value(double f) {
        return log ? Math.exp(Math.log(lo) + f * (Math.log(hi) - Math.log(lo))) : lo + f * (hi - lo);
    }

    public Ticks.Set ticks(int target) {
        return log ? Ticks.log(lo, hi) : Ticks.linear(lo, hi, target);
    }
}
