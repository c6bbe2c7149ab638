package org.kinvis.kernels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.kinvis.kernels.cpu.CpuBackend;
import org.kinvis.kernels.cpu.CpuBackendTest;

/** The verifier passes a faithful device, and names the point, both values and the vector of an unfaithful one. */
class VerifyingBackendTest {

    /**
     * A "device" that is the CPU backend with point {@code bad} shifted by {@code shift} (logpdf, main term and the
     * gradient's component 2).
     */
    static Backend faulty(int bad, double shift) {
        CpuBackend inner = new CpuBackend(1);
        return new Backend() {
            public String name() {
                return "faulty";
            }

            public String device() {
                return "test device";
            }

            public Evaluator prepare(ModelLayout layout) {
                Evaluator e = inner.prepare(layout);
                return new Evaluator() {
                    public ModelLayout layout() {
                        return layout;
                    }

                    public void logpdf(double[] points, int count, double[] out) {
                        e.logpdf(points, count, out);
                        if (bad < count) {
                            out[bad] += shift;
                        }
                    }

                    public void logpdfParts(double[] points, int count, double[] main, double[] constraint) {
                        e.logpdfParts(points, count, main, constraint);
                        if (bad < count) {
                            main[bad] += shift;
                        }
                    }

                    public void expected(double[] points, int count, double[] out) {
                        e.expected(points, count, out);
                    }

                    public void rowYields(double[] points, int count, double[] out) {
                        e.rowYields(points, count, out);
                    }

                    @Override
                    public boolean hasGradient() {
                        return true;
                    }

                    @Override
                    public void gradient(double[] points, int count, double[] out, double[] grad) {
                        e.gradient(points, count, out, grad);
                        if (bad < count) {
                            grad[bad * layout.nPars() + 2] += shift;
                        }
                    }
                };
            }

            public void close() {
                inner.close();
            }
        };
    }

    static double[] points(int count) {
        double[] x = new double[count * 5];
        for (int p = 0; p < count; p++) {
            System.arraycopy(new double[] {1 + 0.01 * p, 0.1, -0.2, 1.01, 0.99}, 0, x, 5 * p, 5);
        }
        return x;
    }

    @Test
    void faithfulDevicePassesAndReportsItsError() {
        ModelLayout m = CpuBackendTest.small(Interpolation.CODE0, Interpolation.CODE1);
        try (VerifyingBackend v = new VerifyingBackend(faulty(99, 0), 1e-10, 1.0, 1); Evaluator e = v.prepare(m)) {
            double[] out = new double[10];
            e.logpdf(points(10), 10, out);
            assertThat(v.verifiedValues()).isEqualTo(10);
            assertThat(v.maxRelativeError()).isZero();
        }
    }

    @Test
    void mismatchNamesPointValuesAndParameters() {
        ModelLayout m = CpuBackendTest.small(Interpolation.CODE0, Interpolation.CODE1);
        try (VerifyingBackend v = new VerifyingBackend(faulty(3, 1e-6), 1e-10, 1.0, 1); Evaluator e = v.prepare(m)) {
            assertThatThrownBy(() -> e.logpdf(points(10), 10, new double[10]))
                    .isInstanceOf(VerifyingBackend.VerificationException.class)
                    .hasMessageContaining("point 3")
                    .hasMessageContaining("device")
                    .hasMessageContaining("cpu")
                    .hasMessageContaining("[1.03, 0.1, -0.2, 1.01, 0.99]");
            assertThatThrownBy(() -> e.logpdfParts(points(10), 10, new double[10], new double[10]))
                    .hasMessageContaining("main term of point 3");
        }
    }

    @Test
    void gradientsAreVerifiedComponentByComponent() {
        ModelLayout m = CpuBackendTest.small(Interpolation.CODE0, Interpolation.CODE1);
        try (VerifyingBackend v = new VerifyingBackend(faulty(99, 0), 1e-10, 1.0, 1); Evaluator e = v.prepare(m)) {
            assertThat(e.hasGradient()).isTrue();
            e.gradient(points(10), 10, new double[10], new double[50]);
            assertThat(v.verifiedValues()).isEqualTo(10 + 50);
        }
        try (VerifyingBackend v = new VerifyingBackend(faulty(4, 1e-6), 1e-10, 1.0, 1); Evaluator e = v.prepare(m)) {
            assertThatThrownBy(() -> e.gradient(points(10), 10, new double[10], new double[50]))
                    .isInstanceOf(VerifyingBackend.VerificationException.class)
                    .hasMessageContaining("gradient of point 4 parameter 2");
        }
    }

    /** issue 13: a NaN was reported as "max relative difference 0"; a NaN on either side is a mismatch. */
    @Test
    void nanOnEitherSideIsAMismatch() {
        ModelLayout m = CpuBackendTest.small(Interpolation.CODE0, Interpolation.CODE1);
        try (VerifyingBackend v = new VerifyingBackend(faulty(2, Double.NaN), 1e-10, 1.0, 1);
                Evaluator e = v.prepare(m)) {
            assertThatThrownBy(() -> e.logpdf(points(5), 5, new double[5]))
                    .isInstanceOf(VerifyingBackend.VerificationException.class)
                    .hasMessageContaining("point 2").hasMessageContaining("not a number");
        }
        // μ < 0 makes every rate negative: NaN on the device and on the CPU alike
        double[] x = points(3);
        x[5] = -1;
        try (VerifyingBackend v = new VerifyingBackend(faulty(99, 0), 1e-10, 1.0, 1); Evaluator e = v.prepare(m)) {
            assertThatThrownBy(() -> e.logpdf(x, 3, new double[3]))
                    .isInstanceOf(VerifyingBackend.VerificationException.class)
                    .hasMessageContaining("point 1").hasMessageContaining("device NaN, cpu NaN");
            assertThat(v.maxRelativeError()).isZero();
            assertThat(v.verifiedValues()).isZero();
        }
    }

    @Test
    void sampledModeChecksAFraction() {
        ModelLayout m = CpuBackendTest.small(Interpolation.CODE0, Interpolation.CODE1);
        try (VerifyingBackend v = new VerifyingBackend(faulty(9999, 0), 1e-10, 0.1, 5); Evaluator e = v.prepare(m)) {
            e.logpdf(points(2000), 2000, new double[2000]);
            // binomial(2000, 0.1): mean 200, sd 13.4; the band is ±6 sd
            assertThat(v.verifiedValues()).isBetween(120L, 280L);
        }
        assertThatThrownBy(() -> new VerifyingBackend(faulty(0, 0), 1e-10, 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
