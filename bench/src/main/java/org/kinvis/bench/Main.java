package org.kinvis.bench;

import org.kinvis.fit.cli.Kinvis;

/** Entry point of the runnable jar: the kinvis command line plus {@code kinvis bench}. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        System.exit(Kinvis.execute(args, BenchCommand.class));
    }
}
