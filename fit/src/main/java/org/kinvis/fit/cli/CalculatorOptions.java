package org.kinvis.fit.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.kinvis.fit.inference.AsymptoticCls;
import org.kinvis.fit.inference.FitRecord;
import org.kinvis.fit.inference.TestStatistic;
import org.kinvis.fit.inference.ToyCalculator;
import org.kinvis.fit.inference.ToyDistribution;
import org.kinvis.fit.minimize.FitResult;
import org.kinvis.fit.minimize.Migrad;
import org.kinvis.host.input.InputException;
import org.kinvis.host.model.CompiledModel;
import org.kinvis.host.model.HistFactoryLikelihood;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

/**
 * Options of the hypothesis-test commands ({@code significance}, {@code limit}): the POI range, the calculator
 * (asymptotic formulae or pseudo-experiments, as pyhf's {@code --calctype}), the number of toys, and the Asimov
 * data set to test instead of the observed data.
 */
public final class CalculatorOptions {
    @Option(names = "--poi-bounds", paramLabel = "LO:HI", description = "POI range of every fit (and of the limit"
            + " search); a negative LO lets qmu, tmu and q0 see negative fluctuations.")
    String poiBounds;

    @Option(names = "--calctype", paramLabel = "C", defaultValue = "asymptotics",
            description = "asymptotics (default) or toybased (pseudo-experiments, as pyhf's ToyCalculator).")
    String calctype;

    @Option(names = "--toys", paramLabel = "N", defaultValue = "2000",
            description = "Pseudo-experiments per hypothesis with --calctype toybased (default 2000, as pyhf).")
    int toys;

    @Option(names = "--asimov-mu", paramLabel = "MU'", description = "Test the Asimov data set at POI = MU' (the"
            + " nuisances profiled at MU' on the observed data, pyhf's generate_asimov_data) instead of the observed"
            + " data: the median results expected if the POI is MU'.")
    Double asimovMu;

    /** Whether the toy-based calculator is asked for; checks --calctype and --toys. */
    boolean toybased() {
        boolean toy = switch (calctype) {
            case "asymptotics" -> false;
            case "toybased" -> true;
            default -> throw InputException.at("--calctype", calctype, "expected asymptotics or toybased");
        };
        if (toy && toys < 1) {
            throw InputException.at("--toys", String.valueOf(toys), "expected a positive number of toys");
        }
        return toy;
    }

    /**
     * The POI range: the measurement's bounds, or --poi-bounds (LO &lt; HI; LO ≥ 0 for the tilde statistics, whose
     * definition bounds μ̂ at 0). Where the user chose the bounds or the statistic, warns as pyhf does where the
     * lower bound and the statistic disagree: qμ, tμ with μ̂ bounded at 0 take the values of q̃μ, t̃μ.
     */
    double[] poiBounds(CompiledModel model, TestStatistic statistic, PrintWriter err) {
        int k = model.parameters().poiIndex();
        double[] bounds = {model.parameters().lowerBounds()[k], model.parameters().upperBounds()[k]};
        if (poiBounds != null) {
            bounds = range("--poi-bounds", poiBounds);
            if (statistic.expectsZeroLowerBound() && bounds[0] < 0) {
                throw InputException.at("--poi-bounds", poiBounds, statistic.name() + " bounds the POI below by"
                        + " 0: expected 0 ≤ LO");
            }
        }
        boolean chosen = poiBounds != null || statistic != TestStatistic.QTILDE_MU;
        if (!chosen) {
            return bounds; // kinvis limit's default: the measurement's bounds, silently (as before)
        }
        if (statistic.expectsZeroLowerBound() && bounds[0] != 0) {
            err.printf(Locale.ROOT, "kinvis: warning: %s used with the POI bounded below by %s, not 0 (pyhf warns"
                    + " too)%n", statistic.name(), bounds[0]);
        } else if (!statistic.expectsZeroLowerBound() && statistic != TestStatistic.Q_ZERO && bounds[0] == 0) {
            err.printf(Locale.ROOT, "kinvis: warning: %s with the POI bounded at 0 takes the values of its tilde"
                    + " form (pyhf warns too); --poi-bounds with LO < 0 lets the fits go below 0%n",
                    statistic.name());
        }
        return bounds;
    }

