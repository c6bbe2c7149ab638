package org.kinvis.fit.sweep;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.SortedMap;
import org.kinvis.fit.minimize.Migrad;
import org.kinvis.host.input.JsonInput;

/**
 * One inference task of a sweep — one line of a tasks file (DESIGN.md, sweeps): an id unique in the sweep, the
 * model ({@link ModelSpec}), the command with its own values ({@link Command}), settings shared by the commands
 * ({@link Settings}) and a seed. The same task gives the same result record on every engine and in any grouping:
 * everything a result depends on is in the task (random numbers from {@link #seed} alone).
 */
public record SweepTask(String id, ModelSpec model, Command command, Settings settings, long seed)
        implements java.io.Serializable {

    /** What to compute on the model: the family pyhf users distribute (fits, hypothesis tests, limits, scans). */
    public sealed interface Command extends java.io.Serializable {
        /** The name in the tasks file. */
        String name();
    }

    /** A maximum-likelihood fit (MIGRAD + HESSE) with the parameters in {@code fix} held at their values. */
    public record Fit(SortedMap<String, Double> fix) implements Command {
        public Fit {
            fix = java.util.Collections.unmodifiableSortedMap(new java.util.TreeMap<>(fix));
        }

        @Override
        public String name() {
            return "fit";
        }
    }

    /**
     * A hypothesis test of POI = {@code mu} with the q̃μ statistic: asymptotic CLs (pyhf's
     * {@code calctype="asymptotics"}), or toy-based with {@code toys} pseudo-experiments per hypothesis
     * ({@code calctype="toybased"}, {@link org.kinvis.fit.inference.ToyCalculator}). A toy test may be chunk
     * {@code chunk} of {@code chunks} (0 of 0: not chunked): the chunks' records carry their toys' statistics,
     * and the engine adds one merged record for the test (id = the chunk ids' prefix before {@code /chunk=}).
     */
    public record Hypotest(double mu, CalcType calctype, int toys, int chunk, int chunks) implements Command {
        @Override
        public String name() {
            return "hypotest";
        }
    }

    /** How a hypothesis test computes its p-values. */
    public enum CalcType {
        ASYMPTOTIC("asymptotic"), TOYBASED("toybased");

        private final String label;

        CalcType(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** Asymptotic CLs upper limits (observed and expected band) on the POI at confidence level {@code cl}. */
    public record Limit(double cl) implements Command {
        @Override
        public String name() {
            return "limit";
        }
    }

    /** One point of a profile-likelihood scan: the POI fixed at {@code value}, every other parameter profiled. */
    public record Scan(double value) implements Command {
        @Override
        public String name() {
            return "scan";
        }
    }

    /**
     * Settings every command takes.
     *
     * @param poi       the parameter tested, limited or scanned (null: the model's POI; for scenarios the first free
     *                  physics parameter)
     * @param poiBounds {lo, hi} of the POI in every fit (null: the parameter's bounds)
     * @param strategy  Minuit strategy 0, 1 or 2
     * @param tolerance Minuit tolerance (EDM goal 0.002 · tolerance)
     */
    public record Settings(String poi, double[] poiBounds, int strategy, double tolerance)
            implements java.io.Serializable {
        public static final Settings DEFAULT = new Settings(null, null, 1, 0.1);

        public Migrad.Options options() {
            return new Migrad.Options(tolerance, strategy, 0, 1.0);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Settings s && java.util.Objects.equals(poi, s.poi)
                    && java.util.Arrays.equals(poiBounds, s.poiBounds) && strategy == s.strategy
                    && Double.compare(tolerance, s.tolerance) == 0;
        }

        @Override
        public int hashCode() {
            return java.util.Objects.hash(poi, java.util.Arrays.hashCode(poiBounds), strategy, tolerance);
        }

        @Override
        public String toString() {
            return "Settings[poi=" + poi + ", poiBounds=" + java.util.Arrays.toString(poiBounds) + ", strategy="
                    + strategy + ", tolerance=" + tolerance + "]";
        }
    }

    /** The task as one line of JSON, fields in a fixed order ({@link TaskReader} reads it back to an equal task). */
    public String toJson() {
        ObjectNode o = JsonInput.mapper().createObjectNode();
        o.put("id", id);
        model.write(o);
        o.put("command", command.name());
        switch (command) {
            case Fit f -> {
                if (!f.fix().isEmpty()) {
                    ObjectNode x = o.putObject("fix");
                    f.fix().forEach(x::put);
                }
            }
            case Hypotest h -> {
                o.put("mu", h.mu());
                o.put("calctype", h.calctype().label());
                if (h.calctype() == CalcType.TOYBASED) {
                    o.put("toys", h.toys());
                }
                if (h.chunks() > 0) {
                    o.put("chunk", h.chunk());
                    o.put("chunks", h.chunks());
                }
            }
            case Limit l -> o.put("cl", l.cl());
            case Scan s -> o.put("value", s.value());
        }
        if (settings.poi() != null) {
            o.put("poi", settings.poi());
        }
        if (settings.poiBounds() != null) {
            o.putArray("poi_bounds").add(settings.poiBounds()[0]).add(settings.poiBounds()[1]);
        }
        o.put("strategy", settings.strategy());
        o.put("tolerance", settings.tolerance());
        o.put("seed", seed);
        return o.toString();
    }
}
