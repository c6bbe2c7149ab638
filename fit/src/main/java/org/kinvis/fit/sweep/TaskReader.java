package org.kinvis.fit.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import org.kinvis.host.input.DidYouMean;
import org.kinvis.host.input.InputException;
import org.kinvis.host.input.JsonInput;
import org.kinvis.host.model.InterpolationSettings;
import org.kinvis.host.physics.Scenario;
import org.kinvis.host.physics.ScenarioParameter;

/**
 * Reads sweep tasks, one JSON object a line ({@link SweepTask#toJson()} writes the same shape; blank lines and
 * lines starting with {@code #} are skipped). Every field is checked here, before anything runs, and a bad one is
 * an {@link InputException} naming the file, the line and the field: a sweep of thousands of tasks never fails
 * on an executor for a typo. A task without a seed gets {@link Seeds#forTask(long, String)} of the sweep's seed.
 */
public final class TaskReader {
    private static final Set<String> FIELDS = Set.of("id", "workspace", "patches", "measurement", "interp",
            "scenario", "set", "free", "command", "fix", "mu", "calctype", "toys", "chunk", "chunks", "cl", "value",
            "poi", "poi_bounds", "strategy", "tolerance", "seed");
    private static final List<String> COMMANDS = List.of("fit", "hypotest", "limit", "scan");

    private final long sweepSeed;

    /** @param sweepSeed the seed tasks without their own are derived from */
    public TaskReader(long sweepSeed) {
        this.sweepSeed = sweepSeed;
    }

