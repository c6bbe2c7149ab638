package org.kinvis.fit.sweep;

import java.nio.file.Path;
import java.util.List;

/**
 * A sweep to run: its tasks (read and checked), where the data folder is, the backend, where the records go and
 * the engine settings.
 *
 * @param out        where the records go: a file for the local engine (JSON lines); for Spark a folder of part
 *                   files, Parquet for a {@code .parquet} name — a path, or a URI ({@code hdfs://…},
 *                   {@code s3a://…}) that the cluster's Hadoop file systems know; null: standard output (local
 *                   engine only)
 * @param groupTasks most tasks in one group (≤ 0: {@link TaskGroup#plan} decides)
 * @param threads    worker threads of the in-process engine (≤ 0: one per core)
 * @param master     Spark master URL (null: from spark-submit's configuration, else {@code local[*]})
 * @param partitions Spark partitions (≤ 0: one per task group)
 */
public record SweepJob(List<SweepTask> tasks, Path dataDir, BackendSpec backend, String out, int groupTasks,
        int threads, String master, int partitions) {
    public SweepJob {
        tasks = List.copyOf(tasks);
    }
}
