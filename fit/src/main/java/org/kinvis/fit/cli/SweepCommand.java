package org.kinvis.fit.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.kinvis.fit.sweep.BackendSpec;
import org.kinvis.fit.sweep.SignalPatchSet;
import org.kinvis.fit.sweep.SweepEngine;
import org.kinvis.fit.sweep.SweepExpansion;
import org.kinvis.fit.sweep.SweepInputs;
import org.kinvis.fit.sweep.SweepSummary;
import org.kinvis.fit.sweep.SweepTask;
import org.kinvis.fit.sweep.TaskReader;
import org.kinvis.host.input.InputException;
import org.kinvis.host.input.JsonInput;
import org.kinvis.host.physics.Scenario;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code kinvis sweep}: many inference tasks — a tasks file, or the common sweeps expanded from options — run
 * in-process on all cores ({@code --engine local}) or on Apache Spark ({@code --engine spark}, with the
 * {@code kinvis-spark} module on the class path), one result record per task.
 */
@Command(name = "sweep", mixinStandardHelpOptions = true, subcommands = SweepCommand.SignalPatchSetCommand.class,
        description = {"Run many inference tasks (fits, hypothesis tests, limits, scan points): a tasks file with one"
                + " JSON task a line, or --patchset / --over / --mu sweeps; in-process on all cores or on Apache"
                + " Spark. Writes one JSON record per task.",
            "Exit 0 when every task ran and converged, 1 when some did not (their records say so), 2 for bad input."})
final class SweepCommand implements Callable<Integer> {
    @Parameters(index = "0", arity = "0..1", paramLabel = "TASKS", description = "Tasks file (JSON lines).")
    Path tasksFile;

    @Option(names = "--patchset", paramLabel = "FILE", description = "One task (per point) for every patch of a"
            + " HEPData patchset, applied to --workspace.")
    String patchset;

    @Option(names = "--workspace", paramLabel = "W", description = "Workspace of the expanded tasks (default: the"
            + " Belle II one in the data folder).")
    String workspace;

    @Option(names = "--patch", paramLabel = "FILE[:NAME]", description = "Patch applied to every expanded task's"
            + " workspace, before the patchset's (repeatable).")
    List<String> patches;

    @Option(names = "--measurement", paramLabel = "NAME", description = "Measurement of the expanded tasks.")
    String measurement;

    @Option(names = "--interp", paramLabel = "SPEC", description = "Interpolation codes of the expanded tasks.")
    String interp;

    /** Expanded tasks on this physics scenario, at these parameter values. */
    @Mixin
    ScenarioOptions scenarioOptions;

    @Option(names = "--free", paramLabel = "NAME", split = ",", description = "Free physics parameters of the"
            + " scenario (default: the tested one, --poi).")
    List<String> free;

    @Option(names = "--command", paramLabel = "C", defaultValue = "hypotest",
            description = "fit, hypotest (default), limit or scan, for the expanded tasks.")
    String command;

    @Option(names = "--mu", paramLabel = "V", split = ",", description = "Points of the tested parameter (hypotest,"
            + " scan).")
    List<Double> mus;

    @Option(names = "--over", paramLabel = "P", description = "A scenario parameter (one model per --values) or the"
            + " tested parameter (one point per --values).")
    String over;

    @Option(names = "--values", paramLabel = "A:B:N", description = "Values of --over.")
    String values;

    @Option(names = "--cl", paramLabel = "CL", description = "Confidence level of limits (default 0.95).")
    Double cl;

    /** --fix (fit tasks only), --strategy, --tolerance of the expanded tasks. */
    @Mixin
    FitOptions fitOptions;

    @Option(names = "--poi", paramLabel = "P", description = "Tested parameter (default: the model's POI).")
    String poi;

    @Option(names = "--poi-bounds", paramLabel = "LO:HI", description = "POI range of the fits.")
    String poiBounds;

    @Option(names = "--toys", paramLabel = "N", description = "Toy-based hypothesis tests with N toys per"
            + " hypothesis.")
    Integer toys;