    /** Reads a tasks file. */
    public List<SweepTask> read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new InputException(file + ": no such file");
        } catch (IOException e) {
            throw new InputException(file + ": cannot read: " + e.getMessage());
        }
        List<SweepTask> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            out.add(parse(line, file + ":" + (i + 1)));
        }
        if (out.isEmpty()) {
            throw new InputException(file + ": no tasks (expected one JSON object a line)");
        }
        return out;
    }

    /** Reads one task; {@code where} names it in errors (file:line). */
    public SweepTask parse(String line, String where) {
        JsonInput in = new JsonInput(where);
        JsonNode o = in.object(in.parse(line), "(task)");
        for (Iterator<String> it = o.fieldNames(); it.hasNext();) {
            String f = it.next();
            if (!FIELDS.contains(f)) {
                throw in.error(f, "unknown field" + DidYouMean.hint(f, FIELDS) + "; a task has the fields "
                        + String.join(", ", new java.util.TreeSet<>(FIELDS)));
            }
        }
        String id = in.string(in.field(o, "", "id"), "id");
        if (id.isBlank()) {
            throw in.error("id", "expected a non-empty string");
        }
        String command = in.string(in.field(o, "", "command"), "command");
        if (!COMMANDS.contains(command)) {
            throw in.error("command", "unknown command '" + command + "', expected one of " + String.join(", ",
                    COMMANDS) + DidYouMean.hint(command, COMMANDS));
        }
        ModelSpec model = model(in, o);
        SweepTask.Command cmd = switch (command) {
            case "fit" -> new SweepTask.Fit(numberMap(in, o, "fix"));
            case "hypotest" -> hypotest(in, o);
            case "limit" -> {
                double cl = o.has("cl") ? in.finite(o.get("cl"), "cl") : 0.95;
                if (!(cl > 0 && cl < 1)) {
                    throw in.error("cl", "expected a confidence level in (0, 1), got " + cl);
                }
                yield new SweepTask.Limit(cl);
            }
            default -> new SweepTask.Scan(in.finite(in.field(o, "", "value"), "value"));
        };
        only(in, o, command, "fix", "fit");
        only(in, o, command, "mu", "hypotest");
        only(in, o, command, "calctype", "hypotest");
        only(in, o, command, "toys", "hypotest");
        only(in, o, command, "chunk", "hypotest");
        only(in, o, command, "chunks", "hypotest");
        only(in, o, command, "cl", "limit");
        only(in, o, command, "value", "scan");
        String poi = o.has("poi") ? in.string(o.get("poi"), "poi") : null;
        double[] bounds = null;
        if (o.has("poi_bounds")) {
            bounds = in.finiteArray(o.get("poi_bounds"), "poi_bounds");
            if (bounds.length != 2 || !(bounds[0] < bounds[1])) {
                throw in.error("poi_bounds", "expected [lo, hi] with lo < hi");
            }
        }
        int strategy = o.has("strategy") ? integer(in, o.get("strategy"), "strategy") : 1;
        if (strategy < 0 || strategy > 2) {
            throw in.error("strategy", "expected 0, 1 or 2, got " + strategy);
        }
        double tolerance = o.has("tolerance") ? in.finite(o.get("tolerance"), "tolerance") : 0.1;
        if (!(tolerance > 0)) {
            throw in.error("tolerance", "expected a positive number, got " + tolerance);
        }
        if (model instanceof ModelSpec.Scenario s && !(cmd instanceof SweepTask.Fit) && poi != null
                && !s.free().contains(poi)) {
            throw in.error("poi", "'" + poi + "' is not among the free physics parameters " + s.free());
        }
        long seed = o.has("seed") ? longValue(in, o.get("seed"), "seed") : Seeds.forTask(sweepSeed, id);
        return new SweepTask(id, model, cmd, new SweepTask.Settings(poi, bounds, strategy, tolerance), seed);
    }

    private static SweepTask.Hypotest hypotest(JsonInput in, JsonNode o) {
        double mu = in.finite(in.field(o, "", "mu"), "mu");
        String ct = o.has("calctype") ? in.string(o.get("calctype"), "calctype") : "asymptotic";
        SweepTask.CalcType calctype = switch (ct) {
            case "asymptotic", "asymptotics" -> SweepTask.CalcType.ASYMPTOTIC;
            case "toybased" -> SweepTask.CalcType.TOYBASED;
            default -> throw in.error("calctype", "expected asymptotic or toybased, got '" + ct + "'");
        };
        int toys = 0;
        if (calctype == SweepTask.CalcType.TOYBASED) {
            toys = integer(in, in.field(o, "", "toys"), "toys");
            if (toys < 1) {
                throw in.error("toys", "expected at least 1 toy, got " + toys);
            }
        } else if (o.has("toys") || o.has("chunks")) {
            throw in.error(o.has("toys") ? "toys" : "chunks", "only with \"calctype\": \"toybased\"");
        }
        int chunk = 0;
        int chunks = 0;
        if (o.has("chunks") != o.has("chunk")) {
            throw in.error(o.has("chunk") ? "chunks" : "chunk", "missing: \"chunk\" and \"chunks\" go together");
        }
        if (o.has("chunks")) {
            chunks = integer(in, o.get("chunks"), "chunks");
            chunk = integer(in, o.get("chunk"), "chunk");
            if (chunks < 1 || chunk < 0 || chunk >= chunks) {
                throw in.error("chunk", "expected 0 ≤ chunk < chunks, got " + chunk + " of " + chunks);
            }
            if (!o.get("id").asText().endsWith("/chunk=" + chunk)) {
                throw in.error("id", "a chunk's id ends in /chunk=" + chunk + " (the merged test takes the part"
                        + " before it)");
            }
        }
        return new SweepTask.Hypotest(mu, calctype, toys, chunk, chunks);
    }

    private static ModelSpec model(JsonInput in, JsonNode o) {
        String workspace = o.has("workspace") ? in.string(o.get("workspace"), "workspace") : null;
        String interp = o.has("interp") ? in.string(o.get("interp"), "interp") : null;
        if (interp != null) {
            try {
                InterpolationSettings.parse(interp);
            } catch (InputException e) {
                throw in.error("interp", e.getMessage());
            }
        }
        if (!o.has("scenario")) {
            for (String f : List.of("set", "free")) {
                if (o.has(f)) {
                    throw in.error(f, "only with \"scenario\"");
                }
            }
            List<String> patches = new ArrayList<>();
            if (o.has("patches")) {
                JsonNode a = in.array(o.get("patches"), "patches");
                for (int i = 0; i < a.size(); i++) {
                    patches.add(in.string(a.get(i), "patches[" + i + "]"));
                }
            }
            String measurement = o.has("measurement") ? in.string(o.get("measurement"), "measurement") : null;
            return new ModelSpec.Workspace(workspace, patches, measurement, interp);
        }
        for (String f : List.of("patches", "measurement")) {
            if (o.has(f)) {
                throw in.error(f, "not with \"scenario\" (a scenario reweights the Belle II workspace)");
            }
        }
        String name = in.string(o.get("scenario"), "scenario");
        Scenario sc;
        try {
            sc = Scenario.byName(name);
        } catch (InputException e) {
            throw in.error("scenario", e.getMessage());
        }
        int nPhys = sc.parameters().size() - 8;
        SortedMap<String, Double> set = numberMap(in, o, "set");
        for (var e : set.entrySet()) {
            int k = sc.indexOf(e.getKey());
            if (k < 0) {
                throw in.error("set." + e.getKey(), "not a parameter of scenario " + name + ", expected one of "
                        + String.join(", ", sc.parameters().stream().map(ScenarioParameter::name).toList()));
            }
            ScenarioParameter p = sc.parameters().get(k);
            if (e.getValue() < p.lower() || e.getValue() > p.upper()) {
                throw in.error("set." + e.getKey(), "expected a value in [" + p.lower() + ", " + p.upper() + "]");
            }
        }
        List<String> free = new ArrayList<>();
        if (o.has("free")) {
            JsonNode a = in.array(o.get("free"), "free");
            for (int i = 0; i < a.size(); i++) {
                String f = in.string(a.get(i), "free[" + i + "]");
                int k = sc.indexOf(f);
                if (k < 0 || k >= nPhys) {
                    throw in.error("free[" + i + "]", "'" + f + "' is not a physics parameter of scenario " + name);
                }
                free.add(f);
            }
        } else if (o.has("poi")) {
            free.add(in.string(o.get("poi"), "poi"));
        } else {
            throw in.error("free", "a scenario task names its free physics parameters (\"free\") or its \"poi\"");
        }
        return new ModelSpec.Scenario(name, set, free, workspace, interp);
    }

    private static void only(JsonInput in, JsonNode o, String command, String field, String owner) {
        if (o.has(field) && !command.equals(owner)) {
            throw in.error(field, "only with \"command\": \"" + owner + "\"");
        }
    }

    private static SortedMap<String, Double> numberMap(JsonInput in, JsonNode o, String field) {
        SortedMap<String, Double> out = new TreeMap<>();
        if (!o.has(field)) {
            return out;
        }
        JsonNode m = in.object(o.get(field), field);
        for (Iterator<String> it = m.fieldNames(); it.hasNext();) {
            String k = it.next();
            out.put(k, in.finite(m.get(k), field + "." + k));
        }
        return out;
    }

    private static int integer(JsonInput in, JsonNode n, String path) {
        if (n == null || !n.canConvertToInt() || !n.isIntegralNumber()) {
            throw in.error(path, "expected an integer, got " + JsonInput.describe(n));
        }
        return n.intValue();
    }

    private static long longValue(JsonInput in, JsonNode n, String path) {
        if (n == null || !n.isIntegralNumber() || !n.canConvertToLong()) {
            throw in.error(path, "expected an integer, got " + JsonInput.describe(n));
        }
        return n.longValue();
    }
}
