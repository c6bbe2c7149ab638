package org.kinvis.spark;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;
import org.kinvis.fit.sweep.BackendSpec;
import org.kinvis.fit.sweep.GroupRunner;
import org.kinvis.fit.sweep.SweepEngine;
import org.kinvis.fit.sweep.SweepInputs;
import org.kinvis.fit.sweep.SweepJob;
import org.kinvis.fit.sweep.SweepSummary;
import org.kinvis.fit.sweep.SweepTask;
import org.kinvis.fit.sweep.ToyMerge;
import org.kinvis.fit.sweep.TaskGroup;
import org.kinvis.fit.sweep.TaskResult;
import org.kinvis.host.input.InputException;

/**
 * The sweep engine on Apache Spark ({@code kinvis sweep --engine spark}): the driver plans the task groups
 * ({@link TaskGroup#plan}, one model per group), broadcasts the inputs once ({@link SweepInputs#ship}: workspaces,
 * patch files, the data folder), and distributes the groups, one partition per group by default; each partition
 * runs its groups through a {@link GroupRunner} — the model compiled once per partition — and its records are
 * written by the executors with Spark's file commit protocol (with, for chunked toy tests, one merged record per
 * test from its chunks' records gathered by parent id, {@link ToyMerge}): JSON lines ({@code text}) or Parquet
 * (the columns of {@link TaskResult.Column}), every partition's output committed by exactly one task attempt, so
 * a task rerun after a lost executor replaces, never adds. Nothing is collected on the driver but counts: after the commit a
 * job over the written records checks that there is exactly one record per task id (no loss, no duplicates)
 * and counts the failed and not converged ones.
 */
public final class SparkEngine implements SweepEngine {
    public static final String NAME = "spark";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public SweepSummary run(SweepJob job, PrintWriter out, PrintWriter err) {
        if (job.out() == null) {
            throw InputException.at("--out", "(missing)", "the Spark engine writes its records from the executors"
                    + " to a folder: give --out DIR (a name ending in .parquet for Parquet)");
        }
        boolean parquet = job.out().endsWith(".parquet");
        SparkConf conf = new SparkConf().setAppName("kinvis sweep");
        if (job.master() != null) {
            conf.setMaster(job.master());
        } else if (!conf.contains("spark.master")) {
            conf.setMaster("local[*]");
        }
        conf.setIfMissing("spark.ui.enabled", "false");
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        String master = conf.get("spark.master");
        Path jar = ownJar();
        if (!master.startsWith("local") && jar != null && !conf.contains("spark.jars")) {
            conf.set("spark.jars", jar.toString());
        }
        SweepInputs inputs = SweepInputs.ship(job.dataDir(), job.tasks());
        String target = job.out().contains("://") ? job.out()
                : Path.of(job.out()).toAbsolutePath().toUri().toString();
        SparkSession spark = SparkSession.builder().config(conf).getOrCreate();
        try {
            JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
            long t0 = System.nanoTime();
            List<TaskGroup> groups = TaskGroup.plan(job.tasks(), jsc.defaultParallelism(), job.groupTasks());
            int partitions = job.partitions() > 0 ? Math.min(job.partitions(), groups.size()) : groups.size();
            err.printf("kinvis: sweep: %d tasks in %d groups, %d partitions on %s; inputs %.1f kB broadcast%n",
                    job.tasks().size(), groups.size(), partitions, master, inputs.size() / 1e3);
            err.flush();
            Broadcast<SweepInputs> shared = jsc.broadcast(inputs);
            JavaRDD<String> tasks = jsc.parallelize(groups, partitions)
                    .mapPartitions(new RunGroups(shared, job.backend()));
            // chunked toy tests: one merged record each, from their chunks' records gathered by parent id
            long parents = job.tasks().stream().filter(t -> t.command() instanceof SweepTask.Hypotest h
                    && h.chunks() > 0).map(t -> ToyMerge.parent(t.id())).distinct().count();
            JavaRDD<String> lines = tasks;
            if (parents > 0) {
                tasks.persist(StorageLevel.MEMORY_AND_DISK());
                JavaRDD<String> merged = tasks.filter(l -> ToyMerge.parentOf(l) != null)
                        .mapToPair(l -> new Tuple2<>(ToyMerge.parentOf(l), l)).groupByKey()
                        .map(g -> ToyMerge.merge(g._1(), g._2()).json());
                lines = tasks.union(merged);
            }
            long expected = job.tasks().size() + parents;
            long[] counts = parquet ? writeParquet(spark, lines, target) : writeText(jsc, lines, target);
            double seconds = (System.nanoTime() - t0) / 1e9;
            if (counts[0] != expected || counts[1] != expected) {
                throw new IllegalStateException("the sweep wrote " + counts[0] + " records with " + counts[1]
                        + " distinct ids for " + job.tasks().size() + " tasks and " + parents + " merged toy tests");
            }
            return new SweepSummary(job.tasks().size(), groups.size(), (int) counts[3], (int) counts[2], seconds,
                    "spark " + master);
        } finally {
            spark.stop();
        }
    }

