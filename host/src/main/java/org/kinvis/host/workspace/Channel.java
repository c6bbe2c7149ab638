package org.kinvis.host.workspace;

import java.util.List;

/** A channel (region) of the workspace: its samples share the same binning. */
public record Channel(String name, List<Sample> samples) {
    public Channel {
        samples = List.copyOf(samples);
    }

    public int nbins() {
        return samples.get(0).data().length;
    }
}
