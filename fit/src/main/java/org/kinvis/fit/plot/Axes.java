package org.kinvis.fit.plot;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.Shape;
import java.awt.geom.Line2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One panel of a {@link Figure}: a box on the page, x and y scales, the artists drawn in it (clipped to the
 * box), ticks inside on all four sides with minor ticks, tick labels, axis labels at the right end / top, an
 * optional legend and title. In SVG the panel is a {@code <g class="axes ...">} whose data attributes give the
 * box and the scales, so a drawn position can be mapped back to a data value.
 */
public final class Axes {
    final Rectangle2D.Double box;
    private final String name;
    boolean xLog;
    boolean yLog;
    double[] xLim;
    double[] yLim;
    String xLabel = "";
    String yLabel = "";
    String title;
    boolean fitTitle;
    boolean fitLabels;
    boolean ticksBottom = true;
    boolean ticksTop = true;
    boolean ticksLeft = true;
    boolean ticksRight = true;
    boolean labelsBottom = true;
    boolean labelsTop;
    boolean labelsLeft = true;
    boolean labelsRight;
    boolean minorX = true;
    boolean minorY = true;
    boolean frame = true;
    double[] xCategories;
    String[] xCategoryLabels;
    double xCategorySize = Style.TICK_SIZE;
    double[] yCategories;
    String[] yCategoryLabels;
    double yCategorySize = Style.TICK_SIZE;
    int xTarget = 6;
    int yTarget = 6;
    private final List<Item> items = new ArrayList<>();
    private Legend legend;

    private record Item(Artist artist, String cls, Map<String, String> data) {
    }

    Axes(String name, double left, double top, double width, double height) {
        this.name = name;
        this.box = new Rectangle2D.Double(left, top, width, height);
    }

    public Axes xLabel(String markup) {
        xLabel = markup;
        return this;
    }

    public Axes yLabel(String markup) {
        yLabel = markup;
        return this;
    }

    public Axes title(String markup) {
        title = markup;
        return this;
    }

    /**
     * A title wider than the panel is set smaller to fit (down to 9 pt): for panels packed edge to edge, such as a
     * corner plot's columns, where a long parameter name would run into the neighbour.
     */
    public Axes fitTitle() {
        fitTitle = true;
        return this;
    }

    /** Shrinks axis labels longer than the panel's side (long parameter names in a grid of small panels). */
    public Axes fitLabels() {
        fitLabels = true;
        return this;
    }

    public Axes xLog() {
        xLog = true;
        return this;
    }

    public Axes yLog() {
        yLog = true;
        return this;
    }

    public Axes xLim(double lo, double hi) {
        xLim = new double[] {lo, hi};
        return this;
    }

    public Axes yLim(double lo, double hi) {
        yLim = new double[] {lo, hi};
        return this;
    }

    /** About how many major ticks each axis gets. */
    public Axes tickTargets(int x, int y) {
        xTarget = x;
        yTarget = y;
        return this;
    }

    /** Which sides carry tick marks (inside the box). */
    public Axes ticks(boolean bottom, boolean top, boolean left, boolean right) {
        ticksBottom = bottom;
        ticksTop = top;
        ticksLeft = left;
        ticksRight = right;
        return this;
    }

    /** Which sides carry tick labels; the axis label goes with them. */
    public Axes tickLabels(boolean bottom, boolean top, boolean left, boolean right) {
        labelsBottom = bottom;
        labelsTop = top;
        labelsLeft = left;
        labelsRight = right;
        return this;
    }

    public Axes noMinorY() {
        minorY = false;
        return this;
    }

    /** A categorical y axis: labelled ticks at {@code positions} only (pulls, ranking). */
    public Axes yCategories(double[] positions, String[] labels, double size) {
        yCategories = positions;
        yCategoryLabels = labels;
        yCategorySize = size;
        minorY = false;
        return this;
    }

    /** A categorical x axis: labels at {@code positions}, written upwards (correlation matrix). */
    public Axes xCategories(double[] positions, String[] labels, double size) {
        xCategories = positions;
        xCategoryLabels = labels;
        xCategorySize = size;
        minorX = false;
        return this;
    }

