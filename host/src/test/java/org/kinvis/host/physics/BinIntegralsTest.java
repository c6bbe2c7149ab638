package org.kinvis.host.physics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.DoubleFunction;
import org.junit.jupiter.api.Test;
import org.kinvis.host.input.InputException;

/**
 * The derivatives of every scenario's true-bin integrals ({@link Scenario#binIntegrals}, what the reinterpretation's
 * gradient is built from) against Richardson-extrapolated differences computed here independently (central
 * differences at h … h/8, error O(h⁸); one-sided at h … h/16 on a bound, error O(h⁵)) of the same integrals, to
 * 1e-8 of each row's largest entry, at several points per scenario, on and near the parameters' bounds; and the
 * values against the spectrum's own Gauss–Legendre integrals (1e-13), so that the derivatives are those of the
 * spectrum's bin integrals. And item 1 of issue 13: every parameter at each end of its bounds gives
 * finite integrals that are continuous there (m → 0 of the two-body states included).
 */
class BinIntegralsTest {
    static final TrueBinning BINS = TrueBinning.belle2();

    /** A scenario's defaults with some values set and the form factors moved off the prior centrals. */
    static double[] point(Scenario s, Map<String, Double> set) {
        double[] v = s.defaults();
        set.forEach((k, x) -> v[s.indexOf(k)] = x);
        if (!(s instanceof NullScenario)) {
            double[] shift = {0.01, -0.05, 0.1, 0.03, -0.08, 0.02, 0.07, -0.1};
            for (int l = 0; l < 8; l++) {
                v[v.length - 8 + l] += shift[l];
            }
        }
        return v;
    }

