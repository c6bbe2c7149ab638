package org.kinvis.host.physics;

/** A physics parameter of a scenario: default value, allowed range, unit and meaning. */
public record ScenarioParameter(String name, double defaultValue, double lower, double upper, String unit,
        String description) {
}
