package org.kinvis.host.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.kinvis.host.input.InputException;
import org.kinvis.host.input.JsonInput;
import org.kinvis.host.workspace.WorkspaceReader;

/**
 * The parameter of interest as pyhf's {@code Model} sets it: {@code "poi": ""} means no POI (pdf.py:
 * {@code poi_name = None if poi_name == "" else poi_name}); {@code _ModelConfig.set_poi} refuses unknown names
 * and parameters with more than one component only, so a one-bin shapesys or staterror γ may be the POI.
 */
class PoiSemanticsTest {
    /** Channel SR (1 bin): signal × mu, background with a shapesys γ and a staterror; CR (2 bins) with a shapesys. */
    static final String CHANNELS = "{\"name\": \"SR\", \"samples\": [{\"name\": \"sig\", \"data\": [5], \"modifiers\":"
            + " [{\"name\": \"mu\", \"type\": \"normfactor\", \"data\": null}]}, {\"name\": \"bkg\", \"data\": [50],"
            + " \"modifiers\": [{\"name\": \"gam\", \"type\": \"shapesys\", \"data\": [5]}, {\"name\": \"stat_SR\","
            + " \"type\": \"staterror\", \"data\": [2]}]}]}, {\"name\": \"CR\", \"samples\": [{\"name\": \"bkg\","
            + " \"data\": [100, 80], \"modifiers\": [{\"name\": \"gcr\", \"type\": \"shapesys\", \"data\": [10, 8]}]}]}";

    static CompiledModel model(String poi) {
        String json = "{\"version\": \"1.0.0\", \"channels\": [" + CHANNELS + "], \"observations\": [{\"name\": \"SR\","
                + " \"data\": [57]}, {\"name\": \"CR\", \"data\": [97, 85]}], \"measurements\": [{\"name\": \"m\","
                + " \"config\": {\"poi\": \"" + poi + "\", \"parameters\": []}}]}";
        return ModelCompiler.compile(WorkspaceReader.fromJson(new JsonInput("ws.json").parse(json), "ws.json"));
    }

    @Test
    void emptyPoiMeansNoPoiAndTheSameLikelihood() {
        CompiledModel none = model("");
        CompiledModel mu = model("mu");
        ParameterTable t = none.parameters();
        assertThat(t.hasPoi()).isFalse();
        assertThat(t.poiName()).isNull();
        assertThat(t.poiSetName()).isNull();
        assertThat(t.poiIndex()).isEqualTo(-1);
        assertThat(t.names()).isEqualTo(mu.parameters().names());
        // the POI is a label: the model, its inits and its logpdf are those of the same measurement with a POI
        double[] x = t.inits();
        x[0] = 1.7;
        double[] a = ModifierSemanticsTest.eval(none, x);
        double[] b = ModifierSemanticsTest.eval(mu, x);
        assertThat(a).containsExactly(b);
        assertThat(a[0] + a[1]).isCloseTo(ModifierSemanticsTest.pois(57, 1.7 * 5 + 50)
                + ModifierSemanticsTest.pois(97, 100) + ModifierSemanticsTest.pois(85, 80)
                + poissonConstraint(100) + poissonConstraint(100) + poissonConstraint(100)
                + ModifierSemanticsTest.gauss(1, 1, 2.0 / 50), within(1e-9));
    }

    /** log Pois(τ | τ) at γ = 1: τ log τ − τ − lgamma(τ + 1) with τ = (ν/σ)². */
    static double poissonConstraint(double tau) {
        return ModifierSemanticsTest.pois(tau, tau);
    }

    @Test
    void inferenceAsksForAPoiWithOneLine() {
        CompiledModel none = model("");
        assertThatThrownBy(() -> none.requirePoi("kinvis limit"))
                .isInstanceOf(InputException.class)
                .hasMessage("ws.json: measurements['m'].config.poi: is empty (no parameter of interest), but kinvis"
                        + " limit needs one; pick a measurement that has one (--measurement) or set config.poi with"
                        + " --patch");
        assertThat(model("mu").requirePoi("kinvis limit")).isZero();
    }

    @Test
    void oneComponentGammaMayBeThePoi() {
        // pyhf order: normfactor mu, then shapesys gam and gcr (first appearance, channels sorted: CR, SR), staterror
        CompiledModel m = model("gam");
        ParameterTable t = m.parameters();
        assertThat(t.names()).containsExactly("mu", "gcr[0]", "gcr[1]", "gam[0]", "stat_SR[0]");
        assertThat(t.hasPoi()).isTrue();
        assertThat(t.poiSetName()).isEqualTo("gam");
        assertThat(t.poiName()).isEqualTo("gam[0]");
        assertThat(t.poiIndex()).isEqualTo(3);
        assertThat(t.indexOf("gam")).isEqualTo(3); // pyhf's par_slice("gam").start
        assertThat(t.indexOf("gcr")).isEqualTo(-1); // two components: no single index
        ParameterTable s = model("stat_SR").parameters();
        assertThat(s.poiName()).isEqualTo("stat_SR[0]");
        assertThat(s.poiIndex()).isEqualTo(4);
        assertThat(ModifierSemanticsTest.eval(m, t.inits())).containsExactly(ModifierSemanticsTest.eval(model("mu"),
                t.inits()));
    }

    @Test
    void multiComponentAndUnknownPoisAreRefused() {
        assertThatThrownBy(() -> model("gcr")).isInstanceOf(InputException.class)
                .hasMessage("ws.json: measurements['m'].config.poi: parameter of interest 'gcr' has 2 components,"
                        + " expected one (pyhf supports only one-component parameters as POI)");
        assertThatThrownBy(() -> model("muu")).isInstanceOf(InputException.class)
                .hasMessageContaining("'muu' is not declared by any modifier (did you mean 'mu'?)");
    }
}
