package org.kinvis.fit.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import org.kinvis.host.input.JsonInput;
import org.kinvis.host.physics.Scenario;
import org.kinvis.host.physics.ScenarioParameter;
import org.kinvis.host.physics.TrueBinning;

/**
 * {@code kinvis spectrum} as the command line shows it. A spectrum: JSON {@code scenario, parameters,
 * branching_ratio, branching_ratio_window, q2, dbr_dq2, true_bins[{lo, hi, integral, weight}]} (the first true bin
 * is the sentinel [−1, 0] of events without a q²); text: the scenario, its source (papers), its parameters, the
 * branching ratios and a table of every 10th true bin without the sentinel. {@code --list}: JSON {@code
 * scenarios[{name, description, source, parameters[{name, default, lower, upper, unit, description}]}]}, text a
 * table per scenario.
 */
final class SpectrumView {
    private SpectrumView() {
    }

    static Rendered of(Scenario sc, double[] v, double br, double brWindow, double brNull, double[] q2,
            double[] dbrdq2, TrueBinning bins, double[] integrals, double[] weights) {
        ObjectNode result = JsonInput.mapper().createObjectNode();
        result.put("scenario", sc.name());
        ObjectNode pars = result.putObject("parameters");
        for (int i = 0; i < v.length; i++) {
            pars.put(sc.parameters().get(i).name(), v[i]);
        }
        result.put("branching_ratio", br);
        result.put("branching_ratio_window", brWindow);
        ArrayNode xs = result.putArray("q2");
        ArrayNode ys = result.putArray("dbr_dq2");
        for (int i = 0; i < q2.length; i++) {
            xs.add(q2[i]);
            ys.add(dbrdq2[i]);
        }
        ArrayNode tb = result.putArray("true_bins");
        for (int i = 0; i < bins.size(); i++) {
            ObjectNode o = tb.addObject();
            o.put("lo", bins.lo()[i]);
            o.put("hi", bins.hi()[i]);
            o.put("integral", integrals[i]);
            o.put("weight", weights[i]);
        }
        StringBuilder text = new StringBuilder(String.format(Locale.ROOT, "scenario %s: %s%nsource: %s%n",
                sc.name(), sc.description(), sc.source()));
        for (int i = 0; i < v.length; i++) {
            text.append(String.format(Locale.ROOT, "  %-14s = %.10g%n", sc.parameters().get(i).name(), v[i]));
        }
        text.append(String.format(Locale.ROOT, "BR (full range)          = %.10e%nBR (0 < q² < %.3f GeV²) = %.10e%n"
                + "BR / BR(null)            = %.6f%n", br, TrueBinning.CUTOFF, brWindow, brWindow / brNull));
        text.append(String.format(Locale.ROOT, "true q² bins of the Belle II reinterpretation (every 10th of %d):%n",
                bins.size() - 1));
        Table t = Table.numeric("q² from [GeV²]", "to [GeV²]", "∫ dBR/dq² dq²", "weight to the SM");
        for (int i = 1; i < bins.size(); i += 10) { // bin 0 is the sentinel [−1, 0] of events without a q²
            t.row(Table.fixed(bins.lo()[i], 3), Table.fixed(bins.hi()[i], 3),
                    String.format(Locale.ROOT, "%.6e", integrals[i]), Table.fixed(weights[i], 6));
        }
        return new Rendered(result, text.append(t).toString());
    }

    static Rendered list(List<Scenario> scenarios) {
        ObjectNode result = JsonInput.mapper().createObjectNode();
        ArrayNode arr = result.putArray("scenarios");
        StringBuilder text = new StringBuilder();
        for (Scenario sc : scenarios) {
            ObjectNode o = arr.addObject();
            o.put("name", sc.name());
            o.put("description", sc.description());
            o.put("source", sc.source());
            ArrayNode ps = o.putArray("parameters");
            text.append(sc.name()).append(": ").append(sc.description()).append('\n');
            Table t = Table.named("parameter", "default", "lower", "upper", "unit", "description").left(4, 5);
            for (ScenarioParameter p : sc.parameters()) {
                ObjectNode po = ps.addObject();
                po.put("name", p.name());
                po.put("default", p.defaultValue());
                po.put("lower", p.lower());
                po.put("upper", p.upper());
                po.put("unit", p.unit());
                po.put("description", p.description());
                t.row(p.name(), Table.num(p.defaultValue(), 8), Table.num(p.lower()), Table.num(p.upper()),
                        p.unit(), p.description());
            }
            text.append(t.isEmpty() ? "  (no parameters)\n" : t.toString());
        }
        return new Rendered(result, text.toString());
    }
}
