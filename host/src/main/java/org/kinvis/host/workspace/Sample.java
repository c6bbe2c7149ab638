package org.kinvis.host.workspace;

import java.util.List;

/** A sample of a channel: nominal yields per bin and its modifiers. */
public record Sample(String name, double[] data, List<Modifier> modifiers) {
    public Sample {
        modifiers = List.copyOf(modifiers);
    }
}
