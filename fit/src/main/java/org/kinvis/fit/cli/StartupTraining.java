package org.kinvis.fit.cli;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.List;

/**
 * The training run of the ahead-of-time cache (JEP 483/514/515, JDK ≥ 25) that {@code scripts/setup.sh} and the
 * launcher create: {@code java -XX:AOTCacheOutput=kinvis.aot -cp kinvis.jar org.kinvis.fit.cli.StartupTraining}
 * runs a few typical commands on the Belle II data (CPU backend), output discarded, so that the classes they load
 * and link and the profiles of their hot methods are in the cache every later {@code kinvis} start maps in. Exits 0
 * even when a command fails (no data here): a cache of the classes loaded so far still helps.
 */
public final class StartupTraining {
    /** What a user runs first and most: evaluation, fits (text and JSON), a short scan, a spectrum, bad input. */
    static final List<String[]> RUNS = List.of(
            new String[] {"eval", "--backend", "cpu"},
            new String[] {"eval", "--backend", "cpu", "--format", "json", "--expected"},
            new String[] {"fit"},
            new String[] {"fit", "--backend", "cpu", "--format", "json"},
            new String[] {"fit", "--backend", "cpu", "--minos", "mu"},
            new String[] {"scan", "--backend", "cpu", "--values", "0:10:3"},
            new String[] {"spectrum", "--scenario", "wet"},
            new String[] {"fit", "--no-such-option"});

    private StartupTraining() {
    }

    public static void main(String[] args) {
        PrintWriter sink = new PrintWriter(OutputStream.nullOutputStream());
        for (int round = 0; round < 2; round++) { // twice: the second round's profiles are the warm ones
            for (String[] run : RUNS) {
                try {
                    var cl = Kinvis.commandLine();
                    cl.setOut(sink);
                    cl.setErr(sink);
                    cl.execute(run);
                } catch (RuntimeException e) {
                    // a cache of what ran so far still helps
                }
            }
        }
    }
}
