package org.kinvis.fit.cli;

import java.util.List;
import org.kinvis.host.input.InputException;
import org.kinvis.host.physics.Scenario;
import picocli.CommandLine.Option;

/** {@code --scenario S} and {@code --set NAME=VALUE}: a physics scenario and its parameter values. */
final class ScenarioOptions {
    @Option(names = "--scenario", paramLabel = "S", description = "Scenario (see kinvis spectrum --list; any case).")
    String scenario;

    @Option(names = "--set", paramLabel = "NAME=VALUE",
            description = "A scenario parameter's value (repeatable): fixed, or where a fit of it starts.")
    List<String> set;

    /** The scenario named (case-insensitive); a missing or unknown name refused. */
    Scenario scenario() {
        if (scenario == null) {
            throw InputException.at("--scenario", "(missing)", "name a scenario (kinvis spectrum --list shows them)");
        }
        return Scenario.byName(scenario);
    }

    /** The scenario's defaults with the --set values, validated. */
    double[] values(Scenario sc) {
        return SpectrumCommand.values(sc, set);
    }
}
