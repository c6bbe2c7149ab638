package org.kinvis.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Interpolation codes against values derived by hand from their definitions (pyhf.interpolators): nom = 10,
 * hi = 12, lo = 9, so up = hi − nom = 2 and dn = nom − lo = 1.
 */
class InterpolationTest {
    static final double UP = 2;
    static final double DN = 1;

    @Test
    void code0IsPiecewiseLinear() {
        // α ≥ 0: α·up; α < 0: α·dn
        assertThat(Interpolation.histoDelta(Interpolation.CODE0, 0.5, UP, DN)).isEqualTo(1.0);
        assertThat(Interpolation.histoDelta(Interpolation.CODE0, -0.5, UP, DN)).isEqualTo(-0.5);
        assertThat(Interpolation.histoDelta(Interpolation.CODE0, 2.5, UP, DN)).isEqualTo(5.0);
        assertThat(Interpolation.histoDelta(Interpolation.CODE0, 0.0, UP, DN)).isEqualTo(0.0);
    }

    @Test
    void code2IsPyhfQuadratic() {
        // a = ½(hi + lo) − nom = 0.5, b = ½(hi − lo) = 1.5
        // |α| ≤ 1: aα² + bα → α = 0.5: 0.125 + 0.75 = 0.875; α = −1: 0.5 − 1.5 = −1
        assertThat(Interpolation.histoDelta(Interpolation.CODE2, 0.5, UP, DN)).isCloseTo(0.875, within(1e-15));
        assertThat(Interpolation.histoDelta(Interpolation.CODE2, -1.0, UP, DN)).isCloseTo(-1.0, within(1e-15));
        // α > 1: (b + 2a)(α − 1) = 2.5·1 at α = 2; α < −1: (b − 2a)(α + 1) = 0.5·(−1) at α = −2 (pyhf's form)
        assertThat(Interpolation.histoDelta(Interpolation.CODE2, 2.0, UP, DN)).isCloseTo(2.5, within(1e-15));
        assertThat(Interpolation.histoDelta(Interpolation.CODE2, -2.0, UP, DN)).isCloseTo(-0.5, within(1e-15));
    }

    @Test
    void code4pIsSmoothPolynomialInsideLinearOutside() {
        // outside: α·up (α > 1), α·dn (α < −1)
        assertThat(Interpolation.histoDelta(Interpolation.CODE4P, 1.5, UP, DN)).isEqualTo(3.0);
        assertThat(Interpolation.histoDelta(Interpolation.CODE4P, -1.5, UP, DN)).isEqualTo(-1.5);
        // inside: α·S + A·α²(15 − 10α² + 3α⁴), S = (up + dn)/2 = 1.5, A = (up − dn)/16 = 0.0625
        // α = 0.5: 0.75 + 0.0625·0.25·(15 − 2.5 + 0.1875) = 0.75 + 0.1982421875
        assertThat(Interpolation.histoDelta(Interpolation.CODE4P, 0.5, UP, DN))
                .isCloseTo(0.9482421875, within(1e-15));
        // value and slope continuous at ±1, curvature 0 there (the linear pieces have none)
        for (double edge : new double[] {1, -1}) {
            double h = 1e-5;
            double in = Interpolation.histoDelta(Interpolation.CODE4P, edge * (1 - h), UP, DN);
            double at = Interpolation.histoDelta(Interpolation.CODE4P, edge, UP, DN);
            double slopeOutside = edge > 0 ? UP : DN;
            assertThat((at - in) / (edge * h)).isCloseTo(slopeOutside, within(1e-4));
        }
    }

    @Test
    void code1IsPiecewiseExponential() {
        double[] none = new double[6];
        assertThat(Interpolation.normFactor(Interpolation.CODE1, 0.5, 1.21, 0.81, none, 0))
                .isCloseTo(1.1, within(1e-15));
        assertThat(Interpolation.normFactor(Interpolation.CODE1, -0.5, 1.21, 0.81, none, 0))
                .isCloseTo(0.9, within(1e-15));
        assertThat(Interpolation.normFactor(Interpolation.CODE1, 2, 1.1, 0.9, none, 0))
                .isCloseTo(1.21, within(1e-15));
    }

