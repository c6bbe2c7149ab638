package org.kinvis.fit.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.GraphicsEnvironment;
import java.util.Arrays;

/**
 * The one look of every kinvis figure, after the mplhep / ATLAS / Belle II styles: sans-serif text sized for a
 * slide, ticks inside on all four sides with minor ticks, x label at the right end and y label at the top of
 * the axes, frameless legends, and the conventional colours (green ±1σ and yellow ±2σ bands, black data and
 * observed curves). Sizes are in points (1/72 inch).
 */
public final class Style {
    private Style() {
    }

    /** Font family: DejaVu Sans where installed (it has every glyph used: μ σ ν ² ± − →), else the JDK's. */
    public static final String FAMILY = pickFamily();

    public static final double LABEL_SIZE = 17;
    public static final double TICK_SIZE = 14;
    public static final double LEGEND_SIZE = 13;
    public static final double TEXT_SIZE = 13;
    /** Space between an axis label's glyphs and the tick labels, in points. */
    public static final double LABEL_GAP = 5;

    public static final double MAJOR_TICK = 8;
    public static final double MINOR_TICK = 4;
    public static final double FRAME_WIDTH = 1.1;
    public static final double LINE_WIDTH = 2.0;

    /** pyhf / cabinetry Brazil-band colours. */
    public static final Color GREEN = new Color(0, 200, 0);
    public static final Color YELLOW = new Color(255, 230, 0);
    /** The CLs threshold line: red, unlike either band. */
    public static final Color RED = new Color(220, 20, 20);
    public static final Color BLUE = new Color(31, 119, 180);
    public static final Color ORANGE = new Color(255, 127, 14);
    public static final Color GREY = new Color(128, 128, 128);
    public static final Color LIGHT_GREY = new Color(200, 200, 200);

    /** A colour cycle for stacked samples and several curves (matplotlib's tab10). */
    public static final Color[] CYCLE = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
        new Color(214, 39, 40), new Color(148, 103, 189), new Color(140, 86, 75), new Color(227, 119, 194),
        new Color(127, 127, 127), new Color(188, 189, 34), new Color(23, 190, 207)};

    public static final float[] DASHED = {7f, 4f};
    public static final float[] DOTTED = {2f, 3f};

    public static Font font(double size) {
        return new Font(FAMILY, Font.PLAIN, 1).deriveFont((float) size);
    }

    public static Font font(double size, int style) {
        return new Font(FAMILY, style, 1).deriveFont((float) size);
    }

    public static BasicStroke stroke(double width, float[] dash) {
        return dash == null ? new BasicStroke((float) width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND)
                : new BasicStroke((float) width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, dash, 0f);
    }

    private static String pickFamily() {
        System.setProperty("java.awt.headless", "true");
        try {
            String[] names = GraphicsEnvironment.getLocalGraphicsEnvironment().getAvailableFontFamilyNames();
            if (Arrays.asList(names).contains("DejaVu Sans")) {
                return "DejaVu Sans";
            }
        } catch (RuntimeException | Error e) {
            // no font configuration: the logical font below still renders
        }
        return Font.SANS_SERIF;
    }
}