    /** No frame, ticks or labels: a box holding only its artists and legend (a legend panel). */
    public Axes hidden() {
        frame = false;
        return this;
    }

    public Axes add(Artist a, String cls) {
        return add(a, cls, null);
    }

    /** Adds an artist drawn in a group of class {@code cls} with {@code data} attributes (SVG). */
    public Axes add(Artist a, String cls, Map<String, String> data) {
        items.add(new Item(a, cls, data));
        return this;
    }

    public Legend legend() {
        if (legend == null) {
            legend = new Legend();
        }
        return legend;
    }

    public Scale xScale() {
        double[] lim = xLim != null ? xLim : autoLimits(true);
        return new Scale(xLog, lim[0], lim[1]);
    }

    public Scale yScale() {
        double[] lim = yLim != null ? yLim : autoLimits(false);
        return new Scale(yLog, lim[0], lim[1]);
    }

    private double[] autoLimits(boolean x) {
        boolean log = x ? xLog : yLog;
        double[] mm = {Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (Item it : items) {
            switch (it.artist) {
                case Artist.Line l -> extend(mm, x ? l.x() : l.y(), log);
                case Artist.Band b -> {
                    extend(mm, x ? b.x() : b.lo(), log);
                    extend(mm, x ? b.x() : b.hi(), log);
                }
                case Artist.Box b -> extend(mm, x ? new double[] {b.x0(), b.x1()} : new double[] {b.y0(), b.y1()},
                        log);
                case Artist.Errors e -> {
                    extend(mm, x ? e.x() : e.y(), log);
                    extend(mm, x ? e.xlo() : e.ylo(), log);
                    extend(mm, x ? e.xhi() : e.yhi(), log);
                }
                case Artist.Points p -> extend(mm, x ? p.x() : p.y(), log);
                case Artist.Rule r -> extend(mm, x ? new double[] {r.x0(), r.x1()} : new double[] {r.y0(), r.y1()},
                        log);
                case Artist.Cells c -> extend(mm, x ? c.xEdges() : c.yEdges(), log);
                case Artist.Note n -> {
                }
            }
        }
        if (!(mm[1] >= mm[0])) {
            return log ? new double[] {1, 10} : new double[] {0, 1};
        }
        if (log) {
            double lo = mm[0];
            double hi = mm[1] > lo ? mm[1] : lo * 10;
            double r = Math.pow(hi / lo, 0.05);
            return new double[] {lo / r, hi * r};
        }
        double span = mm[1] - mm[0];
        if (span == 0) {
            span = Math.max(Math.abs(mm[0]), 1);
        }
        return new double[] {mm[0] - 0.05 * span, mm[1] + 0.05 * span};
    }

    private static void extend(double[] mm, double[] v, boolean log) {
        if (v == null) {
            return;
        }
        for (double d : v) {
            if (Double.isFinite(d) && (!log || d > 0)) {
                mm[0] = Math.min(mm[0], d);
                mm[1] = Math.max(mm[1], d);
            }
        }
    }

    /** Page x of data x (NaN where it cannot be shown). */
    double px(Scale s, double x) {
        return box.x + s.frac(x) * box.width;
    }

    double py(Scale s, double y) {
        return box.y + box.height - s.frac(y) * box.height;
    }

    void render(Graphics2D g) {
        Scale sx = xScale();
        Scale sy = yScale();
        Map<String, String> attrs = new LinkedHashMap<>();
        attrs.put("left", Svg.num(box.x));
        attrs.put("top", Svg.num(box.y));
        attrs.put("width", Svg.num(box.width));
        attrs.put("height", Svg.num(box.height));
        attrs.put("x-scale", sx.log() ? "log" : "linear");
        attrs.put("x-min", Svg.num(sx.lo()));
        attrs.put("x-max", Svg.num(sx.hi()));
        attrs.put("y-scale", sy.log() ? "log" : "linear");
        attrs.put("y-min", Svg.num(sy.lo()));
        attrs.put("y-max", Svg.num(sy.hi()));
        Svg.begin(g, "axes " + name, attrs);
        Shape clip = g.getClip();
        g.clip(new Rectangle2D.Double(box.x - 0.5, box.y - 0.5, box.width + 1, box.height + 1));
        for (Item it : items) {
            Svg.begin(g, it.cls, it.data);
            draw(g, it.artist, sx, sy);
            Svg.end(g, it.cls);
        }
        g.setClip(clip);
        if (frame) {
            drawFrame(g, sx, sy);
        }
        if (legend != null) {
            legend.render(g, box);
        }
        if (title != null) {
            Svg.begin(g, "title", null);
            Font font = Style.font(Style.TEXT_SIZE + 1);
            double w = MathText.width(title, font, g.getFontRenderContext());
            if (fitTitle && w > box.width) {
                font = Style.font(Math.max(Style.TEXT_SIZE - 4, (Style.TEXT_SIZE + 1) * box.width / w));
            }
            MathText.draw(g, title, font, Color.BLACK, box.getCenterX(), box.y - 7, 0.5, 0, 0);
            Svg.end(g, "title");
        }
        Svg.end(g, "axes " + name);
    }

    private void draw(Graphics2D g, Artist a, Scale sx, Scale sy) {
        switch (a) {
            case Artist.Line l -> {
                g.setColor(l.color());
                g.setStroke(Style.stroke(l.width(), l.dash()));
                if (l.width() > 0) {
                    Path2D p = polyline(l.x(), l.y(), sx, sy);
                    if (p != null) {
                        g.draw(p);
                    }
                }
                if (l.marker() != Marker.NONE) {
                    for (int i = 0; i < l.x().length; i++) {
                        double X = px(sx, l.x()[i]);
                        double Y = py(sy, l.y()[i]);
                        if (Double.isFinite(X) && Double.isFinite(Y)) {
                            g.fill(l.marker().shape(X, Y, l.markerSize()));
                        }
                    }
                }
            }
            case Artist.Band b -> {
                Path2D p = new Path2D.Double();
                boolean started = false;
                int n = b.x().length;
                for (int i = 0; i < n; i++) {
                    double X = px(sx, b.x()[i]);
                    double Y = py(sy, clampLog(sy, b.hi()[i]));
                    if (!started) {
                        p.moveTo(X, Y);
                        started = true;
                    } else {
                        p.lineTo(X, Y);
                    }
                }
                for (int i = n - 1; i >= 0; i--) {
                    p.lineTo(px(sx, b.x()[i]), py(sy, clampLog(sy, b.lo()[i])));
                }
                p.closePath();
                g.setColor(b.fill());
                g.fill(p);
            }
            case Artist.Box b -> {
                double x0 = px(sx, b.x0());
                double x1 = px(sx, b.x1());
                double y0 = py(sy, clampLog(sy, b.y0()));
                double y1 = py(sy, clampLog(sy, b.y1()));
                Rectangle2D r = new Rectangle2D.Double(Math.min(x0, x1), Math.min(y0, y1), Math.abs(x1 - x0),
                        Math.abs(y1 - y0));
                if (b.fill() != null) {
                    g.setColor(b.fill());
                    g.fill(r);
                }
                if (b.hatch()) {
                    hatch(g, r, b.edge());
                }
                if (b.edge() != null && b.width() > 0) {
                    g.setColor(b.edge());
                    g.setStroke(Style.stroke(b.width(), null));
                    g.draw(r);
                }
            }
            case Artist.Errors e -> {
                g.setColor(e.color());
                g.setStroke(Style.stroke(e.width(), null));
                for (int i = 0; i < e.x().length; i++) {
                    double X = px(sx, e.x()[i]);
                    double Y = py(sy, e.y()[i]);
                    if (e.ylo() != null && Double.isFinite(e.ylo()[i]) && Double.isFinite(e.yhi()[i])) {
                        g.draw(new Line2D.Double(X, py(sy, clampLog(sy, e.ylo()[i])), X, py(sy, e.yhi()[i])));
                    }
                    if (e.xlo() != null && Double.isFinite(e.xlo()[i]) && Double.isFinite(e.xhi()[i])) {
                        g.draw(new Line2D.Double(px(sx, e.xlo()[i]), Y, px(sx, e.xhi()[i]), Y));
                    }
                    if (e.marker() != Marker.NONE && Double.isFinite(X) && Double.isFinite(Y)) {
                        g.fill(e.marker().shape(X, Y, e.size()));
                    }
                }
            }
            case Artist.Points p -> {
                for (int i = 0; i < p.x().length; i++) {
                    double X = px(sx, p.x()[i]);
                    double Y = py(sy, p.y()[i]);
                    if (!Double.isFinite(X) || !Double.isFinite(Y)) {
                        continue;
                    }
                    Shape s = p.marker().shape(X, Y, p.size());
                    if (p.fill() != null) {
                        g.setColor(p.fill());
                        g.fill(s);
                    }
                    if (p.edge() != null) {
                        g.setColor(p.edge());
                        g.setStroke(Style.stroke(1.2, null));
                        g.draw(s);
                    }
                }
            }
            case Artist.Rule r -> {
                double x0 = Double.isNaN(r.x0()) ? box.x : px(sx, r.x0());
                double x1 = Double.isNaN(r.x1()) ? box.getMaxX() : px(sx, r.x1());
                double y0 = Double.isNaN(r.y0()) ? box.getMaxY() : py(sy, r.y0());
                double y1 = Double.isNaN(r.y1()) ? box.y : py(sy, r.y1());
                g.setColor(r.color());
                g.setStroke(Style.stroke(r.width(), r.dash()));
                g.draw(new Line2D.Double(x0, y0, x1, y1));
            }
            case Artist.Cells c -> {
                for (int i = 0; i + 1 < c.xEdges().length; i++) {
                    double x0 = px(sx, c.xEdges()[i]);
                    double x1 = px(sx, c.xEdges()[i + 1]);
                    for (int j = 0; j + 1 < c.yEdges().length; j++) {
                        Color col = c.colors()[i][j];
                        if (col == null) {
                            continue;
                        }
                        double y0 = py(sy, c.yEdges()[j]);
                        double y1 = py(sy, c.yEdges()[j + 1]);
                        g.setColor(col);
                        // a hair of overlap hides the seams anti-aliasing leaves between cells
                        g.fill(new Rectangle2D.Double(Math.min(x0, x1) - 0.15, Math.min(y0, y1) - 0.15,
                                Math.abs(x1 - x0) + 0.3, Math.abs(y1 - y0) + 0.3));
                    }
                }
            }
            case Artist.Note n -> {
                double X = n.fraction() ? box.x + n.x() * box.width : px(sx, n.x());
                double Y = n.fraction() ? box.getMaxY() - n.y() * box.height : py(sy, n.y());
                MathText.draw(g, n.markup(), Style.font(n.size()), n.color(), X, Y, n.ha(), n.va(), n.angle());
            }
        }
    }

    private static double clampLog(Scale s, double v) {
        return s.log() && !(v > 0) ? s.lo() * 1e-3 : v;
    }

    private Path2D polyline(double[] x, double[] y, Scale sx, Scale sy) {
        Path2D p = new Path2D.Double();
        boolean pen = false;
        boolean any = false;
        for (int i = 0; i < x.length; i++) {
            double X = px(sx, x[i]);
            double Y = py(sy, y[i]);
            if (!Double.isFinite(X) || !Double.isFinite(Y)) {
                pen = false;
                continue;
            }
            // keep far-off points finite for the renderers (the clip hides them)
            X = Math.max(-1e5, Math.min(1e5, X));
            Y = Math.max(-1e5, Math.min(1e5, Y));
            if (pen) {
                p.lineTo(X, Y);
            } else {
                p.moveTo(X, Y);
                pen = true;
            }
            any = true;
        }
        return any ? p : null;
    }

    static void hatch(Graphics2D g, Rectangle2D r, Color c) {
        Shape clip = g.getClip();
        g.clip(r);
        g.setColor(c);
        g.setStroke(Style.stroke(0.8, null));
        double step = 5;
        for (double t = -r.getHeight(); t < r.getWidth(); t += step) {
            g.draw(new Line2D.Double(r.getX() + t, r.getMaxY(), r.getX() + t + r.getHeight(), r.getY()));
        }
        g.setClip(clip);
    }

    private void drawFrame(Graphics2D g, Scale sx, Scale sy) {
        g.setColor(Color.BLACK);
        g.setStroke(Style.stroke(Style.FRAME_WIDTH, null));
        Svg.begin(g, "frame", null);
        g.draw(box);
        Svg.end(g, "frame");
        Font tf = Style.font(Style.TICK_SIZE);
        Ticks.Set xt = sx.ticks(xTarget);
        Ticks.Set yt = sy.ticks(yTarget);
        double xLabelHeight = 0;
        Svg.begin(g, "xticks", null);
        List<Ticks.Tick> xticks = xt.ticks();
        if (xCategories != null) {
            xticks = new ArrayList<>();
            for (int i = 0; i < xCategories.length; i++) {
                xticks.add(new Ticks.Tick(xCategories[i], xCategoryLabels[i], true));
            }
        }
        for (Ticks.Tick t : xticks) {
            double X = px(sx, t.value());
            if (!(X >= box.x - 0.01 && X <= box.getMaxX() + 0.01) || (!t.major() && !minorX)) {
                continue;
            }
            double len = t.major() ? Style.MAJOR_TICK : Style.MINOR_TICK;
            g.setColor(Color.BLACK);
            g.setStroke(Style.stroke(t.major() ? 1.0 : 0.8, null));
            if (ticksBottom) {
                g.draw(new Line2D.Double(X, box.getMaxY(), X, box.getMaxY() - len));
            }
            if (ticksTop) {
                g.draw(new Line2D.Double(X, box.y, X, box.y + len));
            }
            if (t.major() && !t.label().isEmpty() && (labelsBottom || labelsTop)) {
                Svg.begin(g, "xtick-label", Map.of("value", Svg.num(t.value())));
                if (xCategories != null) {
                    Font cf = Style.font(xCategorySize);
                    MathText.draw(g, t.label(), cf, Color.BLACK, X + xCategorySize * 0.35, box.getMaxY() + 6, 1, 0,
                            Math.PI / 2);
                    xLabelHeight = Math.max(xLabelHeight, MathText.width(t.label(), cf, g.getFontRenderContext()));
                } else if (labelsBottom) {
                    MathText.draw(g, t.label(), tf, Color.BLACK, X, box.getMaxY() + 6, 0.5, 1, 0);
                } else {
                    MathText.draw(g, t.label(), tf, Color.BLACK, X, box.y - 6, 0.5, 0, 0);
                }
                Svg.end(g, "xtick-label");
                if (xCategories == null) {
                    xLabelHeight = Style.TICK_SIZE * (t.label().contains("^") ? 1.15 : 0.8);
                }
            }
        }
        Svg.end(g, "xticks");
        double yLabelWidth = 0;
        Svg.begin(g, "yticks", null);
        List<Ticks.Tick> yticks = yt.ticks();
        Font yf = tf;
        if (yCategories != null) {
            yticks = new ArrayList<>();
            for (int i = 0; i < yCategories.length; i++) {
                yticks.add(new Ticks.Tick(yCategories[i], yCategoryLabels[i], true));
            }
            yf = Style.font(yCategorySize);
        }
        for (Ticks.Tick t : yticks) {
            double Y = py(sy, t.value());
            if (!(Y >= box.y - 0.01 && Y <= box.getMaxY() + 0.01) || (!t.major() && !minorY)) {
                continue;
            }
            double len = t.major() ? Style.MAJOR_TICK : Style.MINOR_TICK;
            g.setColor(Color.BLACK);
            g.setStroke(Style.stroke(t.major() ? 1.0 : 0.8, null));
            if (ticksLeft) {
                g.draw(new Line2D.Double(box.x, Y, box.x + len, Y));
            }
            if (ticksRight) {
                g.draw(new Line2D.Double(box.getMaxX(), Y, box.getMaxX() - len, Y));
            }
            if (t.major() && !t.label().isEmpty() && (labelsLeft || labelsRight)) {
                Svg.begin(g, "ytick-label", Map.of("value", Svg.num(t.value())));
                if (labelsLeft) {
                    MathText.draw(g, t.label(), yf, Color.BLACK, box.x - 6, Y, 1, 0.5, 0);
                } else {
                    MathText.draw(g, t.label(), yf, Color.BLACK, box.getMaxX() + 6, Y, 0, 0.5, 0);
                }
                Svg.end(g, "ytick-label");
                yLabelWidth = Math.max(yLabelWidth, MathText.width(t.label(), yf, g.getFontRenderContext()));
            }
        }
        Svg.end(g, "yticks");
        Font lf = Style.font(Style.LABEL_SIZE);
        String xl = withFactor(xLabel, xt.exponent());
        if (!xl.isEmpty() && (labelsBottom || labelsTop)) {
            Svg.begin(g, "xlabel", null);
            lf = fitted(g, xl, lf, box.width);
            if (labelsBottom) {
                MathText.draw(g, xl, lf, Color.BLACK, box.getMaxX(), box.getMaxY() + 10 + xLabelHeight, 1, 1, 0);
            } else {
                MathText.draw(g, xl, lf, Color.BLACK, box.getMaxX(), box.y - 10 - xLabelHeight, 1, 0, 0);
            }
            Svg.end(g, "xlabel");
        }
        String yl = withFactor(yLabel, yCategories != null ? 0 : yt.exponent());
        if (!yl.isEmpty() && (labelsLeft || labelsRight)) {
            Svg.begin(g, "ylabel", null);
            lf = fitted(g, yl, Style.font(Style.LABEL_SIZE), box.height);
            if (labelsLeft) {
                MathText.draw(g, yl, lf, Color.BLACK, yLabelBaseline(g, yl, lf, yLabelWidth), box.y, 1, 0,
                        Math.PI / 2);
            } else {
                MathText.draw(g, yl, lf, Color.BLACK, box.getMaxX() + 10 + yLabelWidth + Style.LABEL_SIZE * 0.75,
                        box.y, 1, 0, Math.PI / 2);
            }
            Svg.end(g, "ylabel");
        }
    }

    /** The label font, shrunk (to at most half its size) where {@link #fitLabels} is set and the label is longer
     * than {@code room}. */
    private Font fitted(Graphics2D g, String label, Font font, double room) {
        double w = MathText.width(label, font, g.getFontRenderContext());
        if (!fitLabels || w <= room) {
            return font;
        }
        return Style.font(Math.max(0.5 * font.getSize2D(), font.getSize2D() * room / w));
    }

    /**
     * Page x of a left y label's baseline: rotated, the label's descent (brackets, a "/" and the "y" of a label)
     * and subscripts fall towards the tick labels, and its top end sits level with the top tick label, so the
     * gap is measured from the descent, not the baseline.
     */
    double yLabelBaseline(Graphics2D g, String label, Font font, double tickLabelWidth) {
        double descent = font.getLineMetrics(MathText.plain(label), g.getFontRenderContext()).getDescent();
        boolean subscript = MathText.parse(label).stream().anyMatch(r -> r.shift() > 0);
        double drop = subscript ? Math.max(descent, 0.28 * font.getSize2D() + MathText.SCRIPT * descent) : descent;
        return box.x - 6 - tickLabelWidth - Style.LABEL_GAP - drop;
    }

    /** The axis label with the tick labels' common factor: "x [10ᵏ unit]" or "x (×10ᵏ)". */
    static String withFactor(String label, int exponent) {
        if (exponent == 0 || label.isEmpty()) {
            return label;
        }
        String f = "10^{" + Ticks.minus(Integer.toString(exponent)) + "}";
        int b = label.lastIndexOf('[');
        if (b >= 0 && label.endsWith("]")) {
            return label.substring(0, b + 1) + f + " " + label.substring(b + 1);
        }
        return label + " (×" + f + ")";
    }
}
