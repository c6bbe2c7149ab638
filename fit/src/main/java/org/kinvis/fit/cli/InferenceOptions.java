package org.kinvis.fit.cli;

import org.kinvis.host.input.InputException;
import picocli.CommandLine.Option;

/** Options of the inference commands that more than one command shares. */
final class InferenceOptions {
    private InferenceOptions() {
    }

    /** {@code --cl CL}: the confidence level of upper limits (limit, reinterpret --limit). */
    static final class ConfidenceLevel {
        @Option(names = "--cl", paramLabel = "CL", defaultValue = "0.95",
                description = "Confidence level of the upper limits (default 0.95).")
        double cl;

        /** The level, which must lie in (0, 1). */
        double value() {
            LimitCommand.checkConfidenceLevel(cl);
            return cl;
        }
    }

    /** {@code --estimator joint|marginal}: the point estimate of fit and reinterpret --fit. */
    static final class Estimator {
        @Option(names = "--estimator", paramLabel = "E", defaultValue = "joint",
                description = "joint (constrained MLE = joint posterior mode, default) or marginal (mode of the"
                        + " posterior of the parameters of interest — the measurement's POI; for reinterpret the"
                        + " free physics parameters — with the nuisances integrated out by the Laplace"
                        + " approximation).")
        String estimator;

        /** Whether the marginal mode is asked for; other values refused. */
        boolean marginal() {
            return switch (estimator) {
                case "joint" -> false;
                case "marginal" -> true;
                default -> throw InputException.at("--estimator", estimator, "expected joint or marginal");
            };
        }
    }
}
