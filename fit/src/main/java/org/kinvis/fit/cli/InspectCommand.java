package org.kinvis.fit.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.kinvis.host.input.JsonInput;
import org.kinvis.host.model.CompiledModel;
import org.kinvis.host.model.Inspection;
import org.kinvis.host.workspace.PatchRequest;
import org.kinvis.host.workspace.PatchSet;
import org.kinvis.host.workspace.Workspace;
import org.kinvis.host.workspace.WorkspaceDigest;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code kinvis inspect}: what a workspace holds, as {@code pyhf inspect}; and the patches of a patchset. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Summarise a pyhf workspace (channels, samples, modifiers, parameters with bounds, inits and"
                + " constraints, measurements and their POI), as pyhf inspect; with --patchset, list its patches.")
final class InspectCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Mixin
    ModelOptions modelOptions;

    @Option(names = "--patchset", paramLabel = "FILE",
            description = "List the patches of this HEPData patchset (labels, names, values) and check its digests"
                    + " against the workspace.")
    Path patchset;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        boolean json = common.json();
        if (patchset != null) {
            return listPatches(json);
        }
        Workspace ws = modelOptions.workspace(common);
        CompiledModel model = modelOptions.compile(ws);
        Inspection in = Inspection.of(ws, model);
        Output.emit(common, in.toJson(), json ? null : text(in), spec.commandLine().getOut());
        return 0;
    }

    private int listPatches(boolean json) {
        PatchRequest.Patched doc = modelOptions.document(common);
        PatchSet set = PatchSet.read(JsonInput.read(patchset), patchset.toString());
        ObjectNode o = JsonInput.mapper().createObjectNode();
        o.put("patchset", patchset.toString());
        o.put("description", set.description());
        set.labels().forEach(o.putArray("labels")::add);
        o.put("workspace", doc.source());
        ObjectNode dg = o.putObject("digests");
        boolean allMatch = true;
        for (var e : set.digests().entrySet()) {
            String got = WorkspaceDigest.of(doc.spec(), e.getKey());
            allMatch &= got.equals(e.getValue());
            dg.putObject(e.getKey()).put("expected", e.getValue()).put("workspace", got)
                    .put("match", got.equals(e.getValue()));
        }
        o.put("digests_match", allMatch);
        ArrayNode ps = o.putArray("patches");
        for (PatchSet.Patch p : set.patches()) {
            ObjectNode pn = ps.addObject().put("name", p.name());
            p.values().forEach(pn.putArray("values")::add);
            pn.put("operations", p.operations().operations().size());
        }
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "patchset    %s (%d patches)%n", patchset, set.patches().size()));
        if (!set.description().isEmpty()) {
            sb.append(String.format(Locale.ROOT, "            %s%n", set.description()));
        }
        sb.append(String.format(Locale.ROOT, "workspace   %s: digests %s%n%n", doc.source(), allMatch ? "match"
                : "DO NOT match (pyhf would refuse to apply these patches)"));
        int w = Math.max(5, set.patches().stream().mapToInt(p -> p.name().length()).max().orElse(5));
        sb.append(String.format(Locale.ROOT, "%-" + w + "s  %s%n", "patch", String.join(", ", set.labels())));
        for (PatchSet.Patch p : set.patches()) {
            sb.append(String.format(Locale.ROOT, "%-" + w + "s  %s%n", p.name(), p.valuesText().replace(",", ", ")));
        }
        Output.emit(common, o, json ? null : sb.toString(), spec.commandLine().getOut());
        return 0;
    }

    static String text(Inspection in) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "workspace   %s (version %s)%n", in.source(), in.version()));
        sb.append(String.format(Locale.ROOT, "summary     %d channels, %d bins, %d samples, %d modifiers,"
                + " %d parameter sets (%d parameters)%n%n", in.channels().size(), in.nBins(), in.samples().size(),
                in.modifiers().size(), in.parameters().size(), in.nParameters()));
        int w = 10;
        for (var c : in.channels()) {
            w = Math.max(w, c.name().length());
        }
        for (var p : in.parameters()) {
            w = Math.max(w, p.name().length());
        }
        for (var m : in.modifiers()) {
            w = Math.max(w, m.name().length());
        }
        for (var m : in.measurements()) {
            w = Math.max(w, m.name().length() + 4);
        }
        String f2 = "%" + w + "s  %s%n";
        sb.append(String.format(Locale.ROOT, f2, "channel", "bins  samples"));
        for (var c : in.channels()) {
            sb.append(String.format(Locale.ROOT, f2, c.name(), String.format(Locale.ROOT, "%4d  %s", c.bins(),
                    String.join(", ", c.samples()))));
        }
        sb.append(System.lineSeparator());
        sb.append(String.format(Locale.ROOT, f2, "modifier", "type"));
        for (var m : in.modifiers()) {
            sb.append(String.format(Locale.ROOT, f2, m.name(), m.type()));
        }
        sb.append(System.lineSeparator());
        sb.append(String.format(Locale.ROOT, "%" + w + "s  %-22s  %-20s  %4s  %-12s  %-18s  %s%n", "parameter",
                "constraint", "modifiers", "n", "init", "bounds", "fixed"));
        for (var p : in.parameters()) {
            sb.append(String.format(Locale.ROOT, "%" + w + "s  %-22s  %-20s  %4d  %-12s  %-18s  %s%n", p.name(),
                    p.constraint(), String.join(",", p.modifierTypes()), p.n(), summary(p.inits()),
                    bounds(p.bounds()), fixed(p.fixed())));
        }
        sb.append(System.lineSeparator());
        sb.append(String.format(Locale.ROOT, "%" + w + "s  %-22s  %s%n", "measurement", "poi", "parameters"));
        for (var m : in.measurements()) {
            String name = (m.name().equals(in.measurement()) ? "(*) " : "") + m.name();
            sb.append(String.format(Locale.ROOT, "%" + w + "s  %-22s  %s%n", name, m.poi().isEmpty() ? "(none)"
                    : m.poi(), m.parameters().isEmpty() ? "(none)" : String.join(",", m.parameters())));
        }
        sb.append(System.lineSeparator()).append(in.poi() == null
                ? "no parameter of interest: eval and fit work, scan and limit need one" + System.lineSeparator()
                : String.format(Locale.ROOT, "POI %s (index %d)%n", in.poi(), in.poiIndex()));
        return sb.toString();
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.6g", v).replaceAll("(\\.\\d*?)0+(e|$)", "$1$2").replace(".e", "e")
                .replaceAll("\\.$", "");
    }

    private static String summary(double[] v) {
        double lo = Arrays.stream(v).min().orElse(0);
        double hi = Arrays.stream(v).max().orElse(0);
        return lo == hi ? num(lo) : num(lo) + ".." + num(hi);
    }

    private static String bounds(double[][] b) {
        double[] lo = Arrays.stream(b).mapToDouble(x -> x[0]).toArray();
        double[] hi = Arrays.stream(b).mapToDouble(x -> x[1]).toArray();
        return "[" + summary(lo) + ", " + summary(hi) + "]";
    }

    private static String fixed(boolean[] f) {
        int n = 0;
        for (boolean x : f) {
            n += x ? 1 : 0;
        }
        return n == 0 ? "no" : n == f.length ? "yes" : n + " of " + f.length;
    }
}
