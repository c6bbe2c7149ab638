package org.kinvis.fit.minimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/** SIMPLEX and the recovery of fits MIGRAD alone gets wrong, on functions with known minima. */
class RecoveryTest {
    static final double INF = Double.POSITIVE_INFINITY;

    @Test
    void simplexFindsRosenbrocksMinimum() {
        BatchFunction f = MigradTest.of(2, x -> 100 * Math.pow(x[1] - x[0] * x[0], 2) + Math.pow(1 - x[0], 2));
        FitResult r = Simplex.minimize(f, MigradTest.names(2), new double[] {-1.2, 1}, new double[] {0.1, 0.1},
                new double[] {-INF, -INF}, new double[] {INF, INF}, new boolean[2],
                Migrad.Options.DEFAULT.withTolerance(1e-4));
        assertThat(r.valid()).as(r.status()).isTrue();
        assertThat(r.values()[0]).isCloseTo(1, within(0.02));
        assertThat(r.values()[1]).isCloseTo(1, within(0.04));
        assertThat(r.covariance()).isNull();
    }

    /**
     * (x² − 1)² + y² from the saddle at x = 0: the first MIGRAD is not valid, the recovery's simplex walks off and
     * MIGRAD ends on a true minimum, x = ±1, y = 0, f = 0, HESSE errors √(2·½/8) = ½ in x (f'' = 8) and 1 in y.
     */
    @Test
    void recoveryLeavesASaddlePoint() {
        BatchFunction f = MigradTest.of(2, x -> Math.pow(x[0] * x[0] - 1, 2) + x[1] * x[1]);
        FitResult r = Recovery.minimize(new Recovery.Request(f, MigradTest.names(2), new double[] {0, 0.5},
                new double[] {0.1, 0.1}, new double[] {-INF, -INF}, new double[] {INF, INF}, new boolean[2],
                Migrad.Options.DEFAULT, null), List.of());
        assertThat(r.valid()).as(r.status()).isTrue();
        assertThat(r.recovery()).contains("recovered by");
        assertThat(Math.abs(r.values()[0])).isCloseTo(1, within(1e-4));
        assertThat(r.values()[1]).isCloseTo(0, within(1e-4));
        assertThat(r.fval()).isLessThan(1e-8);
        assertThat(r.errors()[0]).isCloseTo(0.5, within(1e-3));
        assertThat(r.errors()[1]).isCloseTo(1, within(1e-3));
    }

    /**
     * A start on the edge of the function's support (+∞ for x &lt; 0): the central differences of the first gradient
     * straddle the wall, so MIGRAD cannot start; an alternative start inside lets it find (x − 2)² + y²'s minimum.
     */
    @Test
    void recoveryUsesAnAlternativeStart() {
        BatchFunction f = MigradTest.of(2, x -> x[0] < 0 ? INF : Math.pow(x[0] - 2, 2) + x[1] * x[1]);
        Recovery.Request req = new Recovery.Request(f, MigradTest.names(2), new double[] {0, 1},
                new double[] {1, 1}, new double[] {-INF, -INF}, new double[] {INF, INF}, new boolean[2],
                Migrad.Options.DEFAULT, null);
        FitResult first = Migrad.minimize(f, MigradTest.names(2), req.start(), req.errors(), req.lo(), req.hi(),
                req.fixed(), req.options());
        assertThat(first.valid()).isFalse();
        FitResult r = Recovery.minimize(req, List.of(new double[] {1, 1}));
        assertThat(r.valid()).as(r.status()).isTrue();
        assertThat(r.values()[0]).isCloseTo(2, within(1e-4));
        assertThat(r.fval()).isLessThan(1e-8);
        // nothing helps a function without finite values: the best attempt, not valid, saying what was tried
        FitResult none = Recovery.minimize(new Recovery.Request(MigradTest.of(2, x -> INF), MigradTest.names(2),
                new double[] {0, 1}, new double[] {1, 1}, new double[] {-INF, -INF}, new double[] {INF, INF},
                new boolean[2], Migrad.Options.DEFAULT, null), List.of());
        assertThat(none.valid()).isFalse();
        assertThat(none.recovery()).startsWith("not recovered").contains("SIMPLEX");
    }
}
