package org.kinvis.host.opencl;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.kinvis.host.input.JsonInput;
import org.kinvis.host.model.CompiledModel;
import org.kinvis.host.model.ModelCompiler;
import org.kinvis.host.workspace.WorkspaceReader;
import org.kinvis.kernels.Evaluator;
import org.kinvis.kernels.cpu.CpuBackend;
import org.kinvis.kernels.opencl.OpenClBackend;

/**
 * Published workspaces carry shapesys modifiers with Poisson constraints of τ = (nominal/σ)² up to ~1e11: each
 * term n·log(γτ) − γτ − lgamma(n + 1) is a difference of numbers ~1e13 that must come out ~−15 to 1e-12. One
 * single-bin pyhf workspace per τ from 1e-2 to 1e12 (a background with shapesys, observed counts near the nominal,
 * so the main term has the same problem for large counts) is evaluated at γ = 1 + z/√τ on every backend path (CPU
 * scalar, CPU 4-lane, CPU gradient; OpenCL work-group, work-item and vector kernels and the gradient kernel) and
 * compared with {@link HighPrecision} (60 digits). The main term uses the rate the backends form, fl(b·γ): its
 * rounding is part of the input, not of the Poisson term.
 */
class PoissonPrecisionTest {
    static final double[] TAU = {1e-2, 1, 1e2, 1e4, 1e6, 1e8, 1e10, 1e11, 1e12};
    static final double[] Z = {0, 0.37, -1.3, 2.9, -0.05};

    /** A single-bin background of yield b with shapesys σ = b/√τ. */
    record Case(double tau, double b, double sigma, double n, CompiledModel model, double[] gammas) {
        /** The points (μ = 1, γ) in the model's parameter order. */
        double[] points() {
            int n = model.parameters().size();
            double[] x = new double[gammas.length * n];
            for (int p = 0; p < gammas.length; p++) {
                x[p * n + model.parameters().indexOf("mu")] = 1;
                x[p * n + gammaIndex()] = gammas[p];
            }
            return x;
        }

        int gammaIndex() {
            return model.parameters().indexOf("unc[0]");
        }

        /** τ exactly as pyhf (and the compiler) forms it. */
        double tauUsed() {
            return (b * b) / (sigma * sigma);
        }
    }

    static List<Case> cases() {
        List<Case> out = new ArrayList<>();
        for (double tau : TAU) {
            double b = tau >= 1 ? Math.max(5, 1e-5 * tau) : 1;
            double sigma = b / Math.sqrt(tau);
            double n = Math.rint(b + 0.7 * Math.sqrt(b));
            String ws = String.format(Locale.ROOT, "{\"channels\": [{\"name\": \"c\", \"samples\": [{\"name\": \"bkg\","
                    + " \"data\": [%s], \"modifiers\": [{\"name\": \"unc\", \"type\": \"shapesys\", \"data\": [%s]},"
                    + " {\"name\": \"mu\", \"type\": \"normfactor\", \"data\": null}]}]}],"
                    + " \"observations\": [{\"name\": \"c\", \"data\": [%s]}], \"measurements\": [{\"name\": \"m\","
                    + " \"config\": {\"poi\": \"mu\", \"parameters\": []}}], \"version\": \"1.0.0\"}",
                    Double.toString(b), Double.toString(sigma), Double.toString(n));
            CompiledModel model = ModelCompiler.compile(WorkspaceReader.fromJson(new JsonInput("tau").parse(ws),
                    "tau=" + tau));
            double[] g = new double[Z.length];
            for (int i = 0; i < Z.length; i++) {
                // float-representable, so that the float32 path sees the same point
                g[i] = (float) Math.max(0.02, Math.min(9.5, 1 + Z[i] / Math.sqrt(tau)));
            }
            out.add(new Case(tau, b, sigma, n, model, g));
        }
        return out;
    }

    /** {main, constraint, d logpdf/dγ} at γ, in 60 digits. */
    static double[] reference(Case c, double gamma) {
        BigDecimal tau = HighPrecision.of(c.tauUsed());
        BigDecimal g = HighPrecision.of(gamma);
        BigDecimal nu = HighPrecision.of(c.b() * gamma);
        BigDecimal n = HighPrecision.of(c.n());
        BigDecimal main = HighPrecision.logPoisson(n, nu);
        BigDecimal cons = HighPrecision.logPoisson(tau, g.multiply(tau, HighPrecision.MC));
        // d/dγ: b·(n/ν − 1) + τ/γ − τ
        BigDecimal b = HighPrecision.of(c.b());
        BigDecimal grad = b.multiply(n.divide(nu, HighPrecision.MC).subtract(BigDecimal.ONE), HighPrecision.MC)
                .add(tau.divide(g, HighPrecision.MC), HighPrecision.MC).subtract(tau, HighPrecision.MC);
        return new double[] {main.doubleValue(), cons.doubleValue(), grad.doubleValue()};
    }

    static void assertRelative(double got, double want, double tol, String what) {
        assertThat(Math.abs(got - want) / Math.abs(want)).as("%s: got %s, want %s", what, got, want)
                .isLessThanOrEqualTo(tol);
    }

    /** Checks one evaluator on every case: parts (batch of 5 = one 4-lane group + one scalar point), logpdf. */
    static void check(String name, java.util.function.Function<CompiledModel, Evaluator> prepare, double tol,
            boolean gradient) {
        check(name, prepare, tol, tol, gradient);
    }

