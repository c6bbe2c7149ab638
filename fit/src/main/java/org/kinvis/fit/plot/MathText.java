package org.kinvis.fit.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.font.FontRenderContext;
import java.awt.geom.AffineTransform;
import java.util.ArrayList;
import java.util.List;

/**
 * Labels with sub- and superscripts in a small TeX-like markup: {@code C_{V}}, {@code q^{2} [GeV^{2}]},
 * {@code 4.62_{−1.32}^{+1.31}} (a subscript followed by a superscript is stacked, as TeX does); everything else is
 * plain Unicode (μ, σ, ν, →); a backslash escapes the next character. Each run is drawn as its own string, so
 * vector output keeps text as text.
 */
public final class MathText {
    private MathText() {
    }

    /** One piece of a label: its text, size factor and baseline shift (in units of the base size, down +). */
    record Run(String text, double scale, double shift, boolean stackWithNext) {
    }

    static final double SCRIPT = 0.72;

    static List<Run> parse(String markup) {
        List<Run> runs = new ArrayList<>();
        StringBuilder plain = new StringBuilder();
        int i = 0;
        while (i < markup.length()) {
            char c = markup.charAt(i);
            if (c == '\\' && i + 1 < markup.length()) {
                plain.append(markup.charAt(i + 1));
                i += 2;
                continue;
            }
            if ((c == '_' || c == '^') && i + 1 < markup.length()) {
                String arg;
                int next;
                if (markup.charAt(i + 1) == '{') {
                    int close = markup.indexOf('}', i + 2);
                    if (close < 0) {
                        close = markup.length();
                    }
                    arg = markup.substring(i + 2, close);
                    next = Math.min(close + 1, markup.length());
                } else {
                    arg = markup.substring(i + 1, i + 2);
                    next = i + 2;
                }
                if (!plain.isEmpty()) {
                    runs.add(new Run(plain.toString(), 1, 0, false));
                    plain.setLength(0);
                }
                boolean stack = c == '_' && next < markup.length() && markup.charAt(next) == '^';
                runs.add(new Run(arg, SCRIPT, c == '_' ? 0.28 : -0.40, stack));
                i = next;
            } else {
                plain.append(c);
                i++;
            }
        }
        if (!plain.isEmpty()) {
            runs.add(new Run(plain.toString(), 1, 0, false));
        }
        return runs;
    }

    /** {@code text} with its markup characters escaped: a name such as corr_bb_c1 drawn as it is. */
    public static String escape(String text) {
        return text.replace("\\", "\\\\").replace("_", "\\_").replace("^", "\\^");
    }

    /** The label without markup (for file metadata and tests). */
    public static String plain(String markup) {
        StringBuilder sb = new StringBuilder();
        for (Run r : parse(markup)) {
            sb.append(r.text());
        }
        return sb.toString();
    }

    /** Width of the label in points. */
    public static double width(String markup, Font font, FontRenderContext frc) {
        double w = 0;
        double stacked = -1;
        for (Run r : parse(markup)) {
            double rw = font.deriveFont((float) (font.getSize2D() * r.scale())).getStringBounds(r.text(), frc)
                    .getWidth();
            if (r.stackWithNext()) {
                stacked = rw;
            } else if (stacked >= 0) {
                w += Math.max(stacked, rw);
                stacked = -1;
            } else {
                w += rw;
            }
        }
        return w + Math.max(stacked, 0);
    }

    /**
     * Draws {@code markup} with its anchor at (x, y): {@code ha} 0 left, 0.5 centre, 1 right; {@code va} 0 on the
     * baseline, 0.5 centred on the capital height, 1 top (cap height below y); rotated by {@code angle} radians
     * (counter-clockwise, as on the page) about the anchor.
     */
    public static void draw(Graphics2D g, String markup, Font font, Color color, double x, double y, double ha,
            double va, double angle) {
        FontRenderContext frc = g.getFontRenderContext();
        double w = width(markup, font, frc);
        double cap = font.getSize2D() * 0.72;
        double dx = -ha * w;
        double dy = va * cap;
        AffineTransform saved = g.getTransform();
        if (angle != 0) {
            g.rotate(-angle, x, y);
        }
        g.setColor(color);
        double cx = x + dx;
        double stackX = Double.NaN;
        double stackW = 0;
        for (Run r : parse(markup)) {
            Font f = font.deriveFont((float) (font.getSize2D() * r.scale()));
            double rw = f.getStringBounds(r.text(), frc).getWidth();
            double yy = y + dy + r.shift() * font.getSize2D();
            if (r.stackWithNext()) {
                stackX = cx;
                stackW = rw;
                g.setFont(f);
                g.drawString(r.text(), (float) cx, (float) yy);
                continue;
            }
            double start = Double.isNaN(stackX) ? cx : stackX;
            g.setFont(f);
            g.drawString(r.text(), (float) start, (float) yy);
            cx = start + (Double.isNaN(stackX) ? rw : Math.max(rw, stackW));
            stackX = Double.NaN;
        }
        g.setTransform(saved);
    }
}
