package org.kinvis.host.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.apache.commons.math3.special.Gamma;
import org.junit.jupiter.api.Test;
import org.kinvis.host.input.JsonInput;
import org.kinvis.host.workspace.WorkspaceReader;
import org.kinvis.kernels.Evaluator;
import org.kinvis.kernels.cpu.CpuBackend;

/**
 * One small workspace per modifier type, each checked against the HistFactory formula written out by hand:
 * {@code logpdf = Σ_j [n_j log ν_j − ν_j − lgamma(n_j + 1)] + Σ constraints}, with
 * {@code log N(a | θ, σ) = −½((a − θ)/σ)² − log σ − ½ log 2π} and
 * {@code log Pois(a | λ) = a log λ − λ − lgamma(a + 1)}.
 */
class ModifierSemanticsTest {
    static final double LOG_SQRT_2PI = 0.5 * Math.log(2 * Math.PI);

    static CompiledModel model(String channels, String observations, String parameters, String interp) {
        String json = "{\"version\": \"1.0.0\", \"channels\": [" + channels + "], \"observations\": ["
                + observations + "], \"measurements\": [{\"name\": \"m\", \"config\": {\"poi\": \"mu\","
                + " \"parameters\": [" + parameters + "]}}]}";
        return ModelCompiler.compile(WorkspaceReader.fromJson(new JsonInput("test").parse(json), "test"), null,
                InterpolationSettings.parse(interp));
    }

    static double[] eval(CompiledModel m, double[] x) {
        try (CpuBackend b = new CpuBackend(1); Evaluator e = b.prepare(m.layout())) {
            double[] main = new double[1];
            double[] cons = new double[1];
            double[] nu = new double[m.layout().nBins()];
            e.logpdfParts(x, 1, main, cons);
            e.expected(x, 1, nu);
            double[] out = new double[2 + nu.length];
            out[0] = main[0];
            out[1] = cons[0];
            System.arraycopy(nu, 0, out, 2, nu.length);
            return out;
        }
    }

    static double pois(double n, double nu) {
        return n * Math.log(nu) - nu - Gamma.logGamma(n + 1);
    }

    static double gauss(double a, double theta, double sigma) {
        double z = (a - theta) / sigma;
        return -0.5 * z * z - Math.log(sigma) - LOG_SQRT_2PI;
    }

    static final String OBS1 = "{\"name\": \"c\", \"data\": [12]}";

    @Test
    void normfactorScalesItsSample() {
        CompiledModel m = model("{\"name\": \"c\", \"samples\": [{\"name\": \"s\", \"data\": [5], \"modifiers\": "
                + "[{\"name\": \"mu\", \"type\": \"normfactor\", \"data\": null}]}, {\"name\": \"b\", \"data\": [4],"
                + " \"modifiers\": []}]}", OBS1, "", null);
        assertThat(m.parameters().inits()).containsExactly(1.0);
        assertThat(m.parameters().lowerBounds()).containsExactly(0.0);
        assertThat(m.parameters().upperBounds()).containsExactly(10.0);
        double[] r = eval(m, new double[] {2.5});
        double nu = 2.5 * 5 + 4;
        assertThat(r[2]).isCloseTo(nu, within(1e-12));
        assertThat(r[0]).isCloseTo(pois(12, nu), within(1e-12));
        assertThat(r[1]).isEqualTo(0.0);
    }

    @Test
    void normsysCode1AndCode4() {
        String ch = "{\"name\": \"c\", \"samples\": [{\"name\": \"s\", \"data\": [10], \"modifiers\": ["
                + "{\"name\": \"mu\", \"type\": \"normfactor\", \"data\": null},"
                + "{\"name\": \"n\", \"type\": \"normsys\", \"data\": {\"hi\": 1.2, \"lo\": 0.7}}]}]}";
        for (double a : new double[] {0.5, -0.5, 1.7, -2.2}) {
            double f = a >= 0 ? Math.pow(1.2, a) : Math.pow(0.7, -a);
            double[] r = eval(model(ch, OBS1, "", "normsys=code1"), new double[] {1, a});
            assertThat(r[2]).as("code1 at %s", a).isCloseTo(10 * f, within(1e-12));
            assertThat(r[1]).isCloseTo(gauss(0, a, 1), within(1e-12));
            assertThat(r[0]).isCloseTo(pois(12, 10 * f), within(1e-12));
            if (Math.abs(a) >= 1) {
                // code4 is exponential outside |α| < 1
                double[] r4 = eval(model(ch, OBS1, "", "normsys=code4"), new double[] {1, a});
                assertThat(r4[2]).isCloseTo(10 * f, within(1e-12));
            }
        }
    }

