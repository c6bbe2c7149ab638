package org.kinvis.fit.sample;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.kinvis.host.input.InputException;

/**
 * Draws in CmdStan's CSV format, one file per chain, as {@code arviz.from_cmdstan("out_*.csv")} reads them
 * (ArviZ maps one file to one chain; columns ending in {@code __} are sampler statistics). For
 * {@code --draws-file out.csv} chain k (1-based) goes to {@code out_k.csv}, as CmdStan names the files of a
 * multi-chain run; a name ending in {@code .gz} is gzip-compressed ({@code out_k.csv.gz}; ArviZ opens files
 * uncompressed, so {@code gunzip} them first). Parameter names are pyhf's ({@code gamma[3]} stays one column,
 * read by ArviZ as a scalar variable of that name); a '{@code ,}' or '{@code .}' in a name becomes '_'.
 *
 * <p>Layout of each file: comment lines with the run's configuration ({@code num_samples}, {@code num_warmup},
 * {@code thin}, {@code chain_id}, {@code seed}, ...); the header; for HMC the adaptation block
 * ({@code # Step size = ε}, {@code # trajectory_length = T}, and in chain 1's file the dense inverse mass
 * matrix of the unconstrained parameters, one row per comment line); the draws; the elapsed times; and, for
 * {@code --resume}, the chain's final position in all free parameters (constrained) on the comment line after
 * {@code # Final position}.
 */
public final class CmdStanCsv {
    private static final String FINAL = "# Final position (all free parameters):";
    private static final String MATRIX = "# Elements of inverse mass matrix (unconstrained parameters):";

    private CmdStanCsv() {
    }

    /** The file of chain {@code k} (1-based): {@code out.csv} → {@code out_k.csv}, {@code x.csv.gz} → {@code x_k.csv.gz}. */
    public static Path chainFile(Path base, int k) {
        String name = base.getFileName().toString();
        String stem = name;
        String ext = "";
        for (String e : new String[] {".csv.gz", ".csv"}) {
            if (name.endsWith(e)) {
                stem = name.substring(0, name.length() - e.length());
                ext = e;
                break;
            }
        }
        if (ext.isEmpty() && name.endsWith(".gz")) {
            stem = name.substring(0, name.length() - 3);
            ext = ".gz";
        }
        return base.resolveSibling(stem + "_" + k + ext);
    }

    /** A parameter name as a CSV column: ',' and '.' replaced by '_'. */
    static String column(String name) {
        return name.replace(',', '_').replace('.', '_');
    }

    /** The files of a run's chains: {@link #chainFile} for k = 1 … {@code chains}. */
    public static List<Path> files(Path base, int chains) {
        List<Path> out = new ArrayList<>();
        for (int k = 1; k <= chains; k++) {
            out.add(chainFile(base, k));
        }
        return out;
    }

