package org.kinvis.host.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.kinvis.host.TestData;
import org.kinvis.host.workspace.WorkspaceReader;
import org.kinvis.kernels.Evaluator;
import org.kinvis.kernels.cpu.CpuBackend;

/**
 * Where a logpdf is not finite, the diagnosis names the bin, the sample and the modifier (or nominal yield) that
 * made it so; negative yields in bins without events stay finite, as in pyhf ({@code xlogy(0, ν) − ν}).
 */
class LogpdfDiagnosisTest {
    static String sample(String name, String data, String modifiers) {
        return "{\"name\": \"" + name + "\", \"data\": " + data + ", \"modifiers\": [" + modifiers + "]}";
    }

    static final String MU = "{\"name\": \"mu\", \"type\": \"normfactor\", \"data\": null}";

    static CompiledModel model(String samples, String observed, String parameters) {
        return ModifierSemanticsTest.model("{\"name\": \"sr\", \"samples\": [" + samples + "]}",
                "{\"name\": \"sr\", \"data\": " + observed + "}", parameters, null);
    }

    /** logpdf at x on the CPU backend, then the diagnosis if it is not finite. */
    static String diagnose(CompiledModel m, double[] x) {
        double lp;
        try (CpuBackend b = new CpuBackend(1); Evaluator e = b.prepare(m.layout())) {
            double[] out = new double[1];
            e.logpdf(x, 1, out);
            lp = out[0];
        }
        return Double.isFinite(lp) ? "finite " + lp : new LogpdfDiagnosis(m).explain(x, 0, lp);
    }

    @Test
    void negativeNominalYield() {
        CompiledModel m = model(sample("sig", "[1, 2]", MU) + "," + sample("bkg", "[-5, 3]", ""), "[4, 0]", "");
        assertThat(diagnose(m, m.parameters().inits())).isEqualTo("logpdf is NaN: channel 'sr' bin 0 (observed 4)"
                + " has expected rate -4 < 0 (no logarithm): sample 'bkg' yields -5 there, its nominal yield");
    }

    @Test
    void negativeYieldWithoutEventsIsFiniteAsInPyhf() {
        CompiledModel m = model(sample("sig", "[1, 2]", MU) + "," + sample("bkg", "[3, -5]", ""), "[4, 0]", "");
        // bin 1: n = 0, ν = −3 → xlogy(0, ν) − ν = 3; bin 0: 4 log 4 − 4 − lgamma(5)
        double expected = 4 * Math.log(4) - 4 - Math.log(24) + 3;
        assertThat(diagnose(m, m.parameters().inits())).isEqualTo("finite " + expected);
    }

    @Test
    void zeroRateWithEventsObserved() {
        CompiledModel m = model(sample("sig", "[1, 0]", MU) + "," + sample("bkg", "[3, 0]", ""), "[4, 7]", "");
        assertThat(diagnose(m, m.parameters().inits())).isEqualTo("logpdf is -Infinity: channel 'sr' bin 1"
                + " (observed 7) has expected rate 0 (log 0 = −∞): sample 'bkg' yields 0 there, its nominal yield");
    }

    @Test
    void normsysWithZeroFactors() {
        String ns = "{\"name\": \"syst\", \"type\": \"normsys\", \"data\": {\"hi\": 0, \"lo\": 0}}";
        CompiledModel m = model(sample("sig", "[1, 2]", MU) + "," + sample("bkg", "[3, 4]", ns), "[4, 5]", "");
        assertThat(diagnose(m, m.parameters().inits())).isEqualTo("logpdf is NaN: channel 'sr' bin 0 (observed 4)"
                + " has expected rate NaN: sample 'bkg' yields NaN there, made NaN by normsys 'syst' at α = 0"
                + " (hi 0, lo 0, factor NaN; hi and lo must be > 0)");
    }

    @Test
    void parameterOutsideItsBounds() {
        CompiledModel m = model(sample("sig", "[10, 2]", MU) + "," + sample("bkg", "[3, 4]", ""), "[4, 5]", "");
        double[] x = m.parameters().inits();
        x[m.parameters().indexOf("mu")] = -1000;
        assertThat(diagnose(m, x)).isEqualTo("logpdf is NaN: channel 'sr' bin 0 (observed 4) has expected rate"
                + " -9997 < 0 (no logarithm): sample 'sig' yields -10000 there, made negative by normfactor 'mu'"
                + " = -1000 (outside its bounds [0, 10])");
    }

    @Test
    void histosysPushingAYieldBelowZero() {
        String hs = "{\"name\": \"shape\", \"type\": \"histosys\", \"data\": {\"hi_data\": [2, 4], \"lo_data\":"
                + " [0.5, 3]}}";
        CompiledModel m = model(sample("sig", "[1, 3]", MU + "," + hs), "[4, 5]", "");
        double[] x = m.parameters().inits();
        x[m.parameters().indexOf("shape")] = 3; // δ = 3 · (2 − 1) in bin 0 is fine; bin 1 rises too
        assertThat(diagnose(m, x)).startsWith("finite");
        x[m.parameters().indexOf("shape")] = -3; // bin 0: 1 − 3 · 0.5 = −0.5 (code4p is linear beyond |α| = 1)
        assertThat(diagnose(m, x)).isEqualTo("logpdf is NaN: channel 'sr' bin 0 (observed 4) has expected rate"
                + " -0.5 < 0 (no logarithm): sample 'sig' yields -0.5 there, made negative by histosys 'shape' at"
                + " α = -3 (shift -1.5)");
    }

    @Test
    void poissonConstraintOfAShapesysGammaAtZero() {
        String ss = "{\"name\": \"gam\", \"type\": \"shapesys\", \"data\": [1, 1]}";
        CompiledModel m = model(sample("sig", "[10, 0]", MU) + "," + sample("bkg", "[3, 4]", ss), "[4, 0]", "");
        double[] x = m.parameters().inits();
        x[m.parameters().indexOf("gam[1]")] = 0; // bin 1 has no events: the main term is fine
        assertThat(diagnose(m, x)).isEqualTo("logpdf is -Infinity: the Poisson constraint of shapesys 'gam[1]'"
                + " = 0 (outside its bounds [1e-10, 10]) has rate 0 with auxdata 16 (no logarithm of a rate ≤ 0)");
    }

    @Test
    void staterrorWidthOverflowingOverANearZeroNominal() {
        String st = "{\"name\": \"stat\", \"type\": \"staterror\", \"data\": [1, 1]}";
        CompiledModel m = model(sample("sig", "[1e-300, 2]", MU + "," + st), "[4, 5]", "");
        assertThat(diagnose(m, m.parameters().inits())).isEqualTo("logpdf is -Infinity: the Gaussian constraint of"
                + " staterror 'stat[0]' = 1 has width σ = Infinity (for staterror: its uncertainty over the bin's total"
                + " nominal yield)");
    }

    @Test
    void belleIIAtMuMinus1000NamesTheSignalBin() {
        CompiledModel m = ModelCompiler.compile(WorkspaceReader.read(TestData.workspace()));
        double[] x = m.parameters().inits();
        x[m.parameters().poiIndex()] = -1000;
        assertThat(diagnose(m, x)).startsWith("logpdf is NaN: channel '").contains("sample 'signal' yields")
                .endsWith("made negative by normfactor 'mu' = -1000 (outside its bounds [0, 10])");
    }
}
