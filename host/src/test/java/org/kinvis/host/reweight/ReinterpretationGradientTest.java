package org.kinvis.host.reweight;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kinvis.host.TestData;
import org.kinvis.host.model.InterpolationSettings;
import org.kinvis.host.physics.Scenario;
import org.kinvis.host.workspace.Workspace;
import org.kinvis.host.workspace.WorkspaceReader;
import org.kinvis.kernels.cpu.CpuBackend;

/**
 * The reinterpretation likelihood's gradient with respect to the physics parameters and the 8 form-factor nuisances
 * (the part issue 11's HMC needs beyond the workspace's analytic gradient), per scenario, at points in the interior
 * and near bounds, with the free physics parameters those a fit or sampler moves. Two checks against
 * Richardson-extrapolated central differences (steps h … h/8, error O(h⁸)):
 * <ul>
 * <li>the folded signal factors (computed from folded quadratic forms for WET) against the fold of the true-bin
 * weights, to 1e-13;</li>
 * <li>the folded signal factors' derivatives ∂F_k/∂θ, to 1e-8 of each row's largest entry, plus the floor their
 * rounding (~1e-15 of their size, through the smallest step h/8) sets: 1e-13 max|F|/h;</li>
 * <li>the whole gradient ∂logpdf/∂θ = Σ_k ∂logpdf/∂F_k ∂F_k/∂θ (+ the η constraint), to 1e-8 relative plus the floor
 * that the logpdf's rounding sets on differences: its terms are ~1e5 (bins of 10⁴ events), so it rounds at
 * 1e-11 … 1e-10 absolute (measured), which the smallest step h/8 and the extrapolation turn into ≲ 1e-9/h. This
 * checks that the pieces are put together right; the precision of the physics part is the previous check's.</li>
 * </ul>
 */
class ReinterpretationGradientTest {
    static CpuBackend cpu;
    static Workspace ws;

    @BeforeAll
    static void setUp() {
        cpu = new CpuBackend(1);
        ws = WorkspaceReader.read(TestData.workspace());
    }

    @AfterAll
    static void tearDown() {
        cpu.close();
    }

