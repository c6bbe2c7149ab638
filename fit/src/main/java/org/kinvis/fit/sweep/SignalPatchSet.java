package org.kinvis.fit.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import org.kinvis.host.input.InputException;
import org.kinvis.host.input.JsonInput;
import org.kinvis.host.model.InterpolationSettings;
import org.kinvis.host.physics.Scenario;
import org.kinvis.host.reweight.Reinterpretation;
import org.kinvis.host.reweight.SignalMap;
import org.kinvis.host.workspace.WorkspaceDigest;
import org.kinvis.host.workspace.WorkspaceReader;
import org.kinvis.kernels.cpu.CpuBackend;

/**
 * A HEPData-style patchset of Belle II signal variants: one patch per value of a scenario parameter, each
 * replacing the signal samples' histograms of the workspace by those of the scenario at that point — the SM
 * signal of every analysis bin times the folded reweighting factor of {@link Reinterpretation} (form factors at
 * their prior centrals), with the sample's histosys templates and absolute statistical uncertainties
 * (staterror, shapesys) scaled alike; normalisation systematics and {@code mu} stay, so {@code mu} scales the
 * scenario's signal. This is how signal hypotheses are published for pyhf ({@code pyhf patchset apply}): the
 * digest in the metadata is the workspace's, and {@code kinvis sweep --patchset} runs one task per patch.
 */
public final class SignalPatchSet {
    private SignalPatchSet() {
    }

    /**
     * The patchset for scenario {@code sc} at {@code values} (its parameters in order), with {@code over} taking
     * each of {@code grid}.
     */
    public static ObjectNode build(Path workspace, Path dataDir, Scenario sc, double[] values, String over,
            double[] grid) {
        int k = sc.indexOf(over);
        if (k < 0 || k >= sc.parameters().size() - 8) {
            throw InputException.at("--over", over, "not a physics parameter of scenario " + sc.name());
        }
        JsonNode spec = JsonInput.read(workspace);
        ObjectNode set = JsonInput.mapper().createObjectNode();
        ObjectNode meta = set.putObject("metadata");
        meta.put("name", "kinvis_" + sc.name() + "_" + over);
        meta.put("description", "Belle II B+ -> K+ nu nubar signal variants of scenario " + sc.name() + " over "
                + over + " (kinvis sweep signal-patchset)");
        ObjectNode digests = meta.putObject("digests");
        digests.put("sha256", WorkspaceDigest.of(spec, "sha256"));
        meta.putArray("labels").add(over);
        ArrayNode patches = set.putArray("patches");
        try (CpuBackend backend = new CpuBackend()) {
            for (double x : grid) {
                double[] v = values.clone();
                v[k] = x;
                try (Reinterpretation r = new Reinterpretation(WorkspaceReader.fromJson(spec, workspace.toString()),
                        dataDir, sc, v, Set.of(), InterpolationSettings.DEFAULT, backend)) {
                    double[] f = r.factors(r.parameters().inits(), 0);
                    ObjectNode p = patches.addObject();
                    ObjectNode pm = p.putObject("metadata");
                    pm.put("name", over + "_" + String.format(Locale.ROOT, "%.6g", x).replaceAll("\\.?0+$", ""));
                    pm.putArray("values").add(x);
                    operations(spec, r, f, p.putArray("patch"));
                }
            }
        }
        return set;
    }

    /** Replace operations for every signal sample's data and per-bin modifiers, scaled by the factors. */
    private static void operations(JsonNode spec, Reinterpretation r, double[] f, ArrayNode ops) {
        JsonNode channels = spec.get("channels");
        int offset = 0;
        for (SignalMap m : SignalMap.belle2()) {
            String channel = m.channelIn(r.base().channels());
            for (int c = 0; c < channels.size(); c++) {
                if (!channels.get(c).get("name").asText().equals(channel)) {
                    continue;
                }
                JsonNode samples = channels.get(c).get("samples");
                int bins = 0;
                for (int s = 0; s < samples.size(); s++) {
                    JsonNode sample = samples.get(s);
                    if (!sample.get("name").asText().equals(m.sample())) {
                        continue;
                    }
                    String path = "/channels/" + c + "/samples/" + s;
                    bins = sample.get("data").size();
                    replace(ops, path + "/data", scaled(sample.get("data"), f, offset));
                    JsonNode mods = sample.get("modifiers");
                    for (int j = 0; j < mods.size(); j++) {
                        JsonNode mod = mods.get(j);
                        String type = mod.get("type").asText();
                        String mp = path + "/modifiers/" + j + "/data";
                        if (type.equals("histosys")) {
                            replace(ops, mp + "/hi_data", scaled(mod.get("data").get("hi_data"), f, offset));
                            replace(ops, mp + "/lo_data", scaled(mod.get("data").get("lo_data"), f, offset));
                        } else if (type.equals("staterror") || type.equals("shapesys")) {
                            replace(ops, mp, scaled(mod.get("data"), f, offset));
                        }
                    }
                }
                offset += bins;
            }
        }
        if (offset != f.length) {
            throw new IllegalStateException("signal bins " + offset + " do not match the " + f.length
                    + " reweighting factors");
        }
    }

    private static ArrayNode scaled(JsonNode data, double[] f, int offset) {
        ArrayNode out = JsonInput.mapper().createArrayNode();
        for (int i = 0; i < data.size(); i++) {
            out.add(data.get(i).asDouble() * f[offset + i]);
        }
        return out;
    }

    private static void replace(ArrayNode ops, String path, JsonNode value) {
        ops.addObject().put("op", "replace").put("path", path).set("value", value);
    }
}
