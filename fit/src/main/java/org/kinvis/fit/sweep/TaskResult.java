package org.kinvis.fit.sweep;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.EnumMap;
import java.util.Map;
import org.kinvis.host.input.JsonInput;

/**
 * The result record of one task: one line of JSON with the columns of {@link Column} in their order, those that
 * do not apply to the command left out (DESIGN.md, sweeps). A number that is not finite (a limit not reached
 * within the POI bounds) is written as null. The line depends on the task alone — no timings, no host names —
 * so every engine writes the same line for the same task.
 *
 * @param id        the task's id
 * @param failed    the task could not run (its {@code error} column says why)
 * @param converged every fit behind the result is valid (false when failed)
 * @param json      the record as one line of JSON
 */
public record TaskResult(String id, boolean failed, boolean converged, String json) {

    /** A column's type, for columnar outputs (Parquet on the Spark engine). */
    public enum Type {
        STRING, LONG, INT, DOUBLE, BOOLEAN, DOUBLE_ARRAY
    }

    /** The columns of a result record, in their order. */
    public enum Column {
        ID("id", Type.STRING),
        COMMAND("command", Type.STRING),
        MODEL("model", Type.STRING),
        SEED("seed", Type.LONG),
        CONVERGED("converged", Type.BOOLEAN),
        ERROR("error", Type.STRING),
        STATUS("status", Type.STRING),
        POI("poi", Type.STRING),
        MU("mu", Type.DOUBLE),
        VALUE("value", Type.DOUBLE),
        CALCTYPE("calctype", Type.STRING),
        TOYS("toys", Type.INT),
        CHUNK("chunk", Type.INT),
        CHUNKS("chunks", Type.INT),
        PARENT("parent", Type.STRING),
        CLS("cls", Type.DOUBLE),
        CLSB("clsb", Type.DOUBLE),
        CLB("clb", Type.DOUBLE),
        CLS_ERROR("cls_error", Type.DOUBLE),
        CLSB_ERROR("clsb_error", Type.DOUBLE),
        CLB_ERROR("clb_error", Type.DOUBLE),
        TOYS_FAILED("toys_failed", Type.INT),
        QMU("qmu", Type.DOUBLE),
        QMU_A("qmu_a", Type.DOUBLE),
        EXPECTED_CLS("expected_cls", Type.DOUBLE_ARRAY),
        CL("cl", Type.DOUBLE),
        OBSERVED_LIMIT("observed_limit", Type.DOUBLE),
        EXPECTED_LIMITS("expected_limits", Type.DOUBLE_ARRAY),
        TWICE_NLL("twice_nll", Type.DOUBLE),
        DELTA_TWICE_NLL("delta_twice_nll", Type.DOUBLE),
        POI_HAT("poi_hat", Type.DOUBLE),
        POI_ERROR("poi_error", Type.DOUBLE),
        BEST_TWICE_NLL("best_twice_nll", Type.DOUBLE),
        EDM("edm", Type.DOUBLE),
        NFCN("nfcn", Type.LONG),
        TOYS_SIGNAL("toys_signal", Type.DOUBLE_ARRAY),
        TOYS_BACKGROUND("toys_background", Type.DOUBLE_ARRAY);

        private final String key;
        private final Type type;

        Column(String key, Type type) {
            this.key = key;
            this.type = type;
        }

        public String key() {
            return key;
        }

        public Type type() {
            return type;
        }
    }

    /** Collects a record's columns. */
    public static final class Builder {
        private final Map<Column, Object> values = new EnumMap<>(Column.class);
        private final String id;

        Builder(String id, String command, String model) {
            this.id = id;
            put(Column.ID, id);
            put(Column.COMMAND, command);
            put(Column.MODEL, model);
        }

        /** Sets a column; the value's Java type must match the column's type. */
        public Builder put(Column c, Object v) {
            boolean ok = switch (c.type()) {
                case STRING -> v instanceof String;
                case LONG -> v instanceof Long;
                case INT -> v instanceof Integer;
                case DOUBLE -> v instanceof Double;
                case BOOLEAN -> v instanceof Boolean;
                case DOUBLE_ARRAY -> v instanceof double[];
            };
            if (!ok) {
                throw new IllegalArgumentException("column " + c.key() + " takes " + c.type() + ", got " + v);
            }
            values.put(c, v);
            return this;
        }

        /** A result with the columns set so far and the validity of the fits behind it. */
        public TaskResult converged(boolean converged) {
            put(Column.CONVERGED, converged);
            return new TaskResult(id, false, converged, line());
        }

        /** A task that could not run: {@code message} in the error column. */
        public TaskResult failed(String message) {
            put(Column.CONVERGED, false);
            put(Column.ERROR, message == null ? "(no message)" : message);
            return new TaskResult(id, true, false, line());
        }

        private String line() {
            ObjectNode o = JsonInput.mapper().createObjectNode();
            for (Map.Entry<Column, Object> e : values.entrySet()) {
                String k = e.getKey().key();
                switch (e.getValue()) {
                    case String s -> o.put(k, s);
                    case Long l -> o.put(k, l);
                    case Integer i -> o.put(k, i);
                    case Boolean b -> o.put(k, b);
                    case Double d -> {
                        if (Double.isFinite(d)) {
                            o.put(k, d);
                        } else {
                            o.putNull(k);
                        }
                    }
                    case double[] a -> {
                        ArrayNode arr = o.putArray(k);
                        for (double d : a) {
                            if (Double.isFinite(d)) {
                                arr.add(d);
                            } else {
                                arr.addNull();
                            }
                        }
                    }
                    default -> throw new IllegalStateException("unexpected value " + e.getValue());
                }
            }
            return o.toString();
        }
    }

    /** A record read back from its JSON line (id, failed, converged; the line kept as it is). */
    public static TaskResult parse(String json) {
        com.fasterxml.jackson.databind.JsonNode o = new JsonInput("result record").parse(json);
        return new TaskResult(o.get(Column.ID.key()).asText(), o.hasNonNull(Column.ERROR.key()),
                o.get(Column.CONVERGED.key()).asBoolean(), json);
    }

    /** A builder for {@code task}'s record, with its id, command, model and seed set. */
    public static Builder of(SweepTask task) {
        return new Builder(task.id(), task.command().name(), task.model().label()).put(Column.SEED, task.seed());
    }

    /** A builder for a record that no single task has (the merged record of toy chunks). */
    public static Builder of(String id, String command, String model) {
        return new Builder(id, command, model);
    }
}
