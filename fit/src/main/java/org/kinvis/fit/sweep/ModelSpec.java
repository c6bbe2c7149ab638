package org.kinvis.fit.sweep;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import org.kinvis.host.input.JsonInput;

/**
 * The model a sweep task runs on: a pyhf workspace with optional patches, or the Belle II likelihood
 * reinterpreted for a physics scenario ({@link org.kinvis.host.reweight.Reinterpretation}). Tasks with equal
 * {@link #key()} share one compiled model: a sweep engine groups them so that the model is compiled once per
 * group. Files are named as the task names them (paths on the machine that reads the tasks); the engines ship
 * their contents to where the tasks run ({@link SweepInputs}).
 */
public sealed interface ModelSpec extends java.io.Serializable {

    /** Canonical JSON of the model's fields (as {@link #write} writes them): equal keys, equal models. */
    default String key() {
        ObjectNode o = JsonInput.mapper().createObjectNode();
        write(o);
        return o.toString();
    }

    /** A short human-readable name for result records and messages. */
    String label();

    /** Writes the model's fields into a task's JSON object. */
    void write(ObjectNode task);

    /** The workspace file (null for the data folder's Belle II workspace). */
    String workspace();

    /**
     * A pyhf workspace, patched in order by {@code patches} ({@code FILE[:NAME]} as {@code --patch} takes them),
     * compiled for {@code measurement} (null: the first) with interpolation codes {@code interp} (null: pyhf's
     * default).
     */
    record Workspace(String workspace, List<String> patches, String measurement, String interp) implements ModelSpec {
        public Workspace {
            patches = List.copyOf(patches);
        }

        @Override
        public String label() {
            StringBuilder sb = new StringBuilder(workspace == null ? "(Belle II)" : fileName(workspace));
            for (String p : patches) {
                sb.append(" + ").append(fileName(p));
            }
            return sb.toString();
        }

        @Override
        public void write(ObjectNode task) {
            if (workspace != null) {
                task.put("workspace", workspace);
            }
            if (!patches.isEmpty()) {
                var a = task.putArray("patches");
                patches.forEach(a::add);
            }
            if (measurement != null) {
                task.put("measurement", measurement);
            }
            if (interp != null) {
                task.put("interp", interp);
            }
        }
    }

    /**
     * A physics scenario on the Belle II likelihood: scenario parameters at their defaults overridden by
     * {@code set}, the physics parameters in {@code free} left free (the others fixed at their value), the
     * workspace (null: the data folder's) with interpolation codes {@code interp}.
     */
    record Scenario(String scenario, SortedMap<String, Double> set, List<String> free, String workspace,
            String interp) implements ModelSpec {
        public Scenario {
            set = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(set));
            free = List.copyOf(new java.util.TreeSet<>(free));
        }

        @Override
        public String label() {
            StringBuilder sb = new StringBuilder("scenario ").append(scenario);
            for (Map.Entry<String, Double> e : set.entrySet()) {
                sb.append(' ').append(e.getKey()).append('=').append(e.getValue());
            }
            sb.append(" free=").append(String.join(",", free));
            return sb.toString();
        }

        @Override
        public void write(ObjectNode task) {
            task.put("scenario", scenario);
            if (!set.isEmpty()) {
                ObjectNode s = task.putObject("set");
                set.forEach(s::put);
            }
            var a = task.putArray("free");
            free.forEach(a::add);
            if (workspace != null) {
                task.put("workspace", workspace);
            }
            if (interp != null) {
                task.put("interp", interp);
            }
        }
    }

    private static String fileName(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? path : path.substring(slash + 1);
    }
}
