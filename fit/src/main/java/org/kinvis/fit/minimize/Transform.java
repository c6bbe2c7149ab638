package org.kinvis.fit.minimize;

/**
 * Minuit's mapping between a parameter's external value and the internal, unbounded variable the minimiser
 * moves (F. James, MINUIT reference manual §1.3): for a parameter with both limits,
 * {@code ext = lo + (hi − lo)(sin(int) + 1)/2}; for one limit {@code ext = lo − 1 + √(int² + 1)} (lower) or
 * {@code hi + 1 − √(int² + 1)} (upper); unbounded parameters are used as they are.
 */
record Transform(double lo, double hi) {

    boolean hasLower() {
        return Double.isFinite(lo);
    }

    boolean hasUpper() {
        return Double.isFinite(hi);
    }

    double toExternal(double in) {
        if (hasLower() && hasUpper()) {
            return lo + 0.5 * (hi - lo) * (Math.sin(in) + 1);
        }
        if (hasLower()) {
            return lo - 1 + Math.sqrt(in * in + 1);
        }
        if (hasUpper()) {
            return hi + 1 - Math.sqrt(in * in + 1);
        }
        return in;
    }

    double toInternal(double ext) {
        if (hasLower() && hasUpper()) {
            double y = 2 * (ext - lo) / (hi - lo) - 1;
            return Math.asin(Math.max(-1, Math.min(1, y)));
        }
        if (hasLower()) {
            double y = ext - lo + 1;
            return Math.sqrt(Math.max(0, y * y - 1));
        }
        if (hasUpper()) {
            double y = hi - ext + 1;
            return Math.sqrt(Math.max(0, y * y - 1));
        }
        return ext;
    }

    /** d² ext / d int² at the internal value {@code in} (chain rule of second derivatives). */
    double secondDerivative(double in) {
        if (hasLower() && hasUpper()) {
            return -0.5 * (hi - lo) * Math.sin(in);
        }
        double r = Math.sqrt(in * in + 1);
        if (hasLower()) {
            return 1 / (r * r * r);
        }
        if (hasUpper()) {
            return -1 / (r * r * r);
        }
        return 0;
    }

    /** d ext / d int at the internal value {@code in}. */
    double derivative(double in) {
        if (hasLower() && hasUpper()) {
            return 0.5 * (hi - lo) * Math.cos(in);
        }
        if (hasLower()) {
            return in / Math.sqrt(in * in + 1);
        }
        if (hasUpper()) {
            return -in / Math.sqrt(in * in + 1);
        }
        return 1;
    }
}