    /**
     * JSON lines as text part files ({@code saveAsTextFile}: Hadoop's output committer, one committed attempt per
     * partition), then the check over what was written: {records, distinct ids, failed, not converged}.
     */
    private static long[] writeText(JavaSparkContext jsc, JavaRDD<String> lines, String target) {
        org.apache.hadoop.fs.Path out = new org.apache.hadoop.fs.Path(target);
        try {
            out.getFileSystem(jsc.hadoopConfiguration()).delete(out, true);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot replace " + target, e);
        }
        lines.saveAsTextFile(target);
        JavaRDD<TaskResult> written = jsc.textFile(target).map(TaskResult::parse);
        long[] c = written.map(r -> new long[] {1, 0, r.failed() ? 1 : 0, !r.failed() && !r.converged() ? 1 : 0})
                .reduce((a, b) -> new long[] {a[0] + b[0], 0, a[2] + b[2], a[3] + b[3]});
        c[1] = written.map(TaskResult::id).distinct().count();
        return c;
    }

    /** The records as Parquet (columns of {@link TaskResult.Column}), then the same check as for text. */
    private static long[] writeParquet(SparkSession spark, JavaRDD<String> lines, String target) {
        Dataset<String> records = spark.createDataset(lines.rdd(), Encoders.STRING());
        spark.read().schema(schema()).json(records).write().mode(SaveMode.Overwrite).parquet(target);
        Row c = spark.read().parquet(target).agg(functions.count(functions.lit(1)),
                functions.countDistinct(functions.col("id")),
                functions.sum(functions.when(functions.col("error").isNotNull(), 1).otherwise(0)),
                functions.sum(functions.when(functions.col("error").isNull()
                        .and(functions.not(functions.col("converged"))), 1).otherwise(0))).first();
        return new long[] {c.getLong(0), c.getLong(1), c.isNullAt(2) ? 0 : c.getLong(2),
            c.isNullAt(3) ? 0 : c.getLong(3)};
    }

    /** The result columns as a Spark schema (Parquet's columns; the JSON lines read back with it). */
    static StructType schema() {
        List<StructField> fields = new ArrayList<>();
        for (TaskResult.Column col : TaskResult.Column.values()) {
            DataType t = switch (col.type()) {
                case STRING -> DataTypes.StringType;
                case LONG -> DataTypes.LongType;
                case INT -> DataTypes.IntegerType;
                case DOUBLE -> DataTypes.DoubleType;
                case BOOLEAN -> DataTypes.BooleanType;
                case DOUBLE_ARRAY -> DataTypes.createArrayType(DataTypes.DoubleType, true);
            };
            fields.add(DataTypes.createStructField(col.key(), t, true));
        }
        return DataTypes.createStructType(fields);
    }

    /** The jar this class was loaded from (the shaded kinvis-spark.jar), shipped to a cluster's executors. */
    private static Path ownJar() {
        try {
            Path p = Path.of(SparkEngine.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return p.toString().endsWith(".jar") ? p : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** Runs a partition's groups on an executor: one runner (one backend, one compiled model at a time). */
    static final class RunGroups implements FlatMapFunction<Iterator<TaskGroup>, String> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<SweepInputs> inputs;
        private final BackendSpec backend;

        RunGroups(Broadcast<SweepInputs> inputs, BackendSpec backend) {
            this.inputs = inputs;
            this.backend = backend;
        }

        @Override
        public Iterator<String> call(Iterator<TaskGroup> groups) {
            List<String> out = new ArrayList<>();
            try (GroupRunner runner = new GroupRunner(inputs.value(), backend)) {
                while (groups.hasNext()) {
                    for (TaskResult r : runner.run(groups.next())) {
                        out.add(r.json());
                    }
                }
            }
            return out.iterator();
        }
    }
}
