package org.kinvis.fit.cli;

import java.io.PrintWriter;
import org.kinvis.host.input.InputException;
import org.kinvis.kernels.VerifyingBackend;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code kinvis} command line. Exit codes: 0 success, 2 bad input (a one-line error on stderr), 1 internal
 * failure. JSON results go to stdout alone; logs and progress to stderr.
 */
@Command(name = "kinvis", mixinStandardHelpOptions = true, version = "kinvis 0.1.0",
        description = "Likelihood engine for the Belle II B+ -> K+ nu nubar reinterpretation.",
        subcommands = {EvalCommand.class, FitCommand.class, ScanCommand.class, LimitCommand.class,
            SpectrumCommand.class, ReinterpretCommand.class, SampleCommand.class,
            YieldsCommand.class, PullsCommand.class, RankingCommand.class, CorrelationCommand.class,
            DevicesCommand.class, InspectCommand.class, PruneCommand.class, RenameCommand.class,
            CombineCommand.class})
public final class Kinvis {
    public static final int EXIT_BAD_INPUT = 2;
    public static final int EXIT_INTERNAL = 1;

    private Kinvis() {
    }

    /** Builds the command line with kinvis's error handling; {@code extra} subcommands are added (bench). */
    public static CommandLine commandLine(Object... extra) {
        CommandLine cl = new CommandLine(new Kinvis());
        for (Object sub : extra) {
            cl.addSubcommand(sub);
        }
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            PrintWriter err = line.getErr();
            Throwable cause = ex;
            if (cause instanceof InputException ie) {
                err.println("kinvis: error: " + ie.getMessage());
                return EXIT_BAD_INPUT;
            }
            if (cause instanceof VerifyingBackend.VerificationException ve) {
                err.println("kinvis: verification failed: " + ve.getMessage());
                return EXIT_INTERNAL;
            }
            err.println("kinvis: internal error: " + cause);
            if (System.getenv("KINVIS_DEBUG") != null) {
                cause.printStackTrace(err);
            }
            return EXIT_INTERNAL;
        });
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("kinvis: error: " + ex.getMessage() + " (see '" + ex.getCommandLine().getCommandSpec()
                    .qualifiedName() + " --help')");
            return EXIT_BAD_INPUT;
        });
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
