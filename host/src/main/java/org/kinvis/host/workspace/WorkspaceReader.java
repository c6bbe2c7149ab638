package org.kinvis.host.workspace;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kinvis.host.input.JsonInput;

/**
 * Reads and validates a pyhf JSON workspace. Checks what pyhf's schema and model building require: required
 * fields, modifier types and the shape of their data, consistent bin counts per channel, one observation per
 * channel, finite numbers, unique names. Every violation is an {@link org.kinvis.host.input.InputException}
 * naming the file and the JSON path.
 */
public final class WorkspaceReader {
    private final JsonInput in;

    private WorkspaceReader(String file) {
        this.in = new JsonInput(file);
    }

    public static Workspace read(Path path) {
        JsonNode root = JsonInput.read(path);
        return new WorkspaceReader(path.toString()).workspace(root);
    }

    /** Reads a workspace from an already parsed document; {@code file} names it in errors. */
    public static Workspace fromJson(JsonNode root, String file) {
        return new WorkspaceReader(file).workspace(root);
    }

    private Workspace workspace(JsonNode root) {
        in.object(root, "(top level)");
        JsonNode chs = in.array(in.field(root, "", "channels"), "channels");
        if (chs.isEmpty()) {
            throw in.error("channels", "expected at least one channel");
        }
        List<Channel> channels = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < chs.size(); i++) {
            Channel c = channel(chs.get(i), "channels[" + i + "]");
            if (!names.add(c.name())) {
                throw in.error("channels[" + i + "].name", "duplicate channel name '" + c.name() + "'");
            }
            channels.add(c);
        }
        Map<String, double[]> observations = observations(root, channels);
        List<Measurement> measurements = measurements(root);
        String version = in.string(in.field(root, "", "version"), "version");
        return new Workspace(in.file(), channels, observations, measurements, version);
    }

    private Channel channel(JsonNode node, String path) {
        in.object(node, path);
        String name = in.string(in.field(node, path, "name"), path + ".name");
        JsonNode ss = in.array(in.field(node, path, "samples"), path + ".samples");
        if (ss.isEmpty()) {
            throw in.error(path + ".samples", "expected at least one sample");
        }
        List<Sample> samples = new ArrayList<>();
        Set<String> names = new HashSet<>();
        int nbins = -1;
        for (int i = 0; i < ss.size(); i++) {
            String sp = path + ".samples[" + i + "]";
            Sample s = sample(ss.get(i), sp);
            if (nbins < 0) {
                nbins = s.data().length;
                if (nbins == 0) {
                    throw in.error(sp + ".data", "expected at least one bin");
                }
            } else if (s.data().length != nbins) {
                throw in.error(sp + ".data", "has " + s.data().length + " bins, expected " + nbins
                        + " (the bin count of channel '" + name + "')");
            }
            if (!names.add(s.name())) {
                throw in.error(sp + ".name", "duplicate sample name '" + s.name() + "' in channel '" + name + "'");
            }
            samples.add(s);
        }
        return new Channel(name, samples);
    }

    private Sample sample(JsonNode node, String path) {
        in.object(node, path);
        String name = in.string(in.field(node, path, "name"), path + ".name");
        double[] data = in.finiteArray(in.field(node, path, "data"), path + ".data");
        JsonNode ms = in.array(in.field(node, path, "modifiers"), path + ".modifiers");
        List<Modifier> modifiers = new ArrayList<>();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < ms.size(); i++) {
            String mp = path + ".modifiers[" + i + "]";
            Modifier m = modifier(ms.get(i), mp, data.length);
            if (!keys.add(m.type() + "/" + m.name())) {
                throw in.error(mp, "duplicate " + m.type() + " modifier '" + m.name() + "' in sample '" + name + "'");
            }
            modifiers.add(m);
        }
        return new Sample(name, data, modifiers);
    }

    private Modifier modifier(JsonNode node, String path, int nbins) {
        in.object(node, path);
        String name = in.string(in.field(node, path, "name"), path + ".name");
        String type = in.string(in.field(node, path, "type"), path + ".type");
        JsonNode data = node.get("data");
        String dp = path + ".data";
        switch (type) {
            case "normfactor", "shapefactor", "lumi" -> {
                if (data != null && !data.isNull()) {
                    throw in.error(dp, "expected null for a " + type + " modifier, got " + JsonInput.describe(data));
                }
                return switch (type) {
                    case "normfactor" -> new Modifier.Normfactor(name);
                    case "shapefactor" -> new Modifier.Shapefactor(name);
                    default -> new Modifier.Lumi(name);
                };
            }
            case "normsys" -> {
                in.object(data, dp);
                double hi = in.finite(in.field(data, dp, "hi"), dp + ".hi");
                double lo = in.finite(in.field(data, dp, "lo"), dp + ".lo");
                return new Modifier.Normsys(name, hi, lo);
            }
            case "histosys" -> {
                in.object(data, dp);
                double[] hi = binArray(in.field(data, dp, "hi_data"), dp + ".hi_data", nbins);
                double[] lo = binArray(in.field(data, dp, "lo_data"), dp + ".lo_data", nbins);
                return new Modifier.Histosys(name, hi, lo);
            }
            case "staterror", "shapesys" -> {
                double[] u = binArray(data, dp, nbins);
                for (int i = 0; i < u.length; i++) {
                    if (u[i] < 0) {
                        throw in.error(dp + "[" + i + "]", "expected an uncertainty ≥ 0, got " + u[i]);
                    }
                }
                return type.equals("staterror") ? new Modifier.Staterror(name, u) : new Modifier.Shapesys(name, u);
            }
            default -> throw in.error(path + ".type", "unknown modifier type '" + type + "', expected one of "
                    + String.join(", ", Modifier.TYPES));
        }
    }

    private double[] binArray(JsonNode node, String path, int nbins) {
        double[] v = in.finiteArray(node, path);
        if (v.length != nbins) {
            throw in.error(path, "has " + v.length + " entries, expected " + nbins + " (the sample's bin count)");
        }
        return v;
    }

    private Map<String, double[]> observations(JsonNode root, List<Channel> channels) {
        JsonNode obs = in.array(in.field(root, "", "observations"), "observations");
        Map<String, Channel> byName = new LinkedHashMap<>();
        channels.forEach(c -> byName.put(c.name(), c));
        Map<String, double[]> out = new LinkedHashMap<>();
        for (int i = 0; i < obs.size(); i++) {
            String p = "observations[" + i + "]";
            JsonNode o = in.object(obs.get(i), p);
            String name = in.string(in.field(o, p, "name"), p + ".name");
            double[] data = in.finiteArray(in.field(o, p, "data"), p + ".data");
            Channel c = byName.get(name);
            if (c == null) {
                continue; // pyhf ignores observations of channels not in the model
            }
            if (data.length != c.nbins()) {
                throw in.error(p + ".data", "has " + data.length + " bins, expected " + c.nbins()
                        + " (the bin count of channel '" + name + "')");
            }
            for (int j = 0; j < data.length; j++) {
                if (data[j] < 0) {
                    throw in.error(p + ".data[" + j + "]", "expected a count ≥ 0, got " + data[j]);
                }
            }
            if (out.put(name, data) != null) {
                throw in.error(p + ".name", "duplicate observation for channel '" + name + "'");
            }
        }
        for (Channel c : channels) {
            if (!out.containsKey(c.name())) {
                throw in.error("observations", "no observation for channel '" + c.name() + "'");
            }
        }
        return out;
    }

    private List<Measurement> measurements(JsonNode root) {
        JsonNode ms = in.array(in.field(root, "", "measurements"), "measurements");
        List<Measurement> out = new ArrayList<>();
        for (int i = 0; i < ms.size(); i++) {
            String p = "measurements[" + i + "]";
            JsonNode m = in.object(ms.get(i), p);
            String name = in.string(in.field(m, p, "name"), p + ".name");
            JsonNode cfg = in.object(in.field(m, p, "config"), p + ".config");
            String poi = in.string(in.field(cfg, p + ".config", "poi"), p + ".config.poi");
            List<ParameterConfig> params = new ArrayList<>();
            JsonNode ps = cfg.get("parameters");
            if (ps != null) {
                in.array(ps, p + ".config.parameters");
                Set<String> seen = new HashSet<>();
                for (int j = 0; j < ps.size(); j++) {
                    String pp = p + ".config.parameters[" + j + "]";
                    ParameterConfig pc = parameter(ps.get(j), pp);
                    if (!seen.add(pc.name())) {
                        throw in.error(pp + ".name", "multiple configurations for parameter '" + pc.name() + "'");
                    }
                    params.add(pc);
                }
            }
            out.add(new Measurement(name, poi, params));
        }
        return out;
    }

    private ParameterConfig parameter(JsonNode node, String path) {
        in.object(node, path);
        String name = in.string(in.field(node, path, "name"), path + ".name");
        double[] inits = node.has("inits") ? in.finiteArray(node.get("inits"), path + ".inits") : null;
        double[][] bounds = null;
        if (node.has("bounds")) {
            JsonNode b = in.array(node.get("bounds"), path + ".bounds");
            bounds = new double[b.size()][];
            for (int i = 0; i < b.size(); i++) {
                String bp = path + ".bounds[" + i + "]";
                double[] pair = in.finiteArray(b.get(i), bp);
                if (pair.length != 2 || pair[0] > pair[1]) {
                    throw in.error(bp, "expected [low, high] with low ≤ high");
                }
                bounds[i] = pair;
            }
        }
        Boolean fixed = node.has("fixed") ? in.bool(node.get("fixed"), path + ".fixed") : null;
        double[] aux = node.has("auxdata") ? in.finiteArray(node.get("auxdata"), path + ".auxdata") : null;
        double[] sigmas = node.has("sigmas") ? in.finiteArray(node.get("sigmas"), path + ".sigmas") : null;
        double[] factors = node.has("factors") ? in.finiteArray(node.get("factors"), path + ".factors") : null;
        if (sigmas != null) {
            for (int i = 0; i < sigmas.length; i++) {
                if (!(sigmas[i] > 0)) {
                    throw in.error(path + ".sigmas[" + i + "]", "expected a width > 0, got " + sigmas[i]);
                }
            }
        }
        return new ParameterConfig(name, inits, bounds, fixed, aux, sigmas, factors);
    }
}
