package org.kinvis.fit.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.kinvis.fit.output.OutputFile;
import org.kinvis.host.input.DidYouMean;
import org.kinvis.host.input.InputException;
import org.kinvis.kernels.VerifyingBackend;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParseResult;

/**
 * The {@code kinvis} command line. Exit codes: 0 success, 2 bad input (a one-line error on stderr: malformed or
 * hostile files, values out of their domain, a likelihood that is not finite at the requested point, input too large
 * for the memory), 1 internal failure, a fit or chain that did not converge, or a verification mismatch. JSON
 * results go to stdout alone; logs and progress to stderr.
 */
@Command(name = "kinvis", mixinStandardHelpOptions = true, version = Kinvis.VERSION,
        description = "Likelihood engine for the Belle II B+ -> K+ nu nubar reinterpretation.")
public final class Kinvis {
    /** The subcommands, in the order {@code kinvis --help} lists them. */
    static final List<Class<?>> COMMANDS = List.of(EvalCommand.class, FitCommand.class, ScanCommand.class,
            LimitCommand.class, SpectrumCommand.class, ReinterpretCommand.class, SampleCommand.class,
            YieldsCommand.class, PullsCommand.class, RankingCommand.class, CorrelationCommand.class, GofCommand.class,
            SignificanceCommand.class,
            DevicesCommand.class, InspectCommand.class, PruneCommand.class, RenameCommand.class,
            CombineCommand.class, SweepCommand.class);

    /** What {@code kinvis -V} and every {@code kinvis COMMAND -V} print. */
    public static final String VERSION = "kinvis 0.1.0";
    public static final int EXIT_BAD_INPUT = 2;
    public static final int EXIT_INTERNAL = 1;
    /** Options naming a file a command writes its result to, checked before the command runs. */
    private static final List<String> OUTPUT_OPTIONS = List.of("--output", "--output-file");

    private Kinvis() {
    }

    /**
     * Builds the command line with kinvis's error handling and every subcommand; {@code extra} subcommands (objects
     * or classes) are added (bench).
     */
    public static CommandLine commandLine(Object... extra) {
        return commandLine(null, extra);
    }

    /**
     * Runs {@code kinvis args}: builds only the subcommand {@code args[0]} names (picocli's model of every command
     * costs a tenth of a second or more of start-up), all of them where the first argument names none (--help, a
     * typo). Returns the exit code.
     */
    public static int execute(String[] args, Object... extra) {
        return commandLine(args.length > 0 ? args[0] : null, extra).execute(args);
    }

    /** The command line with the subcommand named {@code only}, or with all where none has that name. */
    private static CommandLine commandLine(String only, Object... extra) {
        List<Object> subs = new ArrayList<>(COMMANDS);
        subs.addAll(Arrays.asList(extra));
        boolean known = only != null && subs.stream().anyMatch(c -> only.equals(name(c)));
        CommandLine cl = new CommandLine(new Kinvis());
        for (Object sub : subs) {
            if (!known || only.equals(name(sub))) {
                cl.addSubcommand(sub);
            }
        }
        versions(cl);
        cl.setExecutionStrategy(parsed -> {
            try {
                checkOutputs(parsed);
                return new CommandLine.RunLast().execute(parsed);
            } catch (InputException | Error e) {
                CommandLine leaf = parsed.asCommandLineList().get(parsed.asCommandLineList().size() - 1);
                return failure(e, leaf.getErr());
            }
        });
        cl.setExecutionExceptionHandler((ex, line, parsed) -> failure(ex, line.getErr()));
        cl.setParameterExceptionHandler((ex, args) -> {
            PrintWriter err = ex.getCommandLine().getErr();
            err.println("kinvis: error: " + message(ex, args) + " (see '" + ex.getCommandLine().getCommandSpec()
                    .qualifiedName() + " --help')");
            err.flush();
            return EXIT_BAD_INPUT;
        });
        return cl;
    }

    /** The name of a subcommand (an instance or a class) from its {@code @Command} annotation. */
    private static String name(Object sub) {
        Class<?> c = sub instanceof Class<?> k ? k : sub.getClass();
        Command a = c.getAnnotation(Command.class);
        return a == null ? null : a.name();
    }

