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
        double[][] ci = PositiveDefinite.invert(c).inverse();
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

    /**
     * (x + 1)² + (y − 2)² with x ∈ [0, 5]: the minimum is at the edge x = 0 (f = 1); y inside [−10, 10] is free. The
     * HESSE errors come from the second derivatives where the minimum is, 2 in both: covariance 2·H⁻¹ = 1 each (in
     * internal coordinates x's would vanish with the sine transformation's derivative), and x is at its limit.
     */
    @Test
    void boundedMinimumAtTheEdge() {
        BatchFunction f = of(2, x -> Math.pow(x[0] + 1, 2) + Math.pow(x[1] - 2, 2));
        FitResult r = Migrad.minimize(f, names(2), new double[] {3, 0}, new double[] {0.5, 0.5},
                new double[] {0, -10}, new double[] {5, 10}, new boolean[2], Migrad.Options.DEFAULT);
        assertThat(r.valid()).as(r.status()).isTrue();
        assertThat(r.values()[0]).isCloseTo(0, within(1e-9));
        assertThat(r.values()[1]).isCloseTo(2, within(1e-4));
        assertThat(r.fval() - 1).isBetween(0.0, 1e-8);
        assertThat(r.errors()[0]).isCloseTo(1, within(1e-3));
        assertThat(r.errors()[1]).isCloseTo(1, within(1e-3));
        assertThat(r.atLimit()).containsExactly(-1, 0);
        assertThat(r.format(5, List.of())).contains("at lower limit");
        // with an analytic gradient, against an upper bound: −x + x²/2 on [−1, 0.5] ends on x = 0.5, error √2
        FitResult g = Migrad.minimize(withGradient(1, x -> -x[0] + 0.5 * x[0] * x[0], x -> new double[] {-1 + x[0]}),
                names(1), new double[] {0.2}, new double[] {0.1}, new double[] {-1}, new double[] {0.5},
                new boolean[1], Migrad.Options.DEFAULT);
        assertThat(g.valid()).as(g.status()).isTrue();
        assertThat(g.values()[0]).isCloseTo(0.5, within(1e-9));
        assertThat(g.fval()).isCloseTo(-0.375, within(1e-9));
        assertThat(g.errors()[0]).isCloseTo(Math.sqrt(2), within(1e-3));
        assertThat(g.atLimit()).containsExactly(1);
    }

    /**
     * A minimum on the bound where the gradient vanishes too, f = x² + (y − 1)² with x ∈ [0, 5]: through the sine
     * transformation f is flat to fourth order in the internal variable there, where MIGRAD's EDM test stops short;
     * the bounded Newton polish ends on it, and the error is the curvature's (1).
     */
    @Test
    void minimumOnTheBoundWithZeroGradient() {
        BatchFunction f = withGradient(2, x -> Math.pow(x[0], 2) + Math.pow(x[1] - 1, 2),
                x -> new double[] {2 * x[0], 2 * (x[1] - 1)});
        FitResult r = Migrad.minimize(f, names(2), new double[] {2, 0}, new double[] {0.5, 0.5},
                new double[] {0, -10}, new double[] {5, 10}, new boolean[2], Migrad.Options.DEFAULT);
        assertThat(r.valid()).as(r.status()).isTrue();
        assertThat(r.fval()).isBetween(0.0, 1e-8);
        assertThat(r.errors()[0]).isCloseTo(1, within(1e-3));
    }

    /** Bounds that coincide fix the parameter there (Minuit's rule), whatever the start and fixed flag say. */
    @Test
    void equalBoundsFixTheParameter() {
        BatchFunction f = of(2, x -> Math.pow(x[0] - 3, 2) + Math.pow(x[1] - x[0], 2));
        FitResult r = Migrad.minimize(f, names(2), new double[] {0, 0}, new double[] {1, 1},
                new double[] {-INF, 1.5}, new double[] {INF, 1.5}, new boolean[2], Migrad.Options.DEFAULT);
        assertThat(r.valid()).as(r.status()).isTrue();
        assertThat(r.fixed()).containsExactly(false, true);
        assertThat(r.values()[1]).isEqualTo(1.5);
        assertThat(r.values()[0]).isCloseTo(2.25, within(1e-4));
    }

    /** An objective that is +∞ or NaN everywhere (outside its support): an invalid result, not an exception. */
    @Test
    void objectiveWithoutFiniteValuesIsNotValid() {
        for (double v : new double[] {Double.POSITIVE_INFINITY, Double.NaN}) {
            FitResult r = Migrad.minimize(of(2, x -> v), names(2), new double[] {0, 0}, new double[] {1, 1},
                    new double[] {-INF, -INF}, new double[] {INF, INF}, new boolean[2], Migrad.Options.DEFAULT);
            assertThat(r.valid()).isFalse();
            assertThat(r.status()).contains("not finite");
        }
    }

    /**
     * (x² − 1)² + y² from x = 0: the gradient vanishes on this saddle (a maximum in x), and MIGRAD stops there; its
     * HESSE is not positive definite and has to be made so, which the result says (as Minuit's MnPosDef does) — the
     * signal on which {@link Recovery} goes looking for a true minimum.
     */
    @Test
    void saddlePointNeedsAForcedHesse() {
        BatchFunction f = of(2, x -> Math.pow(x[0] * x[0] - 1, 2) + x[1] * x[1]);
        FitResult r = Migrad.minimize(f, names(2), new double[] {0, 0.5}, new double[] {0.1, 0.1},
                new double[] {-INF, -INF}, new double[] {INF, INF}, new boolean[2], Migrad.Options.DEFAULT);
        assertThat(r.values()[0]).isEqualTo(0.0);
        assertThat(r.hesseForcedPosDef()).isTrue();
        assertThat(r.format(2)).contains("Hesse forced pos. def.");
    }

    /** A parameter the objective does not depend on: HESSE fails on its zero second derivative, not valid. */
    @Test
    void flatParameterFailsHesse() {
        FitResult r = Migrad.minimize(of(2, x -> Math.pow(x[0] - 1, 2)), names(2), new double[] {0, 0},
                new double[] {0.1, 0.1}, new double[] {-INF, -INF}, new double[] {INF, INF}, new boolean[2],
                Migrad.Options.DEFAULT);
        assertThat(r.valid()).isFalse();
        assertThat(r.status()).contains("second derivative zero for parameter x1");
        assertThat(r.values()[0]).isCloseTo(1, within(1e-4));
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

    /** A function with its analytic gradient, as the CPU backend's likelihood provides. */
    static BatchFunction withGradient(int dim, ToDoubleFunction<double[]> f,
            java.util.function.Function<double[], double[]> grad) {
        BatchFunction values = of(dim, f);
        return new BatchFunction() {
            public int dimension() {
                return dim;
            }

            public void values(double[] points, int count, double[] out) {
                values.values(points, count, out);
            }

            public boolean hasGradient() {
                return true;
            }

            public void gradients(double[] points, int count, double[] out, double[] g) {
                values.values(points, count, out);
                for (int p = 0; p < count; p++) {
                    double[] gp = grad.apply(java.util.Arrays.copyOfRange(points, p * dim, (p + 1) * dim));
                    System.arraycopy(gp, 0, g, p * dim, dim);
                }
            }
        };
    }

    /**
     * The analytic-gradient path (one gradient per iteration, HESSE from gradient differences): Rosenbrock's
     * minimum, and a bounded correlated quadratic whose HESSE covariance is known exactly.
     */
    @Test
    void analyticGradientPath() {
        BatchFunction rosen = withGradient(2, x -> 100 * Math.pow(x[1] - x[0] * x[0], 2) + Math.pow(1 - x[0], 2),
                x -> new double[] {-400 * x[0] * (x[1] - x[0] * x[0]) - 2 * (1 - x[0]), 200 * (x[1] - x[0] * x[0])});
        FitResult r = Migrad.minimize(rosen, names(2), new double[] {-1.2, 1}, new double[] {0.1, 0.1},
                new double[] {-INF, -INF}, new double[] {INF, INF}, new boolean[2], Migrad.Options.DEFAULT);
        assertThat(r.valid()).as(r.status()).isTrue();
        assertThat(r.values()[0]).isCloseTo(1, within(2e-3));
        assertThat(r.values()[1]).isCloseTo(1, within(4e-3));
        // χ² = ((x−1)/2)² + ((y+1)/0.5)² − 2ρ(x−1)(y+1)/(2·0.5) scaled by 1/(1−ρ²): covariance known, x ∈ [−5, 5]
        double rho = 0.4;
        BatchFunction q = withGradient(2, x -> {
            double u = (x[0] - 1) / 2;
            double v = (x[1] + 1) / 0.5;
            return (u * u + v * v - 2 * rho * u * v) / (1 - rho * rho);
        }, x -> {
            double u = (x[0] - 1) / 2;
            double v = (x[1] + 1) / 0.5;
            return new double[] {(2 * u - 2 * rho * v) / (1 - rho * rho) / 2,
                (2 * v - 2 * rho * u) / (1 - rho * rho) / 0.5};
        });
        FitResult c = Migrad.minimize(q, names(2), new double[] {0, 0}, new double[] {0.5, 0.5},
                new double[] {-5, -INF}, new double[] {5, INF}, new boolean[2], Migrad.Options.DEFAULT);
        assertThat(c.valid()).as(c.status()).isTrue();
        FitResult numeric = Migrad.minimize(of(2, x -> {
            double[] o = new double[1];
            q.values(x, 1, o);
            return o[0];
        }), names(2), new double[] {0, 0}, new double[] {0.5, 0.5}, new double[] {-5, -INF}, new double[] {5, INF},
                new boolean[2], Migrad.Options.DEFAULT);
        assertThat(c.values()[0]).isCloseTo(1, within(1e-3));
        assertThat(c.values()[1]).isCloseTo(-1, within(1e-3));
        // x is bounded: its HESSE error goes through the sine transformation's Jacobian (0.1 % off 2 on both paths)
        assertThat(c.errors()[0]).isCloseTo(2, within(5e-3)).isCloseTo(numeric.errors()[0], within(1e-3));
        assertThat(c.errors()[1]).isCloseTo(0.5, within(5e-4));
        assertThat(c.correlation(0, 1)).isCloseTo(rho, within(1e-3));
        // far fewer calls than the 2N + 1 points per numerical gradient would need
        assertThat(c.nfcn()).isLessThan(60);
    }

    /**
     * Seeded curvature (the pseudo-experiment path): with a starting covariance and an analytic gradient, no
     * numerical gradient is taken at all — every call is one point — and the minimum and HESSE covariance of a
     * correlated 6-dimensional quadratic are those of the default path.
     */
    @Test
    void seededCurvatureTakesNoNumericalGradient() {
        int n = 6;
        double[] centre = {1, -2, 0.5, 3, -1, 2};
        double[] scale = {0.5, 2, 1, 0.1, 3, 1.5};
        double rho = 0.3; // chi² = zᵀ R⁻¹ z, R = (1−ρ) I + ρ 11ᵀ; R⁻¹ = (I − ρ/(1+(n−1)ρ) 11ᵀ)/(1−ρ)
        double c = rho / (1 + (n - 1) * rho);
        java.util.function.Function<double[], double[]> z = x -> {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = (x[i] - centre[i]) / scale[i];
            }
            return v;
        };
        BatchFunction q = withGradient(n, x -> {
            double[] v = z.apply(x);
            double sum = java.util.Arrays.stream(v).sum();
            return (java.util.Arrays.stream(v).map(t -> t * t).sum() - c * sum * sum) / (1 - rho);
        }, x -> {
            double[] v = z.apply(x);
            double sum = java.util.Arrays.stream(v).sum();
            double[] g = new double[n];
            for (int i = 0; i < n; i++) {
                g[i] = 2 * (v[i] - c * sum) / (1 - rho) / scale[i];
            }
            return g;
        });
        // covariance of the quadratic (errordef 1 of chi²): scale_i scale_j R_ij, started from a point 1σ away
        // with a rough (diagonal, 50 % too wide) covariance, as a toy starts from its generating point
        double[][] rough = new double[n][n];
        double[] start = new double[n];
        double[] lo = new double[n];
        double[] hi = new double[n];
        for (int i = 0; i < n; i++) {
            rough[i][i] = 2.25 * scale[i] * scale[i];
            start[i] = centre[i] + scale[i];
            lo[i] = -INF;
            hi[i] = INF;
        }
        hi[1] = 10; // one bounded parameter: its metric goes through the transform
        Migrad.Options seeded = Migrad.Options.DEFAULT.withSeededCurvature(true);
        FitResult s = Migrad.minimize(q, names(n), start, scale, lo, hi, new boolean[n], seeded, rough);
        FitResult d = Migrad.minimize(q, names(n), start, scale, lo, hi, new boolean[n], Migrad.Options.DEFAULT,
                rough);
        assertThat(s.valid()).as(s.status()).isTrue();
        assertThat(d.valid()).as(d.status()).isTrue();
        for (int i = 0; i < n; i++) {
            assertThat(s.values()[i]).isCloseTo(centre[i], within(1e-3 * scale[i]));
            assertThat(s.errors()[i]).isCloseTo(scale[i], within(2e-3 * scale[i]));
            for (int j = 0; j < n; j++) {
                assertThat(s.correlation(i, j)).isCloseTo(i == j ? 1 : rho, within(2e-3));
            }
        }
        // the default path's first gradient alone costs 2n + 1 = 13 calls; HESSE (strategy 1) costs 2n gradients
        assertThat(s.nfcn()).isLessThanOrEqualTo(d.nfcn() - 2 * n);
    }

    /**
     * The BFGS update keeps a symmetric metric symmetric to the last bit, forms the next V·g exactly as
     * {@code matVec} of the updated metric does, leaves a shared metric unchanged when writing into another, and
     * satisfies the secant condition V'γ = δ.
     */
    @Test
    void bfgsUpdateIsSymmetricAndFormsTheNextProduct() {
        int n = 7;
        java.util.SplittableRandom rng = new java.util.SplittableRandom(3);
        double[][] a = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double v = (i == j ? n : 0) + rng.nextDouble(-0.5, 0.5);
                a[i][j] = v;
                a[j][i] = v;
            }
        }
        double[] delta = new double[n];
        double[] next = new double[n];
        for (int i = 0; i < n; i++) {
            delta[i] = rng.nextDouble(-1, 1);
            next[i] = rng.nextDouble(-1, 1);
        }
        double[] gamma = Migrad.matVec(a, delta); // γ = A δ with A positive definite: δᵀγ > 0
        for (int i = 0; i < n; i++) {
            gamma[i] += 0.1 * delta[i];
        }
        double[][] shared = java.util.Arrays.stream(a).map(double[]::clone).toArray(double[][]::new);
        double[][] into = new double[n][n];
        double[] y = bfgs(shared, into, delta, gamma, next);
        assertThat(shared).isDeepEqualTo(a);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                assertThat(into[i][j]).isEqualTo(into[j][i]);
            }
        }
        assertThat(y).containsExactly(Migrad.matVec(into, next));
        double[] secant = Migrad.matVec(into, gamma);
        for (int i = 0; i < n; i++) {
            assertThat(secant[i]).isCloseTo(delta[i], within(1e-12));
        }
        double[][] inPlace = java.util.Arrays.stream(a).map(double[]::clone).toArray(double[][]::new);
        assertThat(bfgs(inPlace, inPlace, delta, gamma, next)).containsExactly(y);
        assertThat(inPlace).isDeepEqualTo(into);
        assertThat(bfgs(inPlace, inPlace, delta, java.util.Arrays.stream(gamma).map(g -> -g).toArray(), next))
                .isNull(); // δᵀγ ≤ 0: no update
    }

    /** The update as MIGRAD applies it: V' = V + update into {@code into}, returning V'·next (null: no update). */
    private static double[] bfgs(double[][] v, double[][] into, double[] delta, double[] gamma, double[] next) {
        Migrad.Update u = Migrad.Update.of(delta, gamma, Migrad.matVec(v, gamma));
        return u == null ? null : u.apply(v, into, next);
    }
}
