package org.kinvis.fit.cli;

import java.nio.file.Path;
import org.kinvis.host.input.InputException;
import org.kinvis.kernels.Backend;
import org.kinvis.kernels.Backends;
import org.kinvis.kernels.VerifyingBackend;
import org.kinvis.kernels.opencl.OpenClBackend;
import picocli.CommandLine.Option;

/** Options every kinvis command accepts (DESIGN.md, command line contract). */
public final class CommonOptions {
    @Option(names = "--data", paramLabel = "DIR",
            description = "Belle II data folder (default: data/belle2 of the installation, else $KINVIS_DATA).")
    Path data;

    @Option(names = "--backend", paramLabel = "NAME", defaultValue = "auto",
            description = "cpu, opencl or verify (default: opencl where a GPU or accelerator exists, else cpu).")
    String backend;

    @Option(names = "--device", paramLabel = "DEV",
            description = "OpenCL device: index from 'kinvis devices' or a name substring (default: first GPU).")
    String device;

    @Option(names = "--precision", paramLabel = "P", defaultValue = "auto",
            description = "OpenCL arithmetic: auto (float64 where the device has it), double or float.")
    String precision;

    @Option(names = "--verify-fraction", paramLabel = "F", defaultValue = "1",
            description = "With --backend verify: share of points recomputed on the CPU (default 1: all).")
    double verifyFraction;

    @Option(names = "--format", paramLabel = "FMT",
            description = "text or json (default: json when --output ends in .json, else text).")
    String format;

    @Option(names = "--output", paramLabel = "FILE",
            description = "Also write the result to FILE (in the --format; FILE.json alone means json).")
    Path output;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "20261125",
            description = "Random seed where the command draws random numbers.")
    long seed;

    /** The data folder: --data, else the installation's data/belle2, else $KINVIS_DATA ({@link DataFolder}). */
    DataFolder dataFolder() {
        return DataFolder.resolve(data);
    }

    /** The data folder, which must exist (commands reading several of its files: reinterpret, sample). */
    public Path dataDir() {
        return dataFolder().requireFolder("the scenario's number densities and form-factor inputs");
    }

    /** The data-folder rule of every command, for commands that declare {@code --data} themselves. */
    public static Path resolveDataDir(Path data) {
        return DataFolder.resolve(data).dir();
    }

    /**
     * Whether the result is JSON: {@code --format} when given (it wins over the file name: {@code --format text
     * --output x.json} writes text), else by the {@code --output} extension ({@code .json}, any case), else text.
     * The one format goes to stdout and to the file.
     */
    public boolean json() {
        if (format == null) {
            return output != null && output.getFileName() != null
                    && output.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".json");
        }
        return switch (format) {
            case "json" -> true;
            case "text" -> false;
            default -> throw InputException.at("--format", format, "expected text or json");
        };
    }

    public Backend createBackend() {
        OpenClBackend.Precision p = switch (precision) {
            case "auto" -> OpenClBackend.Precision.AUTO;
            case "double" -> OpenClBackend.Precision.DOUBLE;
            case "float" -> OpenClBackend.Precision.FLOAT;
            default -> throw InputException.at("--precision", precision, "expected auto, double or float");
        };
        if (!(verifyFraction > 0 && verifyFraction <= 1)) {
            throw InputException.at("--verify-fraction", String.valueOf(verifyFraction), "expected a number in (0, 1]");
        }
        Backends.Options o = new Backends.Options(device, p, verifyFraction, 0, seed);
        try {
            if (backend.equals("auto") && device == null) {
                return DeviceCache.auto(() -> Backends.create("auto", o), () -> Backends.create("cpu", o));
            }
            return Backends.create(backend, o);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw InputException.at("--backend", backend, e.getMessage());
        }
    }

    /** After a run on the verifying backend, says on stderr how closely device and CPU agreed. */
    public static void reportVerification(Backend b, java.io.PrintWriter err) {
        if (b instanceof VerifyingBackend v) {
            err.printf(java.util.Locale.ROOT, "kinvis: verified %d values on the CPU, max relative difference %.3e%n",
                    v.verifiedValues(), v.maxRelativeError());
            err.flush();
        }
    }
}
