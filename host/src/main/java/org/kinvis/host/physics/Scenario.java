package org.kinvis.host.physics;

import java.util.ArrayList;
import java.util.List;
import org.kinvis.host.input.InputException;

/**
 * A new-physics (or SM) explanation of B⁺ → K⁺ + invisible: its parameters and its q² spectrum. The family is
 * closed; {@link #byName} knows every member by its command-line name. Every scenario except {@code null} also
 * takes the 8 BSZ2015 form-factor parameters (defaults: the PHYSICS.md §1.1 prior centrals).
 */
public sealed interface Scenario permits NullScenario, WetScenario, WetFlavourScenario, SterileScenario, TwoBodyScenario,
        DarkScalarScenario, DarkFermionScenario {

    String name();

    String description();

    /** The paper or code each formula follows. */
    String source();

    List<ScenarioParameter> parameters();

    /** The spectrum at {@code values} (in {@link #parameters()} order), which must lie within the ranges. */
    Spectrum spectrum(double[] values);

    /** Every scenario, in the order {@code kinvis spectrum --list} prints them. */
    static List<Scenario> all() {
        return List.of(new NullScenario(), new WetScenario(), new WetFlavourScenario(), new SterileScenario(),
                new TwoBodyScenario(TwoBodyScenario.Kind.SCALAR), new TwoBodyScenario(TwoBodyScenario.Kind.ALP),
                new TwoBodyScenario(TwoBodyScenario.Kind.VECTOR), new DarkScalarScenario(), new DarkFermionScenario());
    }

    static Scenario byName(String name) {
        return all().stream().filter(s -> s.name().equals(name)).findFirst().orElseThrow(() -> InputException.at(
                "--scenario", name, "unknown scenario, expected one of "
                        + String.join(", ", all().stream().map(Scenario::name).toList())));
    }

    /** Default values of {@link #parameters()}. */
    default double[] defaults() {
        return parameters().stream().mapToDouble(ScenarioParameter::defaultValue).toArray();
    }

    /** Index of a parameter by name, or −1. */
    default int indexOf(String parameter) {
        List<ScenarioParameter> ps = parameters();
        for (int i = 0; i < ps.size(); i++) {
            if (ps.get(i).name().equals(parameter)) {
                return i;
            }
        }
        return -1;
    }

    /** Checks that the values are finite and in range; errors name the parameter as {@code --set name}. */
    default void validate(double[] values) {
        List<ScenarioParameter> ps = parameters();
        if (values.length != ps.size()) {
            throw new IllegalArgumentException(name() + " takes " + ps.size() + " parameters, got " + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            ScenarioParameter p = ps.get(i);
            if (!Double.isFinite(values[i]) || values[i] < p.lower() || values[i] > p.upper()) {
                throw InputException.at("--set", p.name() + "=" + values[i], "expected a value in [" + p.lower()
                        + ", " + p.upper() + "]" + (p.unit().isEmpty() ? "" : " " + p.unit()) + " for scenario "
                        + name());
            }
        }
    }

    /** The 8 BSZ2015 form-factor parameters, appended to every BSM scenario. */
    static List<ScenarioParameter> formFactorParameters() {
        List<ScenarioParameter> out = new ArrayList<>();
        double[] c = FormFactorsBsz2015.priorCentral().alpha();
        for (int i = 0; i < 8; i++) {
            out.add(new ScenarioParameter(FormFactorsBsz2015.SHORT_NAMES.get(i), c[i], c[i] - 3, c[i] + 3, "",
                    "BSZ2015 " + FormFactorsBsz2015.NAMES.get(i)));
        }
        return out;
    }

    /** The form factors from the last 8 values. */
    static FormFactorsBsz2015 formFactors(double[] values) {
        return new FormFactorsBsz2015(java.util.Arrays.copyOfRange(values, values.length - 8, values.length));
    }

    /** Parameters followed by the form-factor parameters. */
    static List<ScenarioParameter> withFormFactors(List<ScenarioParameter> own) {
        List<ScenarioParameter> out = new ArrayList<>(own);
        out.addAll(formFactorParameters());
        return List.copyOf(out);
    }
}
