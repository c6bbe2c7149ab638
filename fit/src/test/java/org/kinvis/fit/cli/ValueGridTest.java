package org.kinvis.fit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.kinvis.host.TestData;
import org.kinvis.host.input.InputException;

/** The shared {@code A:B:N} parser: numpy-linspace values, a message per broken part, a bound on the fits. */
class ValueGridTest {
    @Test
    void valuesIncludeBothEnds() {
        assertThat(ValueGrid.parse("--values", "0:10:6").values()).containsExactly(0, 2, 4, 6, 8, 10);
        assertThat(ValueGrid.parse("--values", "3:3:1").values()).containsExactly(3);
        assertThat(ValueGrid.parse("--values", "0.1:0.3:3").values()[2]).isEqualTo(0.3);
        assertThat(ValueGrid.parse("--values", "5:-5:3").values()).containsExactly(5, 0, -5);
    }

    @Test
    void eachBrokenPartHasItsMessage() {
        String[][] cases = {
            {"0:10:1", "--values: 0:10:1: N = 1 is a single value, so A and B must be equal (e.g. 0:0:1); for values"
                    + " from 0 to 10 use N ≥ 2, e.g. 0:10:11"},
            {"0:10", "expected A:B:N, got 2 parts"},
            {"a:1:3", "A = 'a' is not a number"},
            {"0:1e999:3", "B = 1e999 is not finite"},
            {"0:1:2.5", "N = '2.5' is not a whole number"},
            {"0:1:0", "N = 0: expected at least 1 value"},
            {"2:2:4", "A = B = 2 with N = 4 is 4 copies of one value"},
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> ValueGrid.parse("--values", c[0])).isInstanceOf(InputException.class)
                    .hasMessageContaining(c[1]);
        }
    }

    @Test
    void largeGridsNeedForce() {
        ValueGrid huge = ValueGrid.parse("--values", "0:10:100000000");
        assertThatThrownBy(() -> ValueGrid.requireAffordable(false, huge)).hasMessage("--values: 0:10:100000000: would"
                + " run 100000000 fits, more than the 10000 allowed without --force; use fewer values or add --force");
        ValueGrid.requireAffordable(true, huge);
        ValueGrid g = ValueGrid.parse("--values", "0:1:200");
        assertThatThrownBy(() -> ValueGrid.requireAffordable(false, g, ValueGrid.parse("--values2", "0:1:51")))
                .hasMessageContaining("would run 200 × 51 = 10200 fits");
        assertThatThrownBy(() -> ValueGrid.requireAffordable(true, ValueGrid.parse("--values", "0:1:3000000000")))
                .hasMessageContaining("more values than fit in memory");
    }

    @Test
    void commandsRefuseBeforeComputing() {
        long t0 = System.nanoTime();
        EvalCommandTest.Run huge = EvalCommandTest.run("scan", "--workspace", TestData.workspace().toString(),
                "--values", "0:10:100000000");
        assertThat(huge.code()).isEqualTo(2);
        assertThat(huge.err()).contains("would run 100000000 fits").contains("--force");
        EvalCommandTest.Run one = EvalCommandTest.run("scan", "--values", "0:10:1");
        assertThat(one.err()).contains("N = 1 is a single value");
        EvalCommandTest.Run mass = EvalCommandTest.run("reinterpret", "--scenario", "scalar", "--scan", "mass",
                "--values", "0.5:10:3");
        assertThat(mass.code()).isEqualTo(2);
        assertThat(mass.err()).startsWith("kinvis: error: --values: 0.5:10:3: 10 lies outside the allowed range [0,");
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(10);
    }
}
