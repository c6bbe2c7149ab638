package org.kinvis.fit.plot;

import java.awt.Graphics2D;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jfree.svg.SVGGraphics2D;
import org.jfree.svg.SVGHints;

/**
 * Names parts of an SVG document: each artist, axis and legend entry is drawn inside a {@code <g>} with a class
 * and data attributes (the data values it shows), so the document can be read back and checked. A no-op on other
 * targets.
 */
final class Svg {
    private Svg() {
    }

    static void begin(Graphics2D g, String cls, Map<String, String> data) {
        if (!(g instanceof SVGGraphics2D) || cls == null) {
            return;
        }
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("class", cls);
        if (data != null) {
            data.forEach((k, v) -> attrs.put("data-" + k, v));
        }
        g.setRenderingHint(SVGHints.KEY_BEGIN_GROUP, attrs);
    }

    static void end(Graphics2D g, String cls) {
        if (g instanceof SVGGraphics2D && cls != null) {
            g.setRenderingHint(SVGHints.KEY_END_GROUP, "true");
        }
    }

    /** A number as a data attribute: full double precision, so a test compares it exactly. */
    static String num(double v) {
        return Double.toString(v);
    }
}
