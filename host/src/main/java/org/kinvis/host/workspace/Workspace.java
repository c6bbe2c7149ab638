package org.kinvis.host.workspace;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.kinvis.host.input.InputException;

/**
 * A pyhf JSON workspace (schema 1.0.0): channels with samples and modifiers, observed data per channel and
 * measurements. Immutable; the operations pyhf users rely on ({@link #prune}, {@link #rename}) return new
 * workspaces. {@code source} names the file for error messages.
 */
public record Workspace(String source, List<Channel> channels, Map<String, double[]> observations,
        List<Measurement> measurements, String version) {

    public Workspace {
        channels = List.copyOf(channels);
        observations = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(observations));
        measurements = List.copyOf(measurements);
    }

    /** The named measurement, or the first one when {@code name} is null (pyhf's default). */
    public Measurement measurement(String name) {
        if (measurements.isEmpty()) {
            throw InputException.at(source, "measurements", "no measurement defined, expected at least one");
        }
        if (name == null) {
            return measurements.get(0);
        }
        return measurements.stream().filter(m -> m.name().equals(name)).findFirst()
                .orElseThrow(() -> InputException.at(source, "measurements",
                        "no measurement named '" + name + "', expected one of " + measurementNames()));
    }

    public List<String> measurementNames() {
        return measurements.stream().map(Measurement::name).toList();
    }

    public Channel channel(String name) {
        return channels.stream().filter(c -> c.name().equals(name)).findFirst()
                .orElseThrow(() -> InputException.at(source, "channels", "no channel named '" + name + "'"));
    }

    /**
     * Removes modifiers (by parameter name), modifier types, samples, channels and measurements, as pyhf's
     * {@code Workspace.prune} ({@link Workspaces#prune}): parameter configurations of removed modifier names go
     * too; a name that does not exist and a channel left without samples are errors.
     */
    public Workspace prune(Set<String> modifiers, Set<String> modifierTypes, Set<String> samples,
            Set<String> channelNames, Set<String> measurementNames) {
        return WorkspaceReader.fromJson(Workspaces.prune(toJson(), source, modifiers, modifierTypes, samples,
                channelNames, measurementNames), source);
    }

    /** Renames modifiers (parameters), samples, channels and measurements, as pyhf's {@code Workspace.rename}. */
    public Workspace rename(Map<String, String> modifiers, Map<String, String> samples,
            Map<String, String> channelNames, Map<String, String> measurementNames) {
        return WorkspaceReader.fromJson(Workspaces.rename(toJson(), source, modifiers, samples, channelNames,
                measurementNames), source);
    }

    /** The workspace as a pyhf JSON document (numbers as doubles). */
    public ObjectNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        ArrayNode chs = root.putArray("channels");
        for (Channel c : channels) {
            ObjectNode cn = chs.addObject();
            cn.put("name", c.name());
            ArrayNode ss = cn.putArray("samples");
            for (Sample s : c.samples()) {
                ObjectNode sn = ss.addObject();
                sn.put("name", s.name());
                numbers(sn.putArray("data"), s.data());
                ArrayNode ms = sn.putArray("modifiers");
                for (Modifier m : s.modifiers()) {
                    ObjectNode mn = ms.addObject();
                    mn.put("name", m.name());
                    mn.put("type", m.type());
                    switch (m) {
                        case Modifier.Normsys n -> mn.putObject("data").put("hi", n.hi()).put("lo", n.lo());
                        case Modifier.Histosys h -> {
                            ObjectNode d = mn.putObject("data");
                            numbers(d.putArray("hi_data"), h.hiData());
                            numbers(d.putArray("lo_data"), h.loData());
                        }
                        case Modifier.Staterror st -> numbers(mn.putArray("data"), st.uncertainties());
                        case Modifier.Shapesys sh -> numbers(mn.putArray("data"), sh.uncertainties());
                        case Modifier.Normfactor n -> mn.putNull("data");
                        case Modifier.Shapefactor n -> mn.putNull("data");
                        case Modifier.Lumi n -> mn.putNull("data");
                    }
                }
            }
        }
        ArrayNode obs = root.putArray("observations");
        observations.forEach((name, data) -> {
            ObjectNode o = obs.addObject();
            o.put("name", name);
            numbers(o.putArray("data"), data);
        });
        ArrayNode ms = root.putArray("measurements");
        for (Measurement m : measurements) {
            ObjectNode mn = ms.addObject();
            mn.put("name", m.name());
            ObjectNode cfg = mn.putObject("config");
            cfg.put("poi", m.poi());
            ArrayNode ps = cfg.putArray("parameters");
            for (ParameterConfig p : m.parameters()) {
                ObjectNode pn = ps.addObject();
                pn.put("name", p.name());
                if (p.inits() != null) {
                    numbers(pn.putArray("inits"), p.inits());
                }
                if (p.bounds() != null) {
                    ArrayNode b = pn.putArray("bounds");
                    for (double[] pair : p.bounds()) {
                        numbers(b.addArray(), pair);
                    }
                }
                if (p.fixed() != null) {
                    pn.put("fixed", p.fixed());
                }
                if (p.auxdata() != null) {
                    numbers(pn.putArray("auxdata"), p.auxdata());
                }
                if (p.sigmas() != null) {
                    numbers(pn.putArray("sigmas"), p.sigmas());
                }
                if (p.factors() != null) {
                    numbers(pn.putArray("factors"), p.factors());
                }
            }
        }
        root.put("version", version);
        return root;
    }

    private static void numbers(ArrayNode a, double[] v) {
        for (double x : v) {
            a.add(x);
        }
    }

    /** Every parameter name that a modifier declares. */
    public Set<String> allModifierNames() {
        Set<String> names = new java.util.TreeSet<>();
        for (Channel c : channels) {
            for (Sample s : c.samples()) {
                for (Modifier m : s.modifiers()) {
                    names.add(m.name());
                }
            }
        }
        return names;
    }

    public Set<String> allSampleNames() {
        Set<String> names = new java.util.TreeSet<>();
        for (Channel c : channels) {
            for (Sample s : c.samples()) {
                names.add(s.name());
            }
        }
        return names;
    }
}
