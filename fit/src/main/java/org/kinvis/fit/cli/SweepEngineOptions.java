package org.kinvis.fit.cli;

import java.nio.file.Path;
import java.util.List;
import org.kinvis.fit.sweep.BackendSpec;
import org.kinvis.fit.sweep.SweepEngine;
import org.kinvis.fit.sweep.SweepJob;
import org.kinvis.fit.sweep.SweepTask;
import org.kinvis.host.input.InputException;
import picocli.CommandLine.Option;

/**
 * How {@code kinvis sweep} runs its tasks: the engine (in-process or Apache Spark) and its partitioning, where the
 * records go, and the backend every worker evaluates on.
 */
final class SweepEngineOptions {
    @Option(names = "--engine", paramLabel = "E", defaultValue = "local",
            description = "local (default: in-process, all cores) or spark (needs the kinvis-spark module: run"
                    + " scripts/kinvis-spark, or spark-submit spark/target/kinvis-spark.jar).")
    String engine;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master: local[*], local[2],"
            + " spark://HOST:7077 (default: spark-submit's, else local[*]).")
    String master;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "0",
            description = "Worker threads of the local engine (default: one per core).")
    int threads;

    @Option(names = "--partitions", paramLabel = "N", defaultValue = "0",
            description = "Spark partitions (default: one per task group).")
    int partitions;

    @Option(names = "--group-tasks", paramLabel = "N", defaultValue = "0",
            description = "Most tasks of one model run as one group (default: up to 32, spread over the workers).")
    int groupTasks;

    @Option(names = {"--out", "--output"}, paramLabel = "FILE", description = "Result records: a JSON lines file"
            + " (default: stdout); with --engine spark a folder of part files (a path or an hdfs://, s3a:// URI),"
            + " Parquet when FILE ends in .parquet.")
    String out;

    @Option(names = "--backend", paramLabel = "NAME", defaultValue = "cpu",
            description = "cpu (default), opencl or auto, on every worker.")
    String backend;

    @Option(names = "--device", paramLabel = "DEV", description = "OpenCL device index or name substring.")
    String device;

    @Option(names = "--precision", paramLabel = "P", defaultValue = "auto",
            description = "OpenCL arithmetic: auto, double or float.")
    String precision;

    /** The workers' backend, checked. */
    BackendSpec backend() {
        if (!List.of("cpu", "opencl", "auto").contains(backend)) {
            throw InputException.at("--backend", backend, "expected cpu, opencl or auto");
        }
        if (!List.of("auto", "double", "float").contains(precision)) {
            throw InputException.at("--precision", precision, "expected auto, double or float");
        }
        return new BackendSpec(backend, device, precision);
    }

    /** The engine asked for, on this class path, with the options that go with it checked. */
    SweepEngine engine() {
        SweepEngine e = SweepEngine.find(engine).orElseThrow(() -> InputException.at("--engine", engine,
                engine.equals("spark") ? "the Spark engine is not on this class path: run the sweep with"
                        + " scripts/kinvis-spark sweep ... (or spark-submit --class org.kinvis.fit.cli.Kinvis"
                        + " spark/target/kinvis-spark.jar sweep ...)" : "expected local or spark"));
        if (out != null && out.endsWith(".parquet") && engine.equals("local")) {
            throw InputException.at("--out", out, "Parquet output needs --engine spark; the local engine"
                    + " writes JSON lines");
        }
        if (master != null && engine.equals("local")) {
            throw InputException.at("--master", master, "only with --engine spark");
        }
        return e;
    }

    SweepJob job(List<SweepTask> tasks, Path dataDir, BackendSpec workers) {
        return new SweepJob(tasks, dataDir, workers, out, groupTasks, threads, master, partitions);
    }
}
