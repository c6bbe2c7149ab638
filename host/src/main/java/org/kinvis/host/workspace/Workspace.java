package org.kinvis.host.workspace;

import java.util.ArrayList;
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
     * {@code Workspace.prune}: parameter overrides of removed modifiers go too; a channel left without samples
     * is an error.
     */
    public Workspace prune(Set<String> modifiers, Set<String> modifierTypes, Set<String> samples,
            Set<String> channelNames, Set<String> measurementNames) {
        checkKnown("modifier", modifiers, allModifierNames());
        checkKnown("modifier type", modifierTypes, Set.copyOf(Modifier.TYPES));
        checkKnown("sample", samples, allSampleNames());
        checkKnown("channel", channelNames, Set.copyOf(channels.stream().map(Channel::name).toList()));
        checkKnown("measurement", measurementNames, Set.copyOf(measurementNames()));
        List<Channel> chs = new ArrayList<>();
        Map<String, double[]> obs = new LinkedHashMap<>();
        for (Channel c : channels) {
            if (channelNames.contains(c.name())) {
                continue;
            }
            List<Sample> ss = new ArrayList<>();
            for (Sample s : c.samples()) {
                if (samples.contains(s.name())) {
                    continue;
                }
                List<Modifier> ms = s.modifiers().stream()
                        .filter(m -> !modifiers.contains(m.name()) && !modifierTypes.contains(m.type())).toList();
                ss.add(new Sample(s.name(), s.data(), ms));
            }
            if (ss.isEmpty()) {
                throw InputException.at(source, "channels", "pruning leaves channel '" + c.name()
                        + "' without samples; prune the channel as well");
            }
            chs.add(new Channel(c.name(), ss));
            obs.put(c.name(), observations.get(c.name()));
        }
        Workspace pruned = new Workspace(source, chs, obs, List.of(), version);
        Set<String> remaining = pruned.allModifierNames();
        List<Measurement> ms = new ArrayList<>();
        for (Measurement m : measurements) {
            if (measurementNames.contains(m.name())) {
                continue;
            }
            ms.add(new Measurement(m.name(), m.poi(),
                    m.parameters().stream().filter(p -> remaining.contains(p.name())).toList()));
        }
        return new Workspace(source, chs, obs, ms, version);
    }

    /** Renames modifiers (parameters), samples, channels and measurements, as pyhf's {@code Workspace.rename}. */
    public Workspace rename(Map<String, String> modifiers, Map<String, String> samples,
            Map<String, String> channelNames, Map<String, String> measurementNames) {
        checkKnown("modifier", modifiers.keySet(), allModifierNames());
        checkKnown("sample", samples.keySet(), allSampleNames());
        checkKnown("channel", channelNames.keySet(), Set.copyOf(channels.stream().map(Channel::name).toList()));
        checkKnown("measurement", measurementNames.keySet(), Set.copyOf(measurementNames()));
        List<Channel> chs = new ArrayList<>();
        Map<String, double[]> obs = new LinkedHashMap<>();
        for (Channel c : channels) {
            List<Sample> ss = new ArrayList<>();
            for (Sample s : c.samples()) {
                List<Modifier> ms = s.modifiers().stream()
                        .map(m -> modifiers.containsKey(m.name()) ? m.renamed(modifiers.get(m.name())) : m).toList();
                ss.add(new Sample(samples.getOrDefault(s.name(), s.name()), s.data(), ms));
            }
            String cn = channelNames.getOrDefault(c.name(), c.name());
            chs.add(new Channel(cn, ss));
            obs.put(cn, observations.get(c.name()));
        }
        List<Measurement> ms = new ArrayList<>();
        for (Measurement m : measurements) {
            List<ParameterConfig> ps = m.parameters().stream()
                    .map(p -> new ParameterConfig(modifiers.getOrDefault(p.name(), p.name()), p.inits(), p.bounds(),
                            p.fixed(), p.auxdata(), p.sigmas(), p.factors()))
                    .toList();
            ms.add(new Measurement(measurementNames.getOrDefault(m.name(), m.name()),
                    modifiers.getOrDefault(m.poi(), m.poi()), ps));
        }
        return new Workspace(source, chs, obs, ms, version);
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

    private void checkKnown(String what, Set<String> asked, Set<String> known) {
        for (String a : asked) {
            if (!known.contains(a)) {
                throw InputException.at(source, what + "s", "no " + what + " named '" + a + "'");
            }
        }
    }
}
