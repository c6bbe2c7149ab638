package org.kinvis.fit.sweep;

import java.io.PrintWriter;

/**
 * Where a sweep runs. The in-process engine ({@link LocalEngine}) is built in; others (Apache Spark, in the
 * {@code kinvis-spark} module) are found with {@link java.util.ServiceLoader} when their jar is on the class path,
 * so the core needs none of their dependencies. Every engine runs the same {@link TaskGroup}s through
 * {@link GroupRunner} and writes the same {@link TaskResult} lines.
 */
public interface SweepEngine {
    /** The name {@code kinvis sweep --engine} takes. */
    String name();

    /**
     * Runs the job and writes its records ({@link SweepJob#out()}, or {@code out} where that is null and the
     * engine allows it); {@code err} takes progress and the summary.
     */
    SweepSummary run(SweepJob job, PrintWriter out, PrintWriter err);

    /** The engine named {@code name}: {@code local}, or one on the class path; empty when there is none. */
    static java.util.Optional<SweepEngine> find(String name) {
        if (name.equals(LocalEngine.NAME)) {
            return java.util.Optional.of(new LocalEngine());
        }
        for (SweepEngine e : java.util.ServiceLoader.load(SweepEngine.class)) {
            if (e.name().equals(name)) {
                return java.util.Optional.of(e);
            }
        }
        return java.util.Optional.empty();
    }
}
