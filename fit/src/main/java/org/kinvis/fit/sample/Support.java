package org.kinvis.fit.sample;

/**
 * The support of one parameter and Stan's constraining transform from the real line onto it (Stan Reference
 * Manual, "Constraint transforms"): identity for an unbounded parameter, {@code x = lo + exp(u)} for a lower
 * bound, {@code x = hi − exp(u)} for an upper bound and {@code x = lo + (hi − lo)·logistic(u)} for both. The
 * sampler moves {@code u}; the density of {@code u} is that of {@code x} times |dx/du|, whose logarithm and its
 * derivative are given here, so that a parameter sitting on a bound (μ ≥ 0, a coupling ≥ 0) is sampled with
 * its correct density up to the bound instead of being clipped.
 */
public sealed interface Support {

    /** The support [lo, hi] with either end possibly infinite. */
    static Support of(double lo, double hi) {
        if (!(lo < hi)) {
            throw new IllegalArgumentException("empty support [" + lo + ", " + hi + "]");
        }
        boolean l = lo != Double.NEGATIVE_INFINITY;
        boolean h = hi != Double.POSITIVE_INFINITY;
        if (l && h) {
            return new Interval(lo, hi);
        }
        if (l) {
            return new Lower(lo);
        }
        return h ? new Upper(hi) : new Real();
    }

    double lower();

    double upper();

    /** x(u). */
    double constrain(double u);

    /** u(x) for x inside the support; a point on a bound maps to ±∞. */
    double unconstrain(double x);

    /** dx/du. */
    double jacobian(double u);

    /** log |dx/du|. */
    double logJacobian(double u);

    /** d log|dx/du| / du. */
    double dLogJacobian(double u);

    /** The whole real line: the identity. */
    record Real() implements Support {
        public double lower() {
            return Double.NEGATIVE_INFINITY;
        }

        public double upper() {
            return Double.POSITIVE_INFINITY;
        }

        public double constrain(double u) {
            return u;
        }

        public double unconstrain(double x) {
            return x;
        }

        public double jacobian(double u) {
            return 1;
        }

        public double logJacobian(double u) {
            return 0;
        }

        public double dLogJacobian(double u) {
            return 0;
        }
    }

    /** [lo, ∞): {@code x = lo + exp(u)}, log-Jacobian {@code u}. */
    record Lower(double lo) implements Support {
        public double lower() {
            return lo;
        }

        public double upper() {
            return Double.POSITIVE_INFINITY;
        }

        public double constrain(double u) {
            return lo + Math.exp(u);
        }

        public double unconstrain(double x) {
            return Math.log(x - lo);
        }

        public double jacobian(double u) {
            return Math.exp(u);
        }

        public double logJacobian(double u) {
            return u;
        }

        public double dLogJacobian(double u) {
            return 1;
        }
    }

    /** (−∞, hi]: {@code x = hi − exp(u)}, log-Jacobian {@code u}. */
    record Upper(double hi) implements Support {
        public double lower() {
            return Double.NEGATIVE_INFINITY;
        }

        public double upper() {
            return hi;
        }

        public double constrain(double u) {
            return hi - Math.exp(u);
        }

        public double unconstrain(double x) {
            return Math.log(hi - x);
        }

        public double jacobian(double u) {
            return -Math.exp(u);
        }

        public double logJacobian(double u) {
            return u;
        }

        public double dLogJacobian(double u) {
            return 1;
        }
    }

    /**
     * [lo, hi]: {@code x = lo + (hi − lo) σ(u)} with the logistic σ; log-Jacobian
     * {@code log(hi − lo) − softplus(−u) − softplus(u)}, computed without overflow for large |u|.
     */
    record Interval(double lo, double hi) implements Support {
        public double lower() {
            return lo;
        }

        public double upper() {
            return hi;
        }

        public double constrain(double u) {
            double x = lo + (hi - lo) * logistic(u);
            return Math.min(hi, Math.max(lo, x));
        }

        public double unconstrain(double x) {
            double p = (x - lo) / (hi - lo);
            return Math.log(p) - Math.log1p(-p);
        }

        public double jacobian(double u) {
            double s = logistic(u);
            return (hi - lo) * s * (1 - s);
        }

        public double logJacobian(double u) {
            // −softplus(−u) − softplus(u) = −|u| − 2 log(1 + e^−|u|): one exp and one log (both intrinsics; log1p is
            // not), absolute error below 1e-15 — all a log density needs
            double a = Math.abs(u);
            return Math.log(hi - lo) - a - 2 * Math.log(1 + Math.exp(-a));
        }

        public double dLogJacobian(double u) {
            return 1 - 2 * logistic(u);
        }

        static double logistic(double u) {
            return u >= 0 ? 1 / (1 + Math.exp(-u)) : Math.exp(u) / (1 + Math.exp(u));
        }

    }
}