    @Test
    void histosysCode0Code2Code4p() {
        // nom 10, hi 13, lo 8: up = 3, dn = 2; parameter order is pyhf's: histosys h first, then normfactor mu
        String ch = "{\"name\": \"c\", \"samples\": [{\"name\": \"s\", \"data\": [10], \"modifiers\": ["
                + "{\"name\": \"mu\", \"type\": \"normfactor\", \"data\": null},"
                + "{\"name\": \"h\", \"type\": \"histosys\", \"data\": {\"hi_data\": [13], \"lo_data\": [8]}}]}]}";
        // code0: 10 + 0.4·3; 10 − 0.6·2
        assertThat(eval(model(ch, OBS1, "", "histosys=code0"), new double[] {0.4, 1})[2]).isCloseTo(11.2, within(1e-12));
        assertThat(eval(model(ch, OBS1, "", "histosys=code0"), new double[] {-0.6, 1})[2]).isCloseTo(8.8, within(1e-12));
        // code2 (pyhf): a = ½(13 + 8) − 10 = 0.5, b = ½(13 − 8) = 2.5; α = 0.4: 0.08 + 1 = 1.08; α = 1.5: (b + 2a)·0.5
        assertThat(eval(model(ch, OBS1, "", "histosys=code2"), new double[] {0.4, 1})[2]).isCloseTo(11.08, within(1e-12));
        assertThat(eval(model(ch, OBS1, "", "histosys=code2"), new double[] {1.5, 1})[2]).isCloseTo(11.75, within(1e-12));
        // code4p: S = 2.5, A = 1/16; α = 0.4: 1 + (1/16)·0.16·(15 − 1.6 + 0.0768); α = −1.5: −1.5·2
        double inside = 10 + 0.4 * 2.5 + 0.0625 * 0.16 * (15 - 1.6 + 0.0768);
        assertThat(eval(model(ch, OBS1, "", "histosys=code4p"), new double[] {0.4, 1})[2]).isCloseTo(inside, within(1e-12));
        assertThat(eval(model(ch, OBS1, "", "histosys=code4p"), new double[] {-1.5, 1})[2]).isCloseTo(7.0, within(1e-12));
    }

    @Test
    void staterrorCombinesSamplesAndFixesZeroBins() {
        // bin 0: nominals 6 and 4, uncertainties 0.6 and 0.8 → σ = √(0.6² + 0.8²)/10 = 0.1; bin 1: both zero → fixed
        CompiledModel m = model("{\"name\": \"c\", \"samples\": ["
                + "{\"name\": \"a\", \"data\": [6, 3], \"modifiers\": [{\"name\": \"mu\", \"type\": \"normfactor\","
                + " \"data\": null}, {\"name\": \"st\", \"type\": \"staterror\", \"data\": [0.6, 0]}]},"
                + "{\"name\": \"b\", \"data\": [4, 2], \"modifiers\": [{\"name\": \"st\", \"type\": \"staterror\","
                + " \"data\": [0.8, 0]}]}]}", "{\"name\": \"c\", \"data\": [11, 4]}", "", null);
        ParameterSet st = m.parameters().set("st");
        assertThat(st.widths()[0]).isCloseTo(0.1, within(1e-15));
        assertThat(st.widths()[1]).isEqualTo(1.0);
        assertThat(st.fixed()).containsExactly(false, true);
        double[] r = eval(m, new double[] {1, 1.05, 1});
        assertThat(r[2]).isCloseTo(1.05 * 10, within(1e-12));
        assertThat(r[3]).isCloseTo(5, within(1e-12));
        assertThat(r[0]).isCloseTo(pois(11, 10.5) + pois(4, 5), within(1e-12));
        assertThat(r[1]).isCloseTo(gauss(1, 1.05, 0.1) + gauss(1, 1, 1), within(1e-12));
    }