    @Test
    void code4MatchesExponentialToSecondOrderAtTheJoins() {
        double hi = 1.2;
        double lo = 0.85;
        double[] c = Interpolation.code4Coefficients(hi, lo);
        java.util.function.DoubleUnaryOperator poly = a -> 1 + a * (c[0] + a * (c[1] + a * (c[2] + a * (c[3]
                + a * (c[4] + a * c[5])))));
        // f(0) = 1 and the six matching conditions at ±1, with f = hi^α (α ≥ 1), lo^(−α) (α ≤ −1)
        assertThat(poly.applyAsDouble(0)).isEqualTo(1.0);
        double lh = Math.log(hi);
        double ll = Math.log(lo);
        assertThat(poly.applyAsDouble(1)).isCloseTo(hi, within(1e-14));
        assertThat(poly.applyAsDouble(-1)).isCloseTo(lo, within(1e-14));
        double d1 = c[0] + 2 * c[1] + 3 * c[2] + 4 * c[3] + 5 * c[4] + 6 * c[5];
        double dm1 = c[0] - 2 * c[1] + 3 * c[2] - 4 * c[3] + 5 * c[4] - 6 * c[5];
        assertThat(d1).isCloseTo(hi * lh, within(1e-14));
        assertThat(dm1).isCloseTo(-lo * ll, within(1e-14));
        double s1 = 2 * c[1] + 6 * c[2] + 12 * c[3] + 20 * c[4] + 30 * c[5];
        double sm1 = 2 * c[1] - 6 * c[2] + 12 * c[3] - 20 * c[4] + 30 * c[5];
        assertThat(s1).isCloseTo(hi * lh * lh, within(1e-14));
        assertThat(sm1).isCloseTo(lo * ll * ll, within(1e-14));
        // the evaluator uses the polynomial inside and the exponential outside
        assertThat(Interpolation.normFactor(Interpolation.CODE4, 0.3, hi, lo, c, 0))
                .isCloseTo(poly.applyAsDouble(0.3), within(1e-15));
        assertThat(Interpolation.normFactor(Interpolation.CODE4, -1.7, hi, lo, c, 0))
                .isCloseTo(Math.pow(lo, 1.7), within(1e-15));
    }

    /** The two-coefficient form the backends use reproduces each code's definition. */
    @Test
    void coefficientFormEqualsDefinition() {
        double[][] bins = {{2, 1}, {-0.5, 3}, {0.25, -0.75}, {0, 0}};
        for (int code : new int[] {Interpolation.CODE0, Interpolation.CODE2, Interpolation.CODE4P}) {
            for (double a = -3; a <= 3; a += 0.125) {
                for (double[] b : bins) {
                    double s = 0.5 * (b[0] + b[1]);
                    double aa = 0.0625 * (b[0] - b[1]);
                    double viaCoef = Interpolation.histoC1(code, a) * s + Interpolation.histoC2(code, a) * aa;
                    assertThat(viaCoef).as("code %d at %s", code, a)
                            .isCloseTo(Interpolation.histoDelta(code, a, b[0], b[1]), within(1e-13));
                }
            }
        }
    }

    @Test
    void codeNamesRoundTrip() {
        for (String n : new String[] {"code0", "code1", "code2", "code4", "code4p"}) {
            assertThat(Interpolation.name(Interpolation.parse(n))).isEqualTo(n);
        }
        assertThat(Interpolation.parse("code3")).isEqualTo(-1);
    }

    @Test
    void code1FactorsAtOrBelowZeroAsPyhfPower() {
        // pyhf code1: power(hi if α > 0 else lo, |α|): 1 at α = 0 for any base, 0^|α| = 0 on a zero side
        assertThat(Interpolation.code1Factor(0, 0, 0)).isEqualTo(1.0);
        assertThat(Interpolation.code1Factor(0, -0.5, -2)).isEqualTo(1.0);
        assertThat(Interpolation.code1Factor(0.3, 0, 0.8)).isEqualTo(0.0);
        assertThat(Interpolation.code1Factor(-0.3, 0, 0.8)).isCloseTo(Math.pow(0.8, 0.3), within(1e-16));
        assertThat(Interpolation.code1Factor(-2, 1.2, 0)).isEqualTo(0.0);
        // a negative base: NaN on its side (pyhf: NaN except at whole α), finite on the other
        assertThat(Interpolation.code1Factor(0.5, -0.5, 2)).isNaN();
        assertThat(Interpolation.code1Factor(1, -0.5, 2)).isNaN();
        assertThat(Interpolation.code1Factor(-1, -0.5, 2)).isEqualTo(2.0);
        // the exponent the backends sum per block: exp of it is the factor
        assertThat(Math.exp(Interpolation.code1Exponent(0, Math.log(0), Math.log(-1)))).isEqualTo(1.0);
        assertThat(Math.exp(Interpolation.code1Exponent(0.3, Math.log(0), 0))).isEqualTo(0.0);
        // derivatives: 0 on a zero side; at α = 0 the slope of a side whose base is > 0
        assertThat(Interpolation.code1Derivative(0.3, 0, 0.8)).isEqualTo(0.0);
        assertThat(Interpolation.code1Derivative(0, 0, 0.8)).isCloseTo(-Math.log(0.8), within(1e-16));
        assertThat(Interpolation.code1Derivative(0, 1.2, 0)).isCloseTo(Math.log(1.2), within(1e-16));
        assertThat(Interpolation.code1Derivative(0, 0, 0)).isEqualTo(0.0);
        assertThat(Interpolation.normFactorDerivative(Interpolation.CODE4, -2, 1.2, 0, new double[6], 0))
                .isEqualTo(0.0);
    }
}
