package org.kinvis.fit.sweep;

import java.util.Locale;

/**
 * What a sweep did: tasks and groups run, tasks whose fits did not all converge, tasks that failed, wall time,
 * and where it ran.
 */
public record SweepSummary(int tasks, int groups, int notConverged, int failed, double seconds, String where) {

    public double tasksPerSecond() {
        return tasks / seconds;
    }

    /** One line for stderr. */
    public String line() {
        return String.format(Locale.ROOT, "kinvis: sweep: %d tasks in %d groups on %s: %.2f s, %.3g tasks/s; %d not"
                + " converged, %d failed", tasks, groups, where, seconds, tasksPerSecond(), notConverged, failed);
    }

    /** Exit status: 0 when every task ran and converged, else 1 (the records say which). */
    public int exitCode() {
        return notConverged == 0 && failed == 0 ? 0 : 1;
    }
}
