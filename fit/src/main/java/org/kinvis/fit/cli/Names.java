package org.kinvis.fit.cli;

import java.util.Collection;
import java.util.List;
import org.kinvis.host.input.DidYouMean;
import org.kinvis.host.input.InputException;
import org.kinvis.host.model.ParameterTable;
import org.kinvis.host.physics.NullScenario;
import org.kinvis.host.physics.Scenario;
import org.kinvis.host.physics.ScenarioParameter;

/**
 * Checks of the names options give (parameters of the model for {@code --fix}, {@code --poi}, {@code --minos},
 * {@code --params}; physics parameters of a scenario for {@code --set}, {@code --free}, {@code --scan},
 * {@code --limit}, {@code --over}): an unknown name is one error line with the closest known name
 * ({@link DidYouMean}), e.g. {@code --fix: mu_sig=1: unknown parameter 'mu_sig' (did you mean 'mu'?)}.
 */
final class Names {
    private Names() {
    }

    /** The error for {@code name}, unknown among {@code known}, given as {@code arg} of {@code option}. */
    static InputException unknown(String option, String arg, String name, String what, Collection<String> known) {
        return InputException.at(option, arg, "unknown " + what + " '" + name + "'" + DidYouMean.hint(name, known));
    }

    /** Index of the model parameter {@code name} (a flat name such as {@code gamma[2]}); unknown ones refused. */
    static int parameter(ParameterTable t, String option, String arg, String name) {
        int k = t.indexOf(name);
        if (k < 0) {
            throw unknown(option, arg, name, "parameter", t.allNames());
        }
        return k;
    }

    /** The names of the physics parameters of {@code sc} (all but the 8 form-factor parameters of BSZ2015). */
    static List<String> physics(Scenario sc) {
        List<ScenarioParameter> ps = sc.parameters();
        return ps.subList(0, sc instanceof NullScenario ? ps.size() : ps.size() - 8).stream()
                .map(ScenarioParameter::name).toList();
    }

    /**
     * Index of the physics parameter {@code name} of {@code sc}; others refused with the closest name and the
     * list of physics parameters.
     */
    static int physics(Scenario sc, String option, String name) {
        List<String> phys = physics(sc);
        int k = phys.indexOf(name);
        if (k < 0) {
            throw InputException.at(option, name, "not a physics parameter of scenario " + sc.name()
                    + DidYouMean.hint(name, phys) + ", expected one of " + String.join(", ", phys));
        }
        return k;
    }
}