    /**
     * Writes chain {@code c}'s file (0-based) to {@code raw}, gzip-compressed when {@code gzip} (then {@code raw} is
     * closed); the caller makes the file appear whole (the command line writes a temporary and renames it).
     *
     * @param columns indices of the parameters to write (the draws' columns)
     * @param config  configuration lines "key = value" for the header comments
     */
    public static void writeChain(OutputStream raw, boolean gzip, Draws d, int c, int[] columns, List<String> config,
            double warmupSeconds) throws IOException {
        boolean hmc = d.adaptation() != null;
        int n = d.dim();
        OutputStream os = gzip ? new GZIPOutputStream(raw, 1 << 16) : raw;
        Writer w = new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16);
        w.write("# kinvis sample: " + (hmc ? "ChEES-HMC" : "ensemble (stretch move)")
                + ", CmdStan CSV format\n");
        for (String line : config) {
            w.write("# " + line + "\n");
        }
        w.write("# chain_id = " + (c + 1) + "\n");
        w.write(hmc ? "lp__,accept_stat__,stepsize__,n_leapfrog__,divergent__,energy__" : "lp__");
        for (int j : columns) {
            w.write(',');
            w.write(column(d.names().get(j)));
        }
        w.write('\n');
        if (hmc) {
            w.write("# Adaptation terminated\n");
            w.write("# Step size = " + d.adaptation().stepSize() + "\n");
            w.write("# trajectory_length = " + d.adaptation().trajectoryLength() + "\n");
            if (c == 0) {
                w.write(MATRIX + "\n");
                double[] cov = d.adaptation().metric().covariance();
                int m = d.adaptation().metric().dimension();
                for (int i = 0; i < m; i++) {
                    StringBuilder row = new StringBuilder("# ");
                    for (int k = 0; k < m; k++) {
                        row.append(k > 0 ? "," : "").append(cov[i * m + k]);
                    }
                    w.write(row.append('\n').toString());
                }
            }
        }
        StringBuilder line = new StringBuilder();
        for (int k = 0; k < d.draws(); k++) {
            int r = c * d.draws() + k;
            line.setLength(0);
            line.append(d.lp()[r]);
            if (hmc) {
                line.append(',').append(d.accept()[r]).append(',').append(d.adaptation().stepSize())
                        .append(',').append(d.leapfrog()[r]).append(',').append(d.divergent()[r] ? 1 : 0)
                        .append(',').append(d.energy()[r]);
            }
            for (int j : columns) {
                line.append(',').append((float) d.values()[r * n + j]);
            }
            w.write(line.append('\n').toString());
        }
        w.write("#\n");
        w.write(String.format(Locale.ROOT, "#  Elapsed Time: %.3f seconds (Warm-up)%n", warmupSeconds));
        w.write(String.format(Locale.ROOT, "#                %.3f seconds (Sampling)%n",
                d.seconds() - warmupSeconds));
        w.write(String.format(Locale.ROOT, "#                %.3f seconds (Total)%n", d.seconds()));
        w.write(FINAL + "\n# ");
        for (int j = 0; j < n; j++) {
            w.write((j > 0 ? "," : "") + d.finals()[c * n + j]);
        }
        w.write("\n");
        if (gzip) {
            w.close(); // the gzip trailer, and the deflater's native memory released (closes raw too)
        } else {
            w.flush();
        }
    }

    /** Whether a chain file is gzip-compressed: its name ends in {@code .gz}. */
    public static boolean gzip(Path file) {
        return file.getFileName().toString().endsWith(".gz");
    }

    /** What {@code --resume} takes from a previous run's files. */
    public record Resume(int chains, double[] finals, double stepSize, double trajectoryLength, double[] covariance) {
    }

    /**
     * Reads the final positions of every chain file {@code base_1, base_2, ...} (as many as exist) and the
     * adaptation of an HMC run (null step size etc. for an ensemble run), checked against the free parameters.
     */
    public static Resume read(Path base, List<String> names) {
        int n = names.size();
        List<double[]> finals = new ArrayList<>();
        double step = Double.NaN;
        double length = Double.NaN;
        double[] cov = null;
        for (int k = 1;; k++) {
            Path f = chainFile(base, k);
            if (!Files.exists(f)) {
                if (k == 1) {
                    throw InputException.at("--resume", base.toString(), "no file " + f.getFileName()
                            + " (the first chain's file of a kinvis sample --draws-file run)");
                }
                break;
            }
            ChainFile cf = readChain(f, n, k == 1);
            finals.add(cf.finals);
            if (k == 1) {
                step = cf.step;
                length = cf.length;
                cov = cf.cov;
            }
        }
        double[] x = new double[finals.size() * n];
        for (int c = 0; c < finals.size(); c++) {
            System.arraycopy(finals.get(c), 0, x, c * n, n);
        }
        if (cov != null && cov.length != n * n) {
            throw InputException.at(chainFile(base, 1).toString(), "inverse mass matrix", "has " + cov.length
                    + " elements, expected " + n + "² for this model's free parameters");
        }
        return new Resume(finals.size(), x, step, length, cov);
    }

    private record ChainFile(double[] finals, double step, double length, double[] cov) {
    }

    private static ChainFile readChain(Path f, int n, boolean first) {
        String where = f.toString();
        double[] finals = null;
        double step = Double.NaN;
        double length = Double.NaN;
        List<double[]> rows = new ArrayList<>();
        try (InputStream raw = org.kinvis.host.input.InputFiles.open(f);
                InputStream in = where.endsWith(".gz") ? new GZIPInputStream(raw) : raw;
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8), 1 << 16)) {
            String line;
            boolean inMatrix = false;
            while ((line = r.readLine()) != null) {
                if (!line.startsWith("#")) {
                    inMatrix = false;
                    continue;
                }
                if (line.equals(FINAL)) {
                    String next = r.readLine();
                    finals = numbers(next == null ? "" : next.substring(1), where, "final position");
                    if (finals.length != n) {
                        throw InputException.at(where, "final position", "has " + finals.length + " values, expected "
                                + n + " (the free parameters of this model)");
                    }
                } else if (line.startsWith("# Step size = ")) {
                    step = number(line.substring(14), where, "Step size");
                } else if (line.startsWith("# trajectory_length = ")) {
                    length = number(line.substring(22), where, "trajectory_length");
                } else if (line.equals(MATRIX)) {
                    inMatrix = first;
                } else if (inMatrix) {
                    rows.add(numbers(line.substring(1), where, "inverse mass matrix"));
                }
            }
        } catch (NoSuchFileException e) {
            throw InputException.at("--resume", where, "no such file");
        } catch (IOException e) {
            throw InputException.at("--resume", where, "cannot read: " + e.getMessage());
        }
        if (finals == null) {
            throw InputException.at(where, "final position", "missing: not a complete kinvis sample draws file");
        }
        double[] cov = null;
        if (!rows.isEmpty()) {
            cov = new double[rows.size() * rows.get(0).length];
            for (int i = 0; i < rows.size(); i++) {
                if (rows.get(i).length != rows.size()) {
                    throw InputException.at(where, "inverse mass matrix", "is not square");
                }
                System.arraycopy(rows.get(i), 0, cov, i * rows.size(), rows.size());
            }
        }
        return new ChainFile(finals, step, length, cov);
    }

    private static double[] numbers(String s, String where, String field) {
        String[] p = s.trim().split(",");
        double[] v = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            v[i] = number(p[i], where, field);
        }
        return v;
    }

    private static double number(String s, String where, String field) {
        try {
            double v = Double.parseDouble(s.trim());
            if (!Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw InputException.at(where, field, "expected finite numbers, got '" + s.trim() + "'");
        }
    }
}
