package org.kinvis.kernels;

/**
 * Interpolation codes for the HistFactory normsys (multiplicative) and histosys (additive) modifiers, with the
 * numeric ids the device layout carries. They follow pyhf's {@code pyhf.interpolators} (and ROOT HistFactory's
 * codes): normsys {@code code1} (exponential, pyhf's default) and {@code code4} (exponential outside |α| ≥ 1,
 * 6th-order polynomial inside); histosys {@code code0} (piecewise linear, default), {@code code2} (quadratic
 * inside, linear outside) and {@code code4p} (6th-order polynomial inside, linear outside).
 */
public final class Interpolation {
    /** histosys: piecewise linear. */
    public static final int CODE0 = 0;
    /** normsys: piecewise exponential. */
    public static final int CODE1 = 1;
    /** histosys: quadratic within |α| ≤ 1, linear extrapolation outside. */
    public static final int CODE2 = 2;
    /** normsys: polynomial within |α| &lt; 1, exponential outside. */
    public static final int CODE4 = 4;
    /** histosys: polynomial within |α| ≤ 1, linear outside. */
    public static final int CODE4P = 5;

    private Interpolation() {
    }

    /** Parses "code0", "code1", "code2", "code4", "code4p"; returns -1 when unknown. */
    public static int parse(String name) {
        return switch (name) {
            case "code0" -> CODE0;
            case "code1" -> CODE1;
            case "code2" -> CODE2;
            case "code4" -> CODE4;
            case "code4p" -> CODE4P;
            default -> -1;
        };
    }

    public static String name(int code) {
        return switch (code) {
            case CODE0 -> "code0";
            case CODE1 -> "code1";
            case CODE2 -> "code2";
            case CODE4 -> "code4";
            case CODE4P -> "code4p";
            default -> throw new IllegalArgumentException("unknown interpolation code " + code);
        };
    }

    /**
     * Additive histosys delta for one bin at nuisance value {@code a}, given {@code up = hi − nom} and
     * {@code dn = nom − lo}.
     */
    public static double histoDelta(int code, double a, double up, double dn) {
        switch (code) {
            case CODE0:
                return a >= 0 ? a * up : a * dn;
            case CODE2: {
                // pyhf's code2: a·α² + b·α inside [-1, 1] with a = (up − dn)/2, b = (up + dn)/2, and outside
                // (b ± 2a)(α ∓ 1) — pyhf omits the value at ±1 there, so the delta jumps at |α| = 1; kept as is
                double qa = 0.5 * (up - dn);
                double qb = 0.5 * (up + dn);
                if (a > 1) {
                    return (qb + 2 * qa) * (a - 1);
                }
                if (a < -1) {
                    return (qb - 2 * qa) * (a + 1);
                }
                return qa * a * a + qb * a;
            }
            case CODE4P: {
                if (a > 1) {
                    return a * up;
                }
                if (a < -1) {
                    return a * dn;
                }
                // α·S + A·α²(15 − 10α² + 3α⁴): value and first two derivatives match the linear pieces at ±1
                double s = 0.5 * (up + dn);
                double aa = 0.0625 * (up - dn);
                double a2 = a * a;
                return a * s + aa * a2 * (15 + a2 * (-10 + 3 * a2));
            }
            default:
                throw new IllegalArgumentException("not a histosys code: " + code);
        }
    }

    /**
     * Every histosys code is linear in two per-bin constants, {@code S = (up + dn)/2} and
     * {@code A = (up − dn)/16}: {@code δ = c1(α)·S + c2(α)·A}. This returns c1; {@link #histoC2} returns c2. The
     * backends precompute S and A per bin and evaluate c1, c2 once per modifier and point, which makes the
     * per-bin work two fused multiply-adds whatever the code. Identities used: up = S + 8A, dn = S − 8A.
     */
    public static double histoC1(int code, double a) {
        if (code == CODE2) {
            // pyhf code2: inside aα² + bα with b = S, a = 8A; outside (b ± 2a)(α ∓ 1)
            return a > 1 ? a - 1 : (a < -1 ? a + 1 : a);
        }
        return a;
    }

    /** See {@link #histoC1}. */
    public static double histoC2(int code, double a) {
        switch (code) {
            case CODE0:
                return a >= 0 ? 8 * a : -8 * a;
            case CODE2:
                return a > 1 ? 16 * (a - 1) : (a < -1 ? -16 * (a + 1) : 8 * a * a);
            case CODE4P: {
                if (a > 1) {
                    return 8 * a;
                }
                if (a < -1) {
                    return -8 * a;
                }
                double a2 = a * a;
                return a2 * (15 + a2 * (-10 + 3 * a2));
            }
            default:
                throw new IllegalArgumentException("not a histosys code: " + code);
        }
    }

    /** d c1/dα of {@link #histoC1} (1 for every code; kept as a function for symmetry with c2). */
    public static double histoC1Derivative(int code, double a) {
        return 1;
    }

    /** d c2/dα of {@link #histoC2}; at the kinks (α = 0 for code0) the right derivative, as pyhf's α ≥ 0 branch. */
    public static double histoC2Derivative(int code, double a) {
        switch (code) {
            case CODE0:
                return a >= 0 ? 8 : -8;
            case CODE2:
                return a > 1 ? 16 : (a < -1 ? -16 : 16 * a);
            case CODE4P: {
                if (a > 1) {
                    return 8;
                }
                if (a < -1) {
                    return -8;
                }
                double a2 = a * a;
                return a * (30 + a2 * (-40 + 18 * a2));
            }
            default:
                throw new IllegalArgumentException("not a histosys code: " + code);
        }
    }