    static Map<String, Double> of(Object... kv) {
        Map<String, Double> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], ((Number) kv[i + 1]).doubleValue());
        }
        return m;
    }

    /** Richardson-extrapolated derivative of a vector function at x, within [lo, hi]. */
    static double[] richardson(DoubleFunction<double[]> f, double x, double h, double lo, double hi) {
        boolean central = x - h >= lo && x + h <= hi;
        int levels = central ? 4 : 5;
        double sign = central || x + h <= hi ? 1 : -1;
        double[] f0 = central ? null : f.apply(x);
        double[][] t = new double[levels][];
        for (int k = 0; k < levels; k++) {
            double hk = h / (1 << k);
            double[] a = f.apply(x + sign * hk);
            double[] b = central ? f.apply(x - hk) : f0;
            t[k] = new double[a.length];
            for (int i = 0; i < a.length; i++) {
                t[k][i] = (a[i] - b[i]) / (central ? 2 * hk : sign * hk);
            }
        }
        double ratio = central ? 4 : 2;
        double r = 1;
        for (int level = 1; level < levels; level++) {
            r *= ratio;
            for (int k = levels - 1; k >= level; k--) {
                for (int i = 0; i < t[k].length; i++) {
                    t[k][i] = (r * t[k][i] - t[k - 1][i]) / (r - 1);
                }
            }
        }
        return t[levels - 1];
    }

    static double maxAbs(double[] v) {
        double m = 0;
        for (double x : v) {
            m = Math.max(m, Math.abs(x));
        }
        return m;
    }

    static void check(Scenario s, Map<String, Double> set) {
        double[] v = point(s, set);
        boolean[] all = new boolean[v.length];
        Arrays.fill(all, true);
        BinIntegrals b = s.binIntegrals(v, BINS, all);
        double[] gl16 = BINS.integrals(s.spectrum(v));
        double top = maxAbs(gl16);
        assertThat(top).as("%s %s: some rate", s.name(), set).isPositive();
        for (int i = 0; i < gl16.length; i++) {
            assertThat(Math.abs(b.values()[i] - gl16[i])).as("%s %s: bin %d", s.name(), set, i)
                    .isLessThanOrEqualTo(1e-13 * top);
        }
        assertThat(s.binIntegrals(v, BINS, null).values()).containsExactly(b.values());
        List<ScenarioParameter> ps = s.parameters();
        for (int j = 0; j < v.length; j++) {
            ScenarioParameter p = ps.get(j);
            double x = v[j];
            double h = 1e-3 * (x != 0 ? Math.abs(x) : 1e-2 * Math.min(p.upper() - p.lower(), 1));
            int jj = j;
            double[] numeric;
            try {
                numeric = richardson(y -> {
                    double[] w = v.clone();
                    w[jj] = y;
                    return s.binIntegrals(w, BINS, null).values();
                }, x, h, p.lower(), p.upper());
            } catch (InputException e) {
                continue; // the point has no neighbours in this direction (e.g. gv of a real φ)
            }
            double[] exact = b.derivatives()[j];
            assertThat(exact).as("%s: row %s", s.name(), p.name()).isNotNull();
            double scale = maxAbs(numeric);
            double floor = 1e-13 * top / h;
            for (int i = 0; i < numeric.length; i++) {
                assertThat(Math.abs(exact[i] - numeric[i])).as("%s %s: ∂bin %d/∂%s = %s, Richardson %s", s.name(), set,
                        i, p.name(), exact[i], numeric[i]).isLessThanOrEqualTo(1e-8 * scale + floor);
            }
        }
    }

    @Test
    void wetDerivativesAreExact() {
        Scenario wet = new WetScenario();
        check(wet, of("cvl", 10, "cvr", 0.3, "csl", 2, "csr", -0.5, "ctl", 7));
        check(wet, of("cvl", 1e-3, "csl", 19.99, "ctl", 0));
        Scenario fl = new WetFlavourScenario();
        java.util.SplittableRandom rng = new java.util.SplittableRandom(11);
        Map<String, Double> set = new LinkedHashMap<>();
        for (int j = 0; j < 18; j++) {
            set.put(fl.parameters().get(j).name(), 6 * rng.nextDouble() - 3);
        }
        set.put("cv_ee", 20.0);
        set.put("ct_mt", -20.0);
        check(fl, set);
    }

    @Test
    void twoBodyDerivativesAreExact() {
        for (String name : List.of("scalar", "alp", "vector")) {
            Scenario s = Scenario.byName(name);
            String g = s.parameters().get(1).name();
            check(s, of("mass", 2.0, g, 1e-8, "width", 0.1, "br_inv", 0.7, "ctau", 5, "detector_length", 3));
            check(s, of("mass", 1.3, g, 2e-8, "width", 0, "br_inv", 0.2, "ctau", 2));
            check(s, of("mass", TwoBodyScenario.M_MAX - 0.05, g, 1e-7, "width", 0.3));
            check(s, of("mass", name.equals("vector") ? 2e-3 : 1e-3, g, 1e-8, "width", 2));
            if (!name.equals("vector")) {
                check(s, of("mass", 0, g, 1e-8, "width", 2, "br_inv", 0.5, "ctau", 1e-3));
            }
        }
    }

    /** Couplings and form factors exact; the masses by the production's Richardson differences. */
    @Test
    void massiveFinalStateDerivatives() {
        Scenario st = new SterileScenario();
        check(st, of("cvl", 8, "cvr", 1, "csl", 2, "csr", 0.5, "ctl", 3, "m1", 0.3, "m2", 0.8));
        check(st, of("cvl", 8, "csl", 2, "ctl", 3, "m1", 0, "m2", 1.1));
        Scenario ds = new DarkScalarScenario();
        check(ds, of("mass", 0.9, "gs", 1e-8, "gv", 3e-8, "complex", 1));
        check(ds, of("mass", 0, "gs", 1e-8));
        Scenario df = new DarkFermionScenario();
        check(df, of("mass", 0.6, "lambda", 1e4, "cv", 1, "ca", 0.5, "cs", 0.3, "ct", 0.2));
        check(df, of("mass", 0, "lambda", 1, "cv", -10, "ca", 10, "cs", 0.3, "ct", 0.2, "majorana", 1));
    }

    /**
     * Every physics parameter of every scenario at each end of its bounds (the others at their defaults, two-body
     * states also with a wide width, where m → 0 used to divide 0 by 0): the integrals, the branching ratio and the
     * spectrum are finite or the point is refused as bad input, and the integrals are continuous there: they move by
     * no more than 1e-6 of the largest bin (at the defaults) when the parameter moves 1e-12 of its value (or of its range, at 0) inside
     * (small enough for the √λ endpoints of phase space).
     */
    @Test
    void everyBoundIsFiniteAndContinuous() {
        int checked = 0;
        for (Scenario s : Scenario.all()) {
            List<ScenarioParameter> ps = s.parameters();
            int nPhys = s instanceof NullScenario ? 0 : ps.size() - 8;
            double scale = maxAbs(BINS.integrals(s.spectrum(s.defaults())));
            for (double width : s instanceof TwoBodyScenario ? new double[] {0, 0.1, 2} : new double[] {-1}) {
                for (int j = 0; j < nPhys; j++) {
                    ScenarioParameter p = ps.get(j);
                    for (double end : new double[] {p.lower(), p.upper()}) {
                        double[] v = s.defaults();
                        if (width >= 0) {
                            v[s.indexOf("width")] = width;
                        }
                        v[j] = end;
                        double[] a;
                        try {
                            a = BINS.integrals(s.spectrum(v));
                        } catch (InputException e) {
                            continue;
                        }
                        Spectrum sp = s.spectrum(v);
                        String what = s.name() + " " + p.name() + "=" + end + (width >= 0 ? " width=" + width : "");
                        assertThat(sp.branchingRatio()).as(what).isFinite();
                        for (int k = 0; k < 50; k++) {
                            assertThat(sp.dbrdq2(sp.q2Max() * (k + 0.5) / 50)).as(what).isFinite();
                        }
                        double[] w = v.clone();
                        w[j] = end + (end == p.lower() ? 1 : -1) * 1e-12 * (end != 0 ? Math.abs(end) : p.upper() - p.lower());
                        double[] near;
                        try {
                            near = BINS.integrals(s.spectrum(w));
                        } catch (InputException e) {
                            continue; // the bound is the edge of the valid region (gv of a real φ)
                        }
                        double top = Math.max(scale, Math.max(maxAbs(a), maxAbs(near)));
                        for (int i = 0; i < a.length; i++) {
                            assertThat(a[i]).as(what + " bin " + i).isFinite();
                            assertThat(Math.abs(a[i] - near[i])).as(what + " bin " + i + " continuity")
                                    .isLessThanOrEqualTo(1e-6 * top);
                        }
                        checked++;
                    }
                }
            }
        }
        assertThat(checked).isGreaterThan(80);
    }

    /** Issue 13 item 1: m = 0 of a wide scalar or ALP is the limit m → 0: everything in the first true bin. */
    @Test
    void twoBodyMassZeroIsTheLimit() {
        for (String name : List.of("scalar", "alp")) {
            Scenario s = Scenario.byName(name);
            double[] v = s.defaults();
            v[s.indexOf("width")] = 2;
            v[s.indexOf("mass")] = 0;
            Spectrum zero = s.spectrum(v);
            v[s.indexOf("mass")] = 1e-9;
            Spectrum tiny = s.spectrum(v);
            assertThat(zero.branchingRatio()).isFinite().isPositive();
            assertThat(zero.branchingRatio()).isCloseTo(tiny.branchingRatio(),
                    org.assertj.core.api.Assertions.within(1e-8 * tiny.branchingRatio()));
            double[] a = BINS.integrals(zero);
            assertThat(a[1]).isEqualTo(zero.branchingRatio());
            assertThat(BINS.integrals(tiny)[1]).isCloseTo(a[1], org.assertj.core.api.Assertions.within(1e-7 * a[1]));
        }
    }
}
