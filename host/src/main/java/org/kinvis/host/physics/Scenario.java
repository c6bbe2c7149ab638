package org.kinvis.host.physics;

import java.util.ArrayList;
import java.util.List;
import org.kinvis.host.input.DidYouMean;
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

    /**
     * The true-bin integrals at {@code values} (those of {@link TrueBinning#integrals} of {@link #spectrum}, to
     * rounding) and, for every parameter j with {@code wanted[j]} ({@code wanted} may be null: none), their
     * derivatives {@code ∂/∂values[j]}. This default differentiates numerically ({@link RichardsonDerivative});
     * the scenarios override it with exact derivatives, differentiated under the Gauss–Legendre sum or in closed
     * form, and say in their Javadoc which (if any) stay numerical. Exact rows may be filled even where not wanted.
     */
    default BinIntegrals binIntegrals(double[] values, TrueBinning bins, boolean[] wanted) {
        double[] v = bins.integrals(spectrum(values));
        return new BinIntegrals(v, numericalRows(new double[values.length][], values, bins, wanted));
    }

    /**
     * Fills the null rows of {@code d} that are {@code wanted} with Richardson-extrapolated differences (used for
     * the parameters without a closed-form derivative), and returns {@code d}.
     */
    default double[][] numericalRows(double[][] d, double[] values, TrueBinning bins, boolean[] wanted) {
        for (int j = 0; j < d.length; j++) {
            if (d[j] == null && wanted != null && wanted[j]) {
                d[j] = RichardsonDerivative.bins(this, values, j, bins);
            }
        }
        return d;
    }

    /** The physics parameters of a point as {@code name=value, …} (form factors only where not at their default). */
    default String describe(double[] values) {
        List<ScenarioParameter> ps = parameters();
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < values.length && i < ps.size(); i++) {
            boolean ff = i >= ps.size() - 8 && !(this instanceof NullScenario);
            if (!ff || values[i] != ps.get(i).defaultValue()) {
                sb.append(sb.isEmpty() ? "" : ", ").append(ps.get(i).name()).append('=').append(values[i]);
            }
        }
        return sb.toString();
    }

    /** The bad-input error for a spectrum, branching ratio or bin integral that is not finite at {@code values}. */
    default InputException notFinite(double[] values, String what) {
        return new InputException("scenario " + name() + " at " + describe(values) + ": " + what
                + " is not finite (a finite value was expected at every point within the parameters' bounds)");
    }

    /** Every scenario, in the order {@code kinvis spectrum --list} prints them. */
    static List<Scenario> all() {
        return List.of(new NullScenario(), new WetScenario(), new WetFlavourScenario(), new SterileScenario(),
                new TwoBodyScenario(TwoBodyScenario.Kind.SCALAR), new TwoBodyScenario(TwoBodyScenario.Kind.ALP),
                new TwoBodyScenario(TwoBodyScenario.Kind.VECTOR), new DarkScalarScenario(), new DarkFermionScenario());
    }

    static Scenario byName(String name) {
        List<String> names = all().stream().map(Scenario::name).toList();
        return all().stream().filter(s -> s.name().equalsIgnoreCase(name)).findFirst().orElseThrow(() ->
                InputException.at("--scenario", name, "unknown scenario" + DidYouMean.hint(name, names)
                        + ", expected one of " + String.join(", ", names)));
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
