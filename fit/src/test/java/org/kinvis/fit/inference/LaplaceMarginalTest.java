package org.kinvis.fit.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.Map;
import org.kinvis.fit.minimize.Migrad;
import org.kinvis.host.model.Constraint;
import org.kinvis.host.model.Likelihood;
import org.kinvis.host.model.ParameterSet;
import org.kinvis.host.model.ParameterTable;
import org.junit.jupiter.api.Test;

/**
 * The Laplace marginal mode on a model where it is known in closed form: −2 log L = Σ_i (θ_i − a_i)²/s_i² +
 * Σ_k exp(b_k θ_1 + c_k θ_2) ν_k². The nuisances are Gaussian at every θ, so the Laplace approximation is
 * exact: ∫ dν gives Π_k exp(−(b_k θ_1 + c_k θ_2)/2), hence −2 log p(θ) = Σ_i (θ_i − a_i)²/s_i² + θ_1 Σb + θ_2 Σc
 * + const, with its mode at θ_1 = a_1 − s_1² Σb/2, θ_2 = a_2 − s_2² Σc/2 and widths s_i, while the joint mode
 * (the MLE) stays at a.
 */
class LaplaceMarginalTest {
    static final double[] A = {1.0, -0.5};
    static final double[] S = {0.5, 0.8};
    static final double[] B = {0.4, 0.8, -0.2};
    static final double[] C = {-0.3, 0.1, 0.5};

    static final class Toy implements Likelihood {
        final ParameterTable table;

        Toy() {
            table = new ParameterTable(List.of(
                    new ParameterSet("t1", "test", 0, 1, true, new double[] {0}, new double[][] {{-10, 10}},
                            new boolean[1], Constraint.NONE, new double[0], new double[0]),
                    new ParameterSet("t2", "test", 1, 1, true, new double[] {0}, new double[][] {{-10, 10}},
                            new boolean[1], Constraint.NONE, new double[0], new double[0]),
                    new ParameterSet("nu", "test", 2, 3, false, new double[3], new double[][] {{-5, 5}, {-5, 5}, {-5, 5}},
                            new boolean[3], Constraint.NORMAL, new double[3], new double[] {1, 1, 1})), "t1");
        }

        @Override
        public int dimension() {
            return 5;
        }

        @Override
        public ParameterTable parameters() {
            return table;
        }

        @Override
        public double[] logpdf(double[] x, int count) {
            double[] out = new double[count];
            for (int p = 0; p < count; p++) {
                int o = 5 * p;
                double f = 0;
                for (int i = 0; i < 2; i++) {
                    f += Math.pow((x[o + i] - A[i]) / S[i], 2);
                }
                for (int k = 0; k < 3; k++) {
                    f += Math.exp(B[k] * x[o] + C[k] * x[o + 1]) * x[o + 2 + k] * x[o + 2 + k];
                }
                out[p] = -0.5 * f;
            }
            return out;
        }
    }

    @Test
    void marginalModeMatchesTheClosedForm() {
        double sb = B[0] + B[1] + B[2];
        double sc = C[0] + C[1] + C[2];
        LaplaceMarginal.Result r = LaplaceMarginal.mode(new Toy(), List.of("t1", "t2"), Map.of(),
                Migrad.Options.DEFAULT.withTolerance(0.01));
        assertThat(r.valid()).as(r.mode().status()).isTrue();
        assertThat(r.joint().value("t1")).isCloseTo(A[0], within(1e-3));
        assertThat(r.joint().value("t2")).isCloseTo(A[1], within(1e-3));
        assertThat(r.mode().value("t1")).isCloseTo(A[0] - S[0] * S[0] * sb / 2, within(2e-3));
        assertThat(r.mode().value("t2")).isCloseTo(A[1] - S[1] * S[1] * sc / 2, within(2e-3));
        assertThat(r.mode().error("t1")).isCloseTo(S[0], within(0.01 * S[0]));
        assertThat(r.mode().error("t2")).isCloseTo(S[1], within(0.01 * S[1]));
        // the nuisances sit at their conditional MLE (0) at the mode
        for (int k = 0; k < 3; k++) {
            assertThat(r.mode().values()[2 + k]).isCloseTo(0, within(1e-3));
        }
    }

    @Test
    void logDetOfAKnownMatrix() {
        // det [[4, 1], [1, 3]] = 11
        assertThat(LaplaceMarginal.logDet(new double[][] {{4, 1}, {1, 3}})[0]).isCloseTo(Math.log(11), within(1e-12));
        assertThat(LaplaceMarginal.logDet(new double[][] {{1, 2}, {2, 1}})[1]).isZero();
    }
}
