package org.kinvis.fit.plot;

import java.awt.Color;

/** Colour maps: perceptually uniform viridis (heat maps), greys (2D histograms), blue–white–red (correlations). */
public enum Colormap {
    VIRIDIS(new int[] {0x440154, 0x482878, 0x3E4A89, 0x31688E, 0x26828E, 0x1F9E89, 0x35B779, 0x6DCD59, 0xB4DE2C,
        0xFDE725}),
    GREYS(new int[] {0xFFFFFF, 0xD9D9D9, 0xA0A0A0, 0x606060, 0x252525}),
    /** ColorBrewer RdBu reversed: −1 blue, 0 white, +1 red. */
    BLUE_RED(new int[] {0x053061, 0x2166AC, 0x4393C3, 0x92C5DE, 0xD1E5F0, 0xF7F7F7, 0xFDDBC7, 0xF4A582, 0xD6604D,
        0xB2182B, 0x67001F});

    private final int[] anchors;

    Colormap(int[] anchors) {
        this.anchors = anchors;
    }

    /** The colour at {@code t} in [0, 1] (clamped), linearly interpolated between the anchors. */
    public Color at(double t) {
        double u = Math.max(0, Math.min(1, Double.isNaN(t) ? 0 : t)) * (anchors.length - 1);
        int i = Math.min((int) Math.floor(u), anchors.length - 2);
        double f = u - i;
        int a = anchors[i];
        int b = anchors[i + 1];
        return new Color(mix(a >> 16, b >> 16, f), mix(a >> 8, b >> 8, f), mix(a, b, f));
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round((a & 0xFF) * (1 - f) + (b & 0xFF) * f);
    }
}