    /** Every subcommand prints kinvis's version for -V / --version (picocli leaves theirs empty). */
    private static void versions(CommandLine cl) {
        for (CommandLine sub : cl.getSubcommands().values()) {
            if (sub.getCommandSpec().version().length == 0) {
                sub.getCommandSpec().version(VERSION);
            }
            versions(sub);
        }
    }

    /**
     * The one line for a command-line error. A mistyped option or subcommand gets the closest known name by
     * edit distance ({@link DidYouMean}): {@code unknown option '--minnos' (did you mean '--minos'?)}, also where
     * picocli first complains about a required option the typo left missing.
     */
    static String message(CommandLine.ParameterException ex, String[] args) {
        CommandLine.Model.CommandSpec spec = ex.getCommandLine().getCommandSpec();
        List<String> unmatched = ex instanceof CommandLine.UnmatchedArgumentException u ? u.getUnmatched()
                : Arrays.asList(args);
        for (String arg : unmatched) {
            String name = arg.contains("=") ? arg.substring(0, arg.indexOf('=')) : arg;
            if (arg.startsWith("--") && !spec.optionsMap().containsKey(name)) {
                List<String> known = spec.options().stream().filter(o -> !o.hidden())
                        .flatMap(o -> Arrays.stream(o.names())).filter(n -> n.startsWith("--")).toList();
                String line = "unknown option '" + name + "'" + DidYouMean.hint(name, known);
                return ex instanceof CommandLine.UnmatchedArgumentException ? line : oneLine(ex.getMessage()) + "; "
                        + line;
            }
        }
        if (ex instanceof CommandLine.UnmatchedArgumentException u && !spec.subcommands().isEmpty()
                && !u.getUnmatched().isEmpty()) {
            String name = u.getUnmatched().get(0);
            String hint = DidYouMean.hint(name, spec.subcommands().keySet());
            return "unknown command '" + name + "'" + hint;
        }
        return oneLine(ex.getMessage());
    }

    /**
     * Every {@code --output} (and {@code --output-file}) the command was given is checked before it computes
     * anything (folder exists and is writable, not a folder itself), so a long run never ends in a path error.
     */
    private static void checkOutputs(ParseResult parsed) {
        for (CommandLine c : parsed.asCommandLineList()) {
            ParseResult pr = c.getParseResult();
            for (OptionSpec o : pr.matchedOptions()) {
                for (String name : OUTPUT_OPTIONS) {
                    if (Arrays.asList(o.names()).contains(name) && o.getValue() instanceof Path p) {
                        OutputFile.check(name, p);
                    }
                }
            }
        }
    }

    /**
     * The one line (and exit code) for a failure: bad input → 2; out of memory → 2 with what to reduce; a
     * verification mismatch or anything unexpected → 1 (the stack trace only with {@code $KINVIS_DEBUG}).
     */
    static int failure(Throwable cause, PrintWriter err) {
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root && !(root instanceof InputException)
                && !(root instanceof OutOfMemoryError)) {
            root = root.getCause();
        }
        if (cause instanceof InputException || root instanceof InputException) {
            err.println("kinvis: error: " + oneLine((cause instanceof InputException ? cause : root).getMessage()));
            err.flush();
            return EXIT_BAD_INPUT;
        }
        if (root instanceof OutOfMemoryError) {
            err.println("kinvis: error: out of memory (Java heap limit " + (Runtime.getRuntime().maxMemory() >> 20)
                    + " MB): reduce the input (points, grid values, walkers or samples) or raise the limit, e.g."
                    + " KINVIS_JAVA_OPTS=-Xmx8g");
            err.flush();
            return EXIT_BAD_INPUT;
        }
        if (cause instanceof VerifyingBackend.VerificationException ve) {
            err.println("kinvis: verification failed: " + oneLine(ve.getMessage()));
            err.flush();
            return EXIT_INTERNAL;
        }
        err.println("kinvis: internal error: " + oneLine(String.valueOf(cause)));
        if (System.getenv("KINVIS_DEBUG") != null) {
            cause.printStackTrace(err);
        }
        err.flush();
        return EXIT_INTERNAL;
    }

    /** Messages are one line: anything after a line break is dropped. */
    private static String oneLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return (nl < 0 ? s : s.substring(0, nl)).strip();
    }

    public static void main(String[] args) {
        int code;
        try {
            code = execute(args);
        } catch (Throwable t) {
            code = failure(t, new PrintWriter(System.err, true));
        }
        System.exit(code);
    }
}