    /** d/dα of {@link #normFactor}; for code1 see {@link #code1Derivative}. */
    public static double normFactorDerivative(int code, double a, double hi, double lo, double[] coef, int c0) {
        if (code == CODE1 || a >= 1 || a <= -1) {
            return code1Derivative(a, hi, lo);
        }
        double p = 6 * coef[c0 + 5];
        p = p * a + 5 * coef[c0 + 4];
        p = p * a + 4 * coef[c0 + 3];
        p = p * a + 3 * coef[c0 + 2];
        p = p * a + 2 * coef[c0 + 1];
        return p * a + coef[c0];
    }

    /**
     * Coefficients a1..a6 of the code4 polynomial {@code 1 + Σ a_i α^i}, fixed by matching value, slope and
     * curvature of {@code hi^α} at α = 1 and of {@code lo^(−α)} at α = −1 (α0 = 1 as in pyhf). Derived by
     * splitting into even and odd parts, each a 3×3 triangular system.
     */
    public static double[] code4Coefficients(double hi, double lo) {
        double lh = Math.log(hi);
        double ll = Math.log(lo);
        // f(1)=hi, f'(1)=hi·lh, f''(1)=hi·lh²; f(-1)=lo, f'(-1)=-lo·ll, f''(-1)=lo·ll²
        double f1 = hi, d1 = hi * lh, s1 = hi * lh * lh;
        double fm = lo, dm = -lo * ll, sm = lo * ll * ll;
        // even part E(α)=1+a2α²+a4α⁴+a6α⁶ at α=1
        double e0 = 0.5 * (f1 + fm) - 1;
        double e1 = 0.5 * (d1 - dm);
        double e2 = 0.5 * (s1 + sm);
        double a6 = (e2 - 5 * e1 + 8 * e0) / 8;
        double a4 = (e1 - 2 * e0 - 4 * a6) / 2;
        double a2 = e0 - a4 - a6;
        // odd part O(α)=a1α+a3α³+a5α⁵ at α=1
        double o0 = 0.5 * (f1 - fm);
        double o1 = 0.5 * (d1 + dm);
        double o2 = 0.5 * (s1 - sm);
        double a5 = (o2 - 3 * (o1 - o0)) / 8;
        double a3 = (o1 - o0 - 4 * a5) / 2;
        double a1 = o0 - a3 - a5;
        return new double[] {a1, a2, a3, a4, a5, a6};
    }

    /** Multiplicative normsys factor at {@code a}; {@code coef} are the code4 coefficients (ignored for code1). */
    public static double normFactor(int code, double a, double hi, double lo, double[] coef, int c0) {
        if (code == CODE1 || a >= 1 || a <= -1) {
            return code1Factor(a, hi, lo);
        }
        double p = coef[c0 + 5];
        p = p * a + coef[c0 + 4];
        p = p * a + coef[c0 + 3];
        p = p * a + coef[c0 + 2];
        p = p * a + coef[c0 + 1];
        p = p * a + coef[c0];
        return 1 + p * a;
    }

    /**
     * pyhf's code1 factor {@code power(base, |α|)} with base hi for α &gt; 0 and lo otherwise
     * ({@code pyhf.interpolators.code1}): exactly 1 at α = 0 whatever hi and lo are, 0 for a zero base. A
     * negative base gives NaN for every α ≠ 0 (pyhf's power is NaN there except at whole α; the backends
     * compute {@code exp(|α|·log base)} and keep to that), which the callers report as a non-finite logpdf.
     */
    public static double code1Factor(double a, double hi, double lo) {
        if (a == 0) {
            return 1;
        }
        double base = a > 0 ? hi : lo;
        return base >= 0 ? Math.pow(base, Math.abs(a)) : Double.NaN;
    }

    /**
     * The exponent {@code |α|·log(base)} of {@link #code1Factor} as the backends sum it per block (one exp per
     * block), from the precomputed logarithms: 0 at α = 0 (where {@code 0·log 0} would be NaN), −∞ for a zero
     * base, NaN for a negative one.
     */
    public static double code1Exponent(double a, double lnHi, double lnLo) {
        return a > 0 ? a * lnHi : (a < 0 ? -a * lnLo : 0);
    }

    /**
     * d/dα of {@link #code1Factor}: {@code f·log(hi)} for α &gt; 0, {@code −f·log(lo)} for α &lt; 0, and 0 where
     * f = 0 (a zero base: the factor is constant 0 there). At α = 0 the one-sided derivative of a side that is
     * continuous there: log(hi) when hi &gt; 0 (as for every ordinary normsys), else −log(lo) when lo &gt; 0,
     * else 0 (1 at an isolated point).
     */
    public static double code1Derivative(double a, double hi, double lo) {
        if (a == 0) {
            return hi > 0 ? Math.log(hi) : (lo > 0 ? -Math.log(lo) : 0);
        }
        double f = code1Factor(a, hi, lo);
        return f == 0 ? 0 : (a > 0 ? f * Math.log(hi) : -f * Math.log(lo));
    }
}
