package org.kinvis.fit.minimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Inverses and log-determinants of symmetric matrices against closed forms. */
class PositiveDefiniteTest {
    /** [[4, 2], [2, 3]]: det 8, inverse [[3, −2], [−2, 4]]/8. */
    @Test
    void positiveDefiniteMatrix() {
        double[][] a = {{4, 2}, {2, 3}};
        PositiveDefinite.Inverse inv = PositiveDefinite.invert(a);
        assertThat(inv.posDef()).isTrue();
        assertThat(inv.inverse()[0][0]).isCloseTo(3.0 / 8, within(1e-15));
        assertThat(inv.inverse()[0][1]).isCloseTo(-2.0 / 8, within(1e-15));
        assertThat(inv.inverse()[1][1]).isCloseTo(4.0 / 8, within(1e-15));
        double[] ld = PositiveDefinite.logDet(a);
        assertThat(ld[0]).isCloseTo(Math.log(8), within(1e-14));
        assertThat(ld[1]).isEqualTo(1);
    }

    /**
     * [[1, 2], [2, 1]] has eigenvalues 3 and −1 along (1, 1)/√2 and (1, −1)/√2: not positive definite; the inverse
     * is that of the matrix with −1 raised to the floor 3e-12 (Minuit's MnPosDef), and says so. A singular matrix
     * (a flat direction) is not positive definite either.
     */
    @Test
    void indefiniteAndSingularMatrices() {
        PositiveDefinite.Inverse inv = PositiveDefinite.invert(new double[][] {{1, 2}, {2, 1}});
        assertThat(inv.posDef()).isFalse();
        double big = 1 / (PositiveDefinite.FLOOR * 3);
        assertThat(inv.inverse()[0][0]).isCloseTo(0.5 * (1.0 / 3 + big), within(1e-3 * big));
        assertThat(inv.inverse()[0][1]).isCloseTo(0.5 * (1.0 / 3 - big), within(1e-3 * big));
        assertThat(PositiveDefinite.invert(new double[][] {{1, 1}, {1, 1}}).posDef()).isFalse();
        assertThat(PositiveDefinite.logDet(new double[][] {{1, 2}, {2, 1}})[1]).isZero();
    }

    /** A 300 × 300 matrix (the threaded Cholesky): A = I + u uᵀ has A⁻¹ = I − u uᵀ/(1 + uᵀu). */
    @Test
    void largeMatrix() {
        int n = 300;
        double[] u = new double[n];
        double uu = 0;
        for (int i = 0; i < n; i++) {
            u[i] = Math.sin(i + 1);
            uu += u[i] * u[i];
        }
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                a[i][j] = (i == j ? 1 : 0) + u[i] * u[j];
            }
        }
        PositiveDefinite.Inverse inv = PositiveDefinite.invert(a);
        assertThat(inv.posDef()).isTrue();
        for (int i = 0; i < n; i += 37) {
            for (int j = 0; j < n; j += 29) {
                assertThat(inv.inverse()[i][j]).isCloseTo((i == j ? 1 : 0) - u[i] * u[j] / (1 + uu), within(1e-12));
            }
        }
        assertThat(PositiveDefinite.logDet(a)[0]).isCloseTo(Math.log(1 + uu), within(1e-10));
    }
}
