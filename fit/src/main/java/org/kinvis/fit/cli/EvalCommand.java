package org.kinvis.fit.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.kinvis.host.input.JsonInput;
import org.kinvis.host.model.CompiledModel;
import org.kinvis.host.model.HistFactoryLikelihood;
import org.kinvis.host.model.PointsFile;
import org.kinvis.kernels.Backend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kinvis eval}: logpdf (total, main, constraint) of a workspace at one or many parameter points. */
@Command(name = "eval", mixinStandardHelpOptions = true,
        description = "Evaluate the log-likelihood of a pyhf workspace exactly as pyhf does.")
final class EvalCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--pars", paramLabel = "P.json",
            description = "Parameter point(s) by name: {\"mu\": 1.0, ...} or {\"points\": [{...}, ...]} "
                    + "(default: the model's inits).")
    Path pars;

    @Option(names = "--expected", description = "Also report the expected rates per channel and bin.")
    boolean expected;

    @Override
    public Integer call() {
        boolean json = common.json();
        CompiledModel model = modelOptions.compile(common);
        Path ws = modelOptions.path(common);
        PointsFile.Points points = pars != null ? PointsFile.read(pars, model.parameters())
                : new PointsFile.Points(model.parameters().inits(), 1);
        int count = points.count();
        double[] main = new double[count];
        double[] cons = new double[count];
        double[] rates = expected ? new double[count * model.layout().nBins()] : null;
        try (Backend backend = common.createBackend();
                HistFactoryLikelihood lik = new HistFactoryLikelihood(model, backend)) {
            lik.evaluator().logpdfParts(points.values(), count, main, cons);
            if (rates != null) {
                lik.evaluator().expected(points.values(), count, rates);
            }
            ObjectNode result = JsonInput.mapper().createObjectNode();
            result.put("workspace", ws.toString());
            result.put("measurement", model.measurement());
            result.put("interpolation", model.settings().toString());
            result.put("backend", backend.name());
            ArrayNode lp = result.putArray("logpdf");
            ArrayNode mn = result.putArray("main");
            ArrayNode cn = result.putArray("constraint");
            ArrayNode tn = result.putArray("twice_nll");
            for (int p = 0; p < count; p++) {
                double total = main[p] + cons[p];
                lp.add(total);
                mn.add(main[p]);
                cn.add(cons[p]);
                tn.add(-2 * total);
            }
            ArrayNode names = result.putArray("parameters");
            model.parameters().names().forEach(names::add);
            if (rates != null) {
                ArrayNode ex = result.putArray("expected");
                for (int p = 0; p < count; p++) {
                    ObjectNode perChannel = ex.addObject();
                    for (int c = 0; c < model.channels().size(); c++) {
                        ArrayNode bins = perChannel.putArray(model.channels().get(c));
                        int o = model.channelOffset(c);
                        for (int j = 0; j < model.channelBins()[c]; j++) {
                            bins.add(rates[p * model.layout().nBins() + o + j]);
                        }
                    }
                }
            }
            CommonOptions.reportVerification(backend, spec.commandLine().getErr());
            Output.emit(common, result, json ? null : text(model, ws, backend, main, cons, rates),
                    spec.commandLine().getOut());
        }
        return 0;
    }

    private static String text(CompiledModel model, Path ws, Backend backend, double[] main, double[] cons,
            double[] rates) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "workspace   %s%nmeasurement %s (%d channels, %d bins, %d parameters,"
                + " POI %s)%ninterp      %s%nbackend     %s (%s)%n%n", ws, model.measurement(),
                model.channels().size(), model.layout().nBins(), model.parameters().size(),
                model.parameters().hasPoi() ? model.parameters().poiName() : "(none)", model.settings(), backend.name(),
                backend.device()));
        sb.append(String.format(Locale.ROOT, "%5s  %22s  %22s  %22s  %22s%n", "point", "logpdf", "main",
                "constraint", "twice_nll"));
        for (int p = 0; p < main.length; p++) {
            double t = main[p] + cons[p];
            sb.append(String.format(Locale.ROOT, "%5d  %22.15g  %22.15g  %22.15g  %22.15g%n", p, t, main[p], cons[p],
                    -2 * t));
        }
        if (rates != null) {
            int nb = model.layout().nBins();
            for (int p = 0; p < main.length; p++) {
                sb.append(String.format(Locale.ROOT, "%nexpected rates, point %d%n", p));
                for (int c = 0; c < model.channels().size(); c++) {
                    int o = model.channelOffset(c);
                    sb.append("  ").append(model.channels().get(c)).append(System.lineSeparator());
                    StringBuilder line = new StringBuilder("   ");
                    for (int j = 0; j < model.channelBins()[c]; j++) {
                        line.append(String.format(Locale.ROOT, " %11.4f", rates[p * nb + o + j]));
                    }
                    sb.append(line).append(System.lineSeparator());
                    StringBuilder obs = new StringBuilder("   ");
                    for (int j = 0; j < model.channelBins()[c]; j++) {
                        obs.append(String.format(Locale.ROOT, " %11.0f", model.layout().observed()[o + j]));
                    }
                    sb.append(obs).append("   (observed)").append(System.lineSeparator());
                }
            }
        }
        return sb.toString();
    }
}