    /**
     * The likelihood the tests see: {@code lik} itself, or with --asimov-mu its Asimov data set at μ′ (the
     * generating fit is recorded in {@code records}, on the observed data).
     */
    HistFactoryLikelihood data(HistFactoryLikelihood lik, String poi, double[] bounds, Map<String, Double> fixed,
            Migrad.Options options, List<FitRecord> records) {
        if (asimovMu == null) {
            return lik;
        }
        if (!(asimovMu >= bounds[0] && asimovMu <= bounds[1])) {
            throw InputException.at("--asimov-mu", String.valueOf(asimovMu), "outside the POI bounds [" + bounds[0]
                    + ", " + bounds[1] + "] of " + poi);
        }
        FitResult f = AsymptoticCls.asimovFit(lik, poi, asimovMu, fixed, options);
        Map<String, Double> at = new java.util.LinkedHashMap<>(fixed);
        at.put(poi, asimovMu);
        records.add(FitRecord.of("observed", at, f));
        return lik.withData(lik.expected(f.values()), lik.expectedAuxdata(f.values()));
    }

    /** A range {@code LO:HI} of finite numbers with LO &lt; HI (--poi-bounds of limit, significance, sweep). */
    static double[] range(String option, String text) {
        String[] s = text.split(":");
        try {
            double[] b = {Double.parseDouble(s[0]), Double.parseDouble(s[1])};
            if (s.length != 2 || !(b[0] < b[1]) || !Double.isFinite(b[0] + b[1])) {
                throw new NumberFormatException();
            }
            return b;
        } catch (RuntimeException e) {
            throw InputException.at(option, text, "expected LO:HI with LO < HI");
        }
    }

    /** JSON: which data were tested. */
    void dataJson(ObjectNode result) {
        result.put("data", asimovMu == null ? "observed" : "asimov");
        if (asimovMu != null) {
            result.put("asimov_mu", asimovMu);
        }
    }

    /** The toys behind a result: counts per hypothesis, seed, MC errors, throughput. */
    static ObjectNode toysJson(ObjectNode o, ToyCalculator.Result r, int toys, long seed) {
        o.put("toys", toys);
        o.put("seed", seed);
        distributionJson(o.putObject("tested"), r.signal());
        distributionJson(o.putObject("alternative"), r.background());
        o.put("converged", r.toysConverged());
        o.put("toys_per_second", r.toysPerSecond());
        o.put("batches", r.batches());
        o.put("points", r.points());
        o.put("seconds", r.seconds());
        return o;
    }

    private static void distributionJson(ObjectNode o, ToyDistribution d) {
        o.put("mu", d.generatedAt());
        o.put("converged", d.size());
        o.put("failed", d.failed());
    }

    /**
     * The end of a hypothesis-test command: every fit behind the result with its validity into the JSON (and a
     * NOT VALID line into the text where one failed), the time, the output; exit 1 where a fit failed.
     */
    static int emit(CommonOptions common, ObjectNode result, String text, List<FitRecord> fits, String what,
            long t0, CommandSpec spec) {
        boolean valid = FitRecord.allValid(fits);
        result.put("converged", valid);
        FitJson.records(result.putArray("fits"), fits);
        String body = valid ? text
                : text + "NOT VALID: some fits behind these numbers did not converge (see the JSON's \"fits\")\n";
        result.put("seconds", (System.nanoTime() - t0) / 1e9);
        Output.emit(common, result, body, spec.commandLine().getOut());
        return FitJson.reportInvalid(fits, what, spec.commandLine().getErr());
    }

    /** p-values and their significances Z = Φ⁻¹(1 − p) in pyhf's order, under {@code key} and {@code zKey}. */
    static void pValueBand(ObjectNode result, String key, String zKey, double[] p) {
        com.fasterxml.jackson.databind.node.ArrayNode band = result.putArray(key);
        com.fasterxml.jackson.databind.node.ArrayNode zband = result.putArray(zKey);
        for (double e : p) {
            FitJson.addFinite(band, e);
            FitJson.addFinite(zband, SignificanceCommand.z(e));
        }
    }

    /** Says on stderr how many toys were left out because a fit failed. */
    static void warnFailedToys(ToyCalculator.Result r, PrintWriter err) {
        if (!r.toysConverged()) {
            err.printf(Locale.ROOT, "kinvis: warning: %d of the toys at %s = %s and %d of those at %s left out: a fit"
                    + " did not converge, even after recovery (pyhf would stop with FailedMinimization)%n",
                    r.signal().failed(), "mu", r.signal().generatedAt(), r.background().failed(),
                    r.background().generatedAt());
            err.flush();
        }
    }
}
