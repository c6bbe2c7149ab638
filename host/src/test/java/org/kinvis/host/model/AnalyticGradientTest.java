package org.kinvis.host.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kinvis.host.TestData.doubles;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kinvis.host.TestData;
import org.kinvis.host.workspace.WorkspaceReader;
import org.kinvis.kernels.Evaluator;
import org.kinvis.kernels.cpu.CpuBackend;

/**
 * The CPU backend's analytic gradient against central differences of its logpdf: every modifier type and
 * interpolation code (the pyhf-modifiers workspace, |α| up to 2.5, points moved off the kinks at α = 0, ±1) and
 * the Belle II model at random points. The value it returns is the logpdf itself.
 */
class AnalyticGradientTest {

    static Stream<Arguments> settings() {
        JsonNode ref = TestData.reference("pyhf-modifiers.json");
        List<Arguments> out = new ArrayList<>();
        for (String s : new String[] {"normsys=code4,histosys=code4p", "normsys=code1,histosys=code0",
            "normsys=code4,histosys=code2", "normsys=code1,histosys=code4p"}) {
            for (JsonNode c : ref.get("cases")) {
                if (c.get("label").asText().startsWith("default")) {
                    out.add(Arguments.of(s, c, ref.get("workspaces").get(c.get("workspace").asText())));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("settings")
    void matchesFiniteDifferencesOnEveryModifier(String settings, JsonNode c, JsonNode wsJson) {
        CompiledModel model = ModelCompiler.compile(WorkspaceReader.fromJson(wsJson, "pyhf-modifiers.json"), null,
                InterpolationSettings.parse(settings));
        int checked = 0;
        for (JsonNode pt : c.get("points")) {
            double[] x = doubles(pt.get("pars"));
            for (int i = 0; i < x.length; i++) {
                // off the kinks of code0 (α = 0) and code2 (α = ±1); γ stay positive
                x[i] += 0.0123 * (1 + (i % 3));
            }
            checked += compare(model, x, 1e-3, 1e-7);
        }
        assertThat(checked).isGreaterThan(50);
    }

    @Test
    void matchesFiniteDifferencesOnBelle2() {
        CompiledModel model = ModelCompiler.compile(WorkspaceReader.read(TestData.workspace()));
        ParameterTable t = model.parameters();
        SplittableRandom rng = new SplittableRandom(7);
        for (int p = 0; p < 3; p++) {
            double[] x = t.inits();
            for (int i = 0; i < x.length; i++) {
                if (!t.fixed()[i]) {
                    double w = Math.min(t.upperBounds()[i] - t.lowerBounds()[i], 2.0);
                    x[i] = Math.max(t.lowerBounds()[i] + 0.01, Math.min(t.upperBounds()[i] - 0.01,
                            x[i] + 0.3 * w * (rng.nextDouble() - 0.5)));
                }
            }
            assertThat(compare(model, x, 1e-3, 1e-7)).isEqualTo(x.length);
        }
    }

    /** Compares every derivative; returns how many were compared. */
    private static int compare(CompiledModel model, double[] x, double step, double tol) {
        int n = x.length;
        try (CpuBackend backend = new CpuBackend(1); Evaluator ev = backend.prepare(model.layout())) {
            assertThat(ev.hasGradient()).isTrue();
            double[] value = new double[1];
            double[] grad = new double[n];
            ev.gradient(x, 1, value, grad);
            double[] lp = new double[1];
            ev.logpdf(x, 1, lp);
            assertThat(value[0]).isCloseTo(lp[0], org.assertj.core.api.Assertions.within(1e-9 * (1 + Math.abs(lp[0]))));
            // central differences at steps h and h/2, Richardson-extrapolated: O(h⁴) truncation, so steps can be
            // large enough that the logpdf's rounding does not matter
            double[] pts = new double[4 * n * n];
            double[] h = new double[n];
            double[] sgn = {1, -1, 0.5, -0.5};
            for (int i = 0; i < n; i++) {
                h[i] = step * Math.max(1, Math.abs(x[i]));
                for (int k = 0; k < 4; k++) {
                    System.arraycopy(x, 0, pts, (4 * i + k) * n, n);
                    pts[(4 * i + k) * n + i] += sgn[k] * h[i];
                }
            }
            double[] f = new double[4 * n];
            ev.logpdf(pts, 4 * n, f);
            for (int i = 0; i < n; i++) {
                double d1 = (f[4 * i] - f[4 * i + 1]) / (2 * h[i]);
                double d2 = (f[4 * i + 2] - f[4 * i + 3]) / h[i];
                double numeric = (4 * d2 - d1) / 3;
                assertThat(grad[i]).as("∂logpdf/∂x[%d]", i)
                        .isCloseTo(numeric, org.assertj.core.api.Assertions.within(tol * (1 + Math.abs(numeric))));
            }
            return n;
        }
    }
}
