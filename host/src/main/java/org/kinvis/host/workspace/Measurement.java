package org.kinvis.host.workspace;

import java.util.List;

/** A measurement: the parameter of interest and the parameter overrides. */
public record Measurement(String name, String poi, List<ParameterConfig> parameters) {
    public Measurement {
        parameters = List.copyOf(parameters);
    }
}