    static Map<String, Double> of(Object... kv) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], ((Number) kv[i + 1]).doubleValue());
        }
        return m;
    }

    /** Checks the gradient at the --set point, form-factor nuisances at {@code eta}, for the free parameters. */
    static void check(String scenario, Map<String, Double> set, Set<String> free, double eta) {
        Scenario s = Scenario.byName(scenario);
        double[] v = s.defaults();
        set.forEach((k, x) -> v[s.indexOf(k)] = x);
        try (Reinterpretation r = new Reinterpretation(ws, TestData.dataDir(), s, v, free, InterpolationSettings.DEFAULT,
                cpu)) {
            int n = r.dimension();
            double[] x = r.setPoint();
            for (int k = 0; k < 8; k++) {
                x[r.parameters().indexOf("ffk_eta[" + k + "]")] = eta * (k % 3 - 1) + 0.1 * k * eta;
            }
            double[] g = new double[n];
            double lp = r.gradient(x, 1, g)[0];
            double[][] jac = r.factorJacobian(x, 0);
            // the factors (folded moments for WET) are the fold of the true-bin weights, DESIGN.md's rule
            org.kinvis.host.physics.TrueBinning bins = org.kinvis.host.physics.TrueBinning.belle2();
            double[] nul = bins.integrals(new org.kinvis.host.physics.NullScenario().spectrum(new double[0]));
            double[] w = bins.weights(s.binIntegrals(r.scenarioValues(x, 0), bins, null).values(), nul, false,
                    Double.POSITIVE_INFINITY);
            double[] factors = r.factors(x, 0);
            int k0 = 0;
            for (SignalMap map : SignalMap.belle2()) {
                for (double want : map.read(TestData.dataDir(), 101).fold(w)) {
                    assertThat(factors[k0++]).as("%s factor %d", scenario, k0).isCloseTo(want,
                            org.assertj.core.api.Assertions.within(1e-13 * Math.abs(want)));
                }
            }
            assertThat(lp).isCloseTo(r.logpdf(x, 1)[0], org.assertj.core.api.Assertions.within(1e-10 * Math.abs(lp)));
            double[] lo = r.parameters().lowerBounds();
            double[] hi = r.parameters().upperBounds();
            int physStart = r.base().parameters().size();
            int checked = 0;
            for (int i = physStart; i < n; i++) {
                if (r.parameters().fixed()[i]) {
                    continue;
                }
                String name = r.parameters().names().get(i);
                boolean nuisance = name.startsWith("ffk_eta");
                double h = 1e-3 * (nuisance ? 1 : x[i] != 0 ? Math.abs(x[i]) : 1e-2 * Math.min(hi[i] - lo[i], 1));
                int ii = i;
                double[] df = richardson(y -> {
                    double[] p = x.clone();
                    p[ii] = y;
                    return r.factors(p, 0);
                }, x[i], h);
                double[] row = jac[i - physStart];
                double top = 0;
                for (double d : df) {
                    top = Math.max(top, Math.abs(d));
                }
                double size = 0;
                for (double fk : r.factors(x, 0)) {
                    size = Math.max(size, Math.abs(fk));
                }
                for (int k = 0; k < df.length; k++) {
                    assertThat(Math.abs(row[k] - df[k])).as("%s %s: ∂F_%d/∂%s = %s, Richardson %s", scenario, set, k,
                            name, row[k], df[k]).isLessThanOrEqualTo(1e-8 * top + 1e-13 * size / h);
                }
                double[] pts = new double[8 * n];
                for (int k = 0; k < 4; k++) {
                    for (int sg = 0; sg < 2; sg++) {
                        System.arraycopy(x, 0, pts, (2 * k + sg) * n, n);
                        pts[(2 * k + sg) * n + i] += (sg == 0 ? 1 : -1) * h / (1 << k);
                    }
                }
                assertThat(pts[i]).isLessThanOrEqualTo(hi[i]);
                assertThat(pts[n + i]).isGreaterThanOrEqualTo(lo[i]);
                double[] f = r.logpdf(pts, 8);
                double[] t = new double[4];
                for (int k = 0; k < 4; k++) {
                    t[k] = (f[2 * k] - f[2 * k + 1]) / (2 * h / (1 << k));
                }
                for (int level = 1, ratio = 4; level < 4; level++, ratio *= 4) {
                    for (int k = 3; k >= level; k--) {
                        t[k] = (ratio * t[k] - t[k - 1]) / (ratio - 1);
                    }
                }
                double numeric = t[3];
                assertThat(Math.abs(g[i] - numeric)).as("%s %s: ∂logpdf/∂%s = %s, Richardson %s", scenario, set, name,
                        g[i], numeric).isLessThanOrEqualTo(1e-8 * Math.abs(numeric) + 1e-9 / h);
                checked++;
            }
            assertThat(checked).isEqualTo(free.size() + 8);
        }
    }

    /** Central Richardson (h … h/8) of a vector function. */
    static double[] richardson(java.util.function.DoubleFunction<double[]> f, double x, double h) {
        double[][] t = new double[4][];
        for (int k = 0; k < 4; k++) {
            double hk = h / (1 << k);
            double[] a = f.apply(x + hk);
            double[] b = f.apply(x - hk);
            t[k] = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                t[k][i] = (a[i] - b[i]) / (2 * hk);
            }
        }
        for (int level = 1, ratio = 4; level < 4; level++, ratio *= 4) {
            for (int k = 3; k >= level; k--) {
                for (int i = 0; i < t[k].length; i++) {
                    t[k][i] = (ratio * t[k][i] - t[k - 1][i]) / (ratio - 1);
                }
            }
        }
        return t[3];
    }

    @Test
    void wet() {
        check("wet", of("cvl", 10, "csl", 2, "ctl", 7), Set.of("cvl", "csl", "ctl"), 0.5);
        check("wet", of("cvl", 11.3, "cvr", -1, "csl", 0.05, "csr", 0.1, "ctl", 19.9),
                Set.of("cvl", "cvr", "csl", "csr", "ctl"), -1);
        check("wet-flavour", of("cv_ee", 7, "cv_mt", 3, "cs_em", 2, "ct_et", 4), Set.of("cv_ee", "cv_mt", "cs_em",
                "ct_et", "cv_tt"), 0.3);
    }

    @Test
    void twoBody() {
        check("scalar", of("mass", 2.0, "gs", 1e-8, "width", 0.1), Set.of("mass", "gs", "width"), 0.4);
        check("alp", of("mass", 0.01, "cv_over_fa", 5e-9, "width", 1.5, "br_inv", 0.6, "ctau", 0.01),
                Set.of("mass", "cv_over_fa", "width", "br_inv", "ctau", "detector_length"), -0.3);
        check("vector", of("mass", 4.5, "gv", 3e-9, "width", 1e-3), Set.of("mass", "gv", "width"), 0.2);
    }

    /** Couplings and form factors exact; masses numerical (Richardson) in production too. */
    @Test
    void massiveFinalStates() {
        check("sterile", of("cvl", 9, "csl", 1, "ctl", 5, "m1", 0.4, "m2", 0.7), Set.of("cvl", "csl", "ctl", "m1",
                "m2"), 0.2);
        check("dm-scalar", of("mass", 0.7, "gs", 3e-8, "gv", 1e-8, "complex", 1), Set.of("mass", "gs", "gv"), 0.1);
        check("dm-fermion", of("mass", 0.6, "lambda", 2e4, "cv", 1, "ca", 0.4, "cs", 0.2, "ct", 0.3),
                Set.of("mass", "lambda", "cv", "ca", "cs", "ct"), -0.2);
    }
}
