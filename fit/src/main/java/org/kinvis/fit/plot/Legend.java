package org.kinvis.fit.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A frameless legend inside the axes (mplhep style): one row per entry, its handle drawn as the artist looks
 * (line, filled patch, point with error bar), in the order added.
 */
public final class Legend {
    /** Corner of the axes the legend sits in. */
    public enum Corner { UPPER_RIGHT, UPPER_LEFT, LOWER_RIGHT, LOWER_LEFT }

    /**
     * How an entry looks: a line (colour, width, dash, marker), a patch (fill, edge, hatch) or a point with a
     * vertical error bar; a patch can carry a line across it (a band with its median).
     */
    public record Handle(Color fill, Color edge, boolean hatch, Color line, double width, float[] dash,
            Marker marker, boolean errorBar) {
        public static Handle line(Color c, double width, float[] dash, Marker marker) {
            return new Handle(null, null, false, c, width, dash, marker, false);
        }

        public static Handle patch(Color fill, Color edge) {
            return new Handle(fill, edge, false, null, 0, null, Marker.NONE, false);
        }

        public static Handle hatched(Color edge) {
            return new Handle(null, edge, true, null, 0, null, Marker.NONE, false);
        }

        public static Handle errorBar(Color c, Marker marker) {
            return new Handle(null, null, false, c, 1.5, null, marker, true);
        }

        public static Handle marker(Color c, Marker marker) {
            return new Handle(null, null, false, c, 0, null, marker, false);
        }
    }

    record Entry(String label, Handle handle) {
    }

    final List<Entry> entries = new ArrayList<>();
    Corner corner = Corner.UPPER_RIGHT;
    double size = Style.LEGEND_SIZE;
    Color text = Color.BLACK;
    Color background;
    /** Offset of the block from the corner, as fractions of the axes (e.g. to clear a text block). */
    double dx = 0;
    double dy = 0;

    public Legend add(String label, Handle h) {
        entries.add(new Entry(label, h));
        return this;
    }

    public Legend at(Corner c) {
        corner = c;
        return this;
    }

    public Legend offset(double fx, double fy) {
        dx = fx;
        dy = fy;
        return this;
    }

    /** Colour of the entries' text (white on a dark heat map). */
    public Legend textColor(Color c) {
        text = c;
        return this;
    }

    /** A box behind the entries (e.g. translucent dark on a heat map). */
    public Legend background(Color c) {
        background = c;
        return this;
    }

    public Legend size(double s) {
        size = s;
        return this;
    }

    void render(Graphics2D g, Rectangle2D box) {
        if (entries.isEmpty()) {
            return;
        }
        Font font = Style.font(size);
        double row = size * 1.45;
        double handleW = size * 2.2;
        double gap = size * 0.6;
        double textW = 0;
        for (Entry e : entries) {
            textW = Math.max(textW, MathText.width(e.label, font, g.getFontRenderContext()));
        }
        double w = handleW + gap + textW;
        double h = row * entries.size();
        double pad = 10;
        boolean right = corner == Corner.UPPER_RIGHT || corner == Corner.LOWER_RIGHT;
        boolean upper = corner == Corner.UPPER_RIGHT || corner == Corner.UPPER_LEFT;
        double x0 = (right ? box.getMaxX() - pad - w : box.getMinX() + pad) + dx * box.getWidth();
        double y0 = (upper ? box.getMinY() + pad : box.getMaxY() - pad - h) + dy * box.getHeight();
        Svg.begin(g, "legend", null);
        if (background != null) {
            g.setColor(background);
            g.fill(new java.awt.geom.RoundRectangle2D.Double(x0 - 6, y0 - 4, w + 12, h + 8, 6, 6));
        }
        for (int i = 0; i < entries.size(); i++) {
            Entry e = entries.get(i);
            double cy = y0 + row * (i + 0.5);
            Svg.begin(g, "legend-entry", Map.of("label", MathText.plain(e.label), "index", Integer.toString(i)));
            drawHandle(g, e.handle, x0, cy, handleW, size * 0.8);
            MathText.draw(g, e.label, font, text, x0 + handleW + gap, cy, 0, 0.5, 0);
            Svg.end(g, "legend-entry");
        }
        Svg.end(g, "legend");
    }

    static void drawHandle(Graphics2D g, Handle h, double x, double cy, double w, double hh) {
        Rectangle2D r = new Rectangle2D.Double(x, cy - hh / 2, w, hh);
        if (h.fill() != null) {
            g.setColor(h.fill());
            g.fill(r);
        }
        if (h.hatch()) {
            Axes.hatch(g, r, h.edge());
        }
        if (h.edge() != null) {
            g.setColor(h.edge());
            g.setStroke(Style.stroke(1.0, null));
            g.draw(r);
        }
        if (h.line() != null && h.width() > 0 && !h.errorBar()) {
            g.setColor(h.line());
            g.setStroke(Style.stroke(h.width(), h.dash()));
            g.draw(new Line2D.Double(x, cy, x + w, cy));
        }
        if (h.errorBar()) {
            g.setColor(h.line());
            g.setStroke(Style.stroke(h.width(), null));
            g.draw(new Line2D.Double(x + w / 2, cy - hh / 2 - 2, x + w / 2, cy + hh / 2 + 2));
        }
        if (h.marker() != Marker.NONE) {
            g.setColor(h.line() != null ? h.line() : Color.BLACK);
            g.fill(h.marker().shape(x + w / 2, cy, 7));
        }
    }
}