    @Test
    void shapesysHasPoissonConstraintWithFactorNominalOverUncertaintySquared() {
        // bin 0: τ = (20/4)² = 25; bin 1: zero uncertainty → fixed, factor 1
        CompiledModel m = model("{\"name\": \"c\", \"samples\": [{\"name\": \"s\", \"data\": [20, 7], \"modifiers\": "
                + "[{\"name\": \"mu\", \"type\": \"normfactor\", \"data\": null}, {\"name\": \"ss\", \"type\":"
                + " \"shapesys\", \"data\": [4, 0]}]}]}", "{\"name\": \"c\", \"data\": [22, 6]}", "", null);
        ParameterSet ss = m.parameters().set("ss");
        assertThat(ss.constraint()).isEqualTo(Constraint.POISSON);
        assertThat(ss.auxdata()).containsExactly(25.0, 1.0);
        assertThat(ss.fixed()).containsExactly(false, true);
        double g = 1.1;
        double[] r = eval(m, new double[] {1, g, 1});
        assertThat(r[2]).isCloseTo(22, within(1e-12));
        assertThat(r[0]).isCloseTo(pois(22, 22) + pois(6, 7), within(1e-12));
        assertThat(r[1]).isCloseTo(pois(25, 25 * g) + pois(1, 1), within(1e-12));
    }

    @Test
    void shapefactorScalesEachBinFreely() {
        CompiledModel m = model("{\"name\": \"c\", \"samples\": [{\"name\": \"s\", \"data\": [5, 8], \"modifiers\": "
                + "[{\"name\": \"mu\", \"type\": \"normfactor\", \"data\": null}, {\"name\": \"sf\", \"type\":"
                + " \"shapefactor\", \"data\": null}]}]}", "{\"name\": \"c\", \"data\": [6, 9]}", "", null);
        assertThat(m.parameters().names()).containsExactly("mu", "sf[0]", "sf[1]");
        double[] r = eval(m, new double[] {2, 0.5, 1.5});
        assertThat(r[2]).isCloseTo(5.0, within(1e-12));
        assertThat(r[3]).isCloseTo(24.0, within(1e-12));
        assertThat(r[1]).isEqualTo(0.0);
    }

    @Test
    void lumiTakesAuxdataAndSigmaFromTheMeasurement() {
        CompiledModel m = model("{\"name\": \"c\", \"samples\": [{\"name\": \"s\", \"data\": [10], \"modifiers\": "
                + "[{\"name\": \"mu\", \"type\": \"normfactor\", \"data\": null}, {\"name\": \"lumi\", \"type\":"
                + " \"lumi\", \"data\": null}]}]}", OBS1,
                "{\"name\": \"lumi\", \"auxdata\": [1.0], \"sigmas\": [0.03], \"bounds\": [[0.8, 1.2]]}", null);
        // pyhf order: lumi (par 0) before the normfactor mu (par 1)
        double[] r = eval(m, new double[] {0.97, 1});
        assertThat(r[2]).isCloseTo(9.7, within(1e-12));
        assertThat(r[1]).isCloseTo(gauss(1.0, 0.97, 0.03), within(1e-12));
        assertThat(m.parameters().lowerBounds()[0]).isEqualTo(0.8);
    }

    @Test
    void measurementOverridesInitsBoundsAndFixed() {
        CompiledModel m = model("{\"name\": \"c\", \"samples\": [{\"name\": \"s\", \"data\": [10], \"modifiers\": "
                + "[{\"name\": \"mu\", \"type\": \"normfactor\", \"data\": null}, {\"name\": \"n\", \"type\":"
                + " \"normsys\", \"data\": {\"hi\": 1.1, \"lo\": 0.9}}]}]}", OBS1,
                "{\"name\": \"mu\", \"inits\": [2.0], \"bounds\": [[-1, 4]]}, {\"name\": \"n\", \"fixed\": true}",
                null);
        assertThat(m.parameters().inits()).containsExactly(2.0, 0.0);
        assertThat(m.parameters().lowerBounds()).containsExactly(-1.0, -5.0);
        assertThat(m.parameters().fixed()).containsExactly(false, true);
    }
}
