package org.kinvis.fit.minimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;

/** MIGRAD + HESSE on textbook functions with known minima and covariances. */
class MigradTest {
    static final double INF = Double.POSITIVE_INFINITY;

    static BatchFunction of(int dim, ToDoubleFunction<double[]> f) {
        return new BatchFunction() {
            public int dimension() {
                return dim;
            }

            public void values(double[] points, int count, double[] out) {
                for (int p = 0; p < count; p++) {
                    out[p] = f.applyAsDouble(java.util.Arrays.copyOfRange(points, p * dim, (p + 1) * dim));
                }
            }
        };
    }

    static List<String> names(int n) {
        return java.util.stream.IntStream.range(0, n).mapToObj(i -> "x" + i).toList();
    }

    @Test
    void rosenbrock() {
        BatchFunction f = of(2, x -> 100 * Math.pow(x[1] - x[0] * x[0], 2) + Math.pow(1 - x[0], 2));
        FitResult r = Migrad.minimize(f, names(2), new double[] {-1.2, 1}, new double[] {0.1, 0.1},
                new double[] {-INF, -INF}, new double[] {INF, INF}, new boolean[2], Migrad.Options.DEFAULT);
        assertThat(r.valid()).as(r.status()).isTrue();
        assertThat(r.values()[0]).isCloseTo(1, within(2e-3));
        assertThat(r.values()[1]).isCloseTo(1, within(4e-3));
        assertThat(r.fval()).isLessThan(1e-5);
    }

    /**
     * χ² = (x − m)ᵀ C⁻¹ (x − m) with errordef 1: the minimum is m and the HESSE covariance is C exactly
     * (σ = (1, 2, 0.5), correlations 0.6, −0.3, 0.2).
     */
    @Test
    void correlatedGaussianCovariance() {
        double[] m = {1, -2, 0.5};
        double[] sd = {1, 2, 0.5};
        double[][] rho = {{1, 0.6, -0.3}, {0.6, 1, 0.2}, {-0.3, 0.2, 1}};
        double[][] c = new double[3][3];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 3; j++) {
                c[i][j] = rho[i][j] * sd[i] * sd[j];
            }
        }
        double[][] ci = Hesse.invert(c).inverse();
        BatchFunction f = of(3, x -> {
            double s = 0;
            for (int i = 0; i < 3; i++) {
                for (int j = 0; j < 3; j++) {
                    s += (x[i] - m[i]) * ci[i][j] * (x[j] - m[j]);
                }
            }
            return s;
        });
        FitResult r = Migrad.minimize(f, names(3), new double[] {0, 0, 0}, new double[] {0.5, 0.5, 0.5},
                new double[] {-INF, -INF, -INF}, new double[] {INF, INF, INF}, new boolean[3], Migrad.Options.DEFAULT);
        assertThat(r.valid()).as(r.status()).isTrue();
        for (int i = 0; i < 3; i++) {
            assertThat(r.values()[i]).isCloseTo(m[i], within(1e-3 * sd[i]));
            for (int j = 0; j < 3; j++) {
                assertThat(r.covariance()[i][j]).as("cov %d %d", i, j).isCloseTo(c[i][j], within(1e-4));
            }
        }
        assertThat(r.correlation(0, 1)).isCloseTo(0.6, within(1e-4));
    }

    /** (x + 1)² + (y − 2)² with x ∈ [0, 5]: the minimum is at the edge x = 0; y inside [−10, 10] is free. */
    @Test
    void boundedMinimumAtTheEdge() {
        BatchFunction f = of(2, x -> Math.pow(x[0] + 1, 2) + Math.pow(x[1] - 2, 2));
        FitResult r = Migrad.minimize(f, names(2), new double[] {3, 0}, new double[] {0.5, 0.5},
                new double[] {0, -10}, new double[] {5, 10}, new boolean[2], Migrad.Options.DEFAULT);
        assertThat(r.values()[0]).isCloseTo(0, within(1e-3));
        assertThat(r.values()[1]).isCloseTo(2, within(1e-3));
        assertThat(r.fval()).isCloseTo(1, within(2e-3));
    }

    @Test
    void fixedParameterStaysAndCallLimitIsReported() {
        BatchFunction f = of(2, x -> Math.pow(x[0] - 3, 2) + Math.pow(x[1] - x[0], 2));
        FitResult r = Migrad.minimize(f, names(2), new double[] {0, 1.5}, new double[] {1, 1},
                new double[] {-INF, -INF}, new double[] {INF, INF}, new boolean[] {false, true}, Migrad.Options.DEFAULT);
        assertThat(r.values()[1]).isEqualTo(1.5);
        assertThat(r.values()[0]).isCloseTo(2.25, within(1e-3));
        assertThat(r.errors()[1]).isZero();
        FitResult limited = Migrad.minimize(of(2, x -> 100 * Math.pow(x[1] - x[0] * x[0], 2) + Math.pow(1 - x[0], 2)),
                names(2), new double[] {-1.2, 1}, new double[] {0.1, 0.1}, new double[] {-INF, -INF},
                new double[] {INF, INF}, new boolean[2], new Migrad.Options(0.1, 1, 30, 1));
        assertThat(limited.valid()).isFalse();
        assertThat(limited.status()).contains("call limit");
    }
}