    static void check(String name, java.util.function.Function<CompiledModel, Evaluator> prepare, double tolMain,
            double tol, boolean gradient) {
        for (Case c : cases()) {
            int count = c.gammas().length;
            try (Evaluator ev = prepare.apply(c.model())) {
                double[] main = new double[count];
                double[] cons = new double[count];
                double[] x = c.points();
                int np = c.model().parameters().size();
                ev.logpdfParts(x, count, main, cons);
                double[] single = new double[1];
                double[] singleCons = new double[1];
                double[] value = new double[count];
                double[] grad = new double[count * np];
                if (gradient) {
                    ev.gradient(x, count, value, grad);
                }
                for (int p = 0; p < count; p++) {
                    double[] want = reference(c, c.gammas()[p]);
                    String at = String.format(Locale.ROOT, "%s τ=%g γ=%s", name, c.tau(), c.gammas()[p]);
                    assertRelative(cons[p], want[1], tol, at + " constraint");
                    assertRelative(main[p], want[0], tolMain, at + " main");
                    ev.logpdfParts(java.util.Arrays.copyOfRange(x, p * np, (p + 1) * np), 1, single, singleCons);
                    assertRelative(singleCons[0], want[1], tol, at + " constraint (single point)");
                    assertRelative(single[0], want[0], tolMain, at + " main (single point)");
                    if (gradient) {
                        assertRelative(value[p], want[0] + want[1], tol, at + " gradient's value");
                        double scale = Math.max(1, Math.abs(want[2]));
                        double got = grad[p * np + c.gammaIndex()];
                        assertThat(Math.abs(got - want[2]) / scale).as("%s d/dγ: got %s, want %s", at, got,
                                want[2]).isLessThanOrEqualTo(tol * 100);
                    }
                }
            }
        }
    }

    @Test
    void referenceArithmeticIsSane() {
        // ln Γ(11) = ln 10!, ln Γ(1/2) = ½ ln π, ln 2
        assertRelative(HighPrecision.lnGamma(BigDecimal.valueOf(11)).doubleValue(), Math.log(3628800.0), 3e-16,
                "ln 10!");
        assertRelative(HighPrecision.lnGamma(new BigDecimal("0.5")).doubleValue(), 0.5 * Math.log(Math.PI), 3e-16,
                "ln Γ(1/2)");
        assertRelative(HighPrecision.ln(BigDecimal.valueOf(2)).doubleValue(), Math.log(2), 3e-16, "ln 2");
        assertRelative(HighPrecision.ln(new BigDecimal("1e12")).doubleValue(), 12 * Math.log(10), 3e-16, "ln 1e12");
        // Γ(n+1) = n! exactly for n = 30, in 60 digits
        java.math.BigInteger f = java.math.BigInteger.ONE;
        for (int i = 2; i <= 30; i++) {
            f = f.multiply(java.math.BigInteger.valueOf(i));
        }
        assertThat(HighPrecision.lnGamma(BigDecimal.valueOf(31)).subtract(HighPrecision.ln(new BigDecimal(f)))
                .abs().doubleValue()).isLessThan(1e-50);
    }

    @Test
    void cpuBackendIsExactFromTau1eMinus2To1e12() {
        try (CpuBackend cpu = new CpuBackend(1)) {
            check("cpu", m -> cpu.prepare(m.layout()), 1e-12, true);
        }
    }

    @Test
    void openClKernelsAreExactFromTau1eMinus2To1e12() {
        org.junit.jupiter.api.Assumptions.assumeTrue(OpenClBackend.available(),
                "SKIPPED: no OpenCL platform on this machine");
        for (OpenClBackend.Kernel k : new OpenClBackend.Kernel[] {OpenClBackend.Kernel.GROUP,
                OpenClBackend.Kernel.ITEM, OpenClBackend.Kernel.VECTOR}) {
            OpenClBackend cl = SharedOpenCl.get(k, OpenClBackend.Precision.AUTO, 0);
            org.junit.jupiter.api.Assumptions.assumeTrue(cl.fp64(), "SKIPPED: device without float64");
            check("opencl " + k, m -> cl.prepare(m.layout()), 1e-12, false);
        }
    }

    /**
     * float32 kernels: the same form keeps every Poisson constraint to float rounding of its O(1) value (before, a
     * term n·log(γτ) ~ 3e13 rounded to float was off by ~1e6). The main term carries the float rounding of the
     * rate ν = b·γ (relative 6e-8 of ν ~ 1e7, times ∂/∂ν = n/ν − 1), which the test does not model, hence 1e-4.
     */
    @Test
    void openClFloat32KeepsTheConstraintToFloatPrecision() {
        org.junit.jupiter.api.Assumptions.assumeTrue(OpenClBackend.available(),
                "SKIPPED: no OpenCL platform on this machine");
        for (OpenClBackend.Kernel k : new OpenClBackend.Kernel[] {OpenClBackend.Kernel.GROUP,
                OpenClBackend.Kernel.ITEM, OpenClBackend.Kernel.VECTOR}) {
            OpenClBackend cl = SharedOpenCl.get(k, OpenClBackend.Precision.FLOAT, 0);
            check("opencl float32 " + k, m -> cl.prepare(m.layout()), 1e-4, 1e-6, false);
        }
    }
}
