package org.kinvis.fit.sweep;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tasks of one model run together: the model is compiled once for the group, hypothesis tests and limits with
 * the same settings share one calculator (its three set-up fits), and scan points with the same settings are one
 * {@link org.kinvis.fit.inference.ProfileScan} (their fits in lockstep batches where the backend batches).
 * A group's results do not depend on which other tasks are in it ({@link GroupRunner}), so engines may split a
 * model's tasks into as many groups as they have workers.
 */
public record TaskGroup(ModelSpec model, List<SweepTask> tasks) implements Serializable {
    /** Most tasks in one group unless a model's tasks are spread over the workers anyway. */
    public static final int MAX_TASKS = 32;

    public TaskGroup {
        tasks = List.copyOf(tasks);
    }

    /**
     * The groups of {@code tasks}: by model in the order models first appear; a model's tasks in input order,
     * split into equal groups — as many as needed to keep each within {@code maxTasks} (≤ 0: {@link #MAX_TASKS}),
     * and, with fewer models than {@code workers}, as many as the model's share of the workers (where it has that
     * many tasks), so that the points of a few models still keep every worker busy.
     */
    public static List<TaskGroup> plan(List<SweepTask> tasks, int workers, int maxTasks) {
        int max = maxTasks > 0 ? maxTasks : MAX_TASKS;
        Map<String, List<SweepTask>> byModel = new LinkedHashMap<>();
        for (SweepTask t : tasks) {
            byModel.computeIfAbsent(t.model().key(), k -> new ArrayList<>()).add(t);
        }
        List<TaskGroup> out = new ArrayList<>();
        // fewer models than workers: each model's tasks spread over its share of the workers
        int spread = maxTasks > 0 ? 1 : Math.max(1, (workers + byModel.size() - 1) / byModel.size());
        for (List<SweepTask> ts : byModel.values()) {
            int n = ts.size();
            int groups = Math.max((n + max - 1) / max, Math.min(n, spread));
            for (int g = 0; g < groups; g++) {
                int from = (int) ((long) n * g / groups);
                int to = (int) ((long) n * (g + 1) / groups);
                out.add(new TaskGroup(ts.get(0).model(), ts.subList(from, to)));
            }
        }
        return out;
    }
}
