package org.kinvis.host.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.kinvis.host.input.InputException;

/** {@code --init NAME=V} and {@code --bounds NAME=LO:HI} on the model's parameter table. */
class ParameterOverridesTest {
    static ParameterTable table() {
        return PoiSemanticsTest.model("mu").parameters(); // mu, gcr[0], gcr[1], gam[0], stat_SR[0]
    }

    static ParameterTable apply(List<String> inits, List<String> bounds) {
        return ParameterOverrides.parse(inits, bounds).apply(table());
    }

    @Test
    void flatAndSetNamesInOrder() {
        ParameterTable t = apply(List.of("mu=2.5", "gcr=1.1", "gcr[1]=0.9", "gam=1.2"), List.of("mu=-1:4"));
        assertThat(t.inits()).containsExactly(2.5, 1.1, 0.9, 1.2, 1.0);
        assertThat(t.lowerBounds()).containsExactly(-1, 1e-10, 1e-10, 1e-10, 1e-10);
        assertThat(t.upperBounds()).containsExactly(4, 10, 10, 10, 10);
        assertThat(t.poiName()).isEqualTo("mu");
        // the measurement's model is untouched
        assertThat(table().inits()).containsExactly(1, 1, 1, 1, 1);
        CompiledModel m = PoiSemanticsTest.model("mu");
        assertThat(m.withParameters(t).parameters().inits()[0]).isEqualTo(2.5);
        assertThat(m.withParameters(t).layout()).isSameAs(m.layout());
    }

    @Test
    void errorsNameTheOptionAndTheFix() {
        assertThatThrownBy(() -> apply(List.of("muu=2"), List.of())).isInstanceOf(InputException.class)
                .hasMessage("--init: muu=2: unknown parameter 'muu' (did you mean 'mu'?)");
        assertThatThrownBy(() -> apply(List.of(), List.of("gam[1]=0:3")))
                .hasMessageContaining("unknown parameter 'gam[1]' (did you mean 'gam[0]'?)");
        assertThatThrownBy(() -> apply(List.of(), List.of("mu=3:1")))
                .hasMessage("--bounds: mu=3:1: expected LO < HI, got 3 ≥ 1");
        assertThatThrownBy(() -> apply(List.of("mu=20"), List.of()))
                .hasMessage("--init: mu=20: the initial value 20 of mu is outside its bounds [0, 10]");
        assertThatThrownBy(() -> apply(List.of(), List.of("mu=2:3")))
                .hasMessage("--bounds: mu=2:3: the initial value 1 of mu is outside its bounds [2, 3]; give --init"
                        + " too");
        assertThat(apply(List.of("mu=2.5"), List.of("mu=2:3")).inits()[0]).isEqualTo(2.5);
        assertThatThrownBy(() -> apply(List.of("mu"), List.of())).hasMessage("--init: mu: expected NAME=VALUE");
        assertThatThrownBy(() -> apply(List.of("mu=x"), List.of())).hasMessageContaining("'x' is not a finite number");
        assertThatThrownBy(() -> apply(List.of(), List.of("mu=1"))).hasMessage("--bounds: mu=1: expected NAME=LO:HI");
        assertThatThrownBy(() -> apply(List.of("mu=NaN"), List.of())).hasMessageContaining("not a finite number");
    }
}