    @Option(names = "--chunks", paramLabel = "K", description = "Split each toy test into K tasks (chunk k seeded"
            + " from the test's seed and k); the sweep adds the merged record of each test.")
    Integer chunks;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "20261125",
            description = "Sweep seed: a task without its own seed gets one derived from it and its id.")
    long seed;

    @Option(names = "--tasks-out", paramLabel = "FILE", description = "Write the tasks (JSON lines) and stop.")
    Path tasksOut;

    @Option(names = "--data", paramLabel = "DIR", description = "Belle II data folder (default: data/belle2, else"
            + " $KINVIS_DATA).")
    Path data;

    @Mixin
    SweepEngineOptions run;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        BackendSpec workers = run.backend();
        Path dataDir = CommonOptions.resolveDataDir(data);
        List<SweepTask> tasks = tasks();
        if (tasksOut != null) {
            StringBuilder sb = new StringBuilder();
            tasks.forEach(t -> sb.append(t.toJson()).append('\n'));
            Output.writeAtomically("--tasks-out", tasksOut, sb.toString());
            spec.commandLine().getErr().println("kinvis: sweep: wrote " + tasks.size() + " tasks to " + tasksOut);
            return 0;
        }
        SweepEngine e = run.engine();
        SweepInputs.local(dataDir, tasks).check(tasks);
        SweepSummary s = e.run(run.job(tasks, dataDir, workers), spec.commandLine().getOut(),
                spec.commandLine().getErr());
        spec.commandLine().getErr().println(s.line());
        return s.exitCode();
    }

    private List<SweepTask> tasks() {
        String scenario = scenarioOptions.scenario;
        List<String> set = scenarioOptions.set;
        boolean expanded = patchset != null || scenario != null || mus != null || over != null;
        if (tasksFile != null) {
            if (expanded || workspace != null || patches != null) {
                throw InputException.at("TASKS", tasksFile.toString(), "a tasks file says everything itself; not"
                        + " with --patchset, --workspace, --patch, --scenario, --mu or --over");
            }
            return new TaskReader(seed).read(tasksFile);
        }
        if (!expanded && !command.equals("fit") && !command.equals("limit")) {
            throw InputException.at("TASKS", "(missing)", "give a tasks file, or a sweep: --patchset FILE, --scenario"
                    + " S --over P --values A:B:N, or --mu V,...");
        }
        if (!List.of("fit", "hypotest", "limit", "scan").contains(command)) {
            throw InputException.at("--command", command, "expected fit, hypotest, limit or scan");
        }
        if ((over == null) != (values == null)) {
            throw InputException.at(over == null ? "--values" : "--over", over == null ? values : over,
                    "--over and --values go together");
        }
        Map<String, Double> setValues = new LinkedHashMap<>();
        if (scenario != null) {
            Scenario sc = scenarioOptions.scenario();
            double[] v = scenarioOptions.values(sc);
            for (String s : set == null ? List.<String>of() : set) {
                String name = s.split("=", 2)[0].trim();
                setValues.put(name, v[sc.indexOf(name)]);
            }
        } else if (set != null || free != null) {
            throw InputException.at(set != null ? "--set" : "--free", "", "only with --scenario");
        }
        return new SweepExpansion(workspace, patches == null ? List.of() : patches, patchset, measurement, interp,
                scenario, setValues, free, command, mus == null ? null : mus.stream().mapToDouble(Double::doubleValue)
                        .toArray(), over, values == null ? null : ValueGrid.parse("--values", values).values(), cl,
                fixed(), poi, poiBounds == null ? null : CalculatorOptions.range("--poi-bounds", poiBounds),
                fitOptions.strategy, fitOptions.tolerance, toys, chunks).tasks(seed);
    }

    private Map<String, Double> fixed() {
        fitOptions.options(); // --strategy and --tolerance checked
        Map<String, Double> m = fitOptions.assignments();
        if (!m.isEmpty() && !command.equals("fit")) {
            throw InputException.at("--fix", String.join(",", fitOptions.fix), "only with --command fit");
        }
        return m;
    }

    /** {@code kinvis sweep signal-patchset}: a patchset of Belle II signal variants over a scenario parameter. */
    @Command(name = "signal-patchset", mixinStandardHelpOptions = true,
            description = "Write a HEPData-style patchset of Belle II signal variants: one patch per value of a"
                    + " scenario parameter, replacing the signal histograms by the scenario's (sweep it with"
                    + " kinvis sweep --patchset).")
    static final class SignalPatchSetCommand implements Callable<Integer> {
        @Option(names = "--scenario", paramLabel = "S", required = true, description = "Scenario.")
        String scenario;

        @Option(names = "--set", paramLabel = "NAME=VALUE", description = "Scenario parameter value (repeatable).")
        List<String> set;

        @Option(names = "--over", paramLabel = "P", required = true, description = "The parameter the patches vary.")
        String over;

        @Option(names = "--values", paramLabel = "A:B:N", required = true, description = "Its values.")
        String values;

        @Option(names = "--workspace", paramLabel = "W", description = "Workspace (default: the Belle II one).")
        Path workspace;

        @Option(names = "--data", paramLabel = "DIR", description = "Belle II data folder.")
        Path data;

        @Option(names = {"--output", "--out"}, paramLabel = "FILE", required = true, description = "Patchset file.")
        Path output;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            Path dataDir = CommonOptions.resolveDataDir(data);
            Scenario sc = Scenario.byName(scenario);
            double[] v = SpectrumCommand.values(sc, set);
            double[] grid = ValueGrid.parse("--values", values).values();
            Path ws = workspace != null ? workspace : dataDir.resolve("combined_likelihood.json");
            var set = SignalPatchSet.build(ws, dataDir, sc, v, over, grid);
            Output.writeAtomically(output, Output.json(set));
            spec.commandLine().getErr().println("kinvis: wrote " + grid.length + " patches to " + output);
            return 0;
        }
    }
}
