package org.kinvis.fit.plot;

import com.orsonpdf.PDFDocument;
import com.orsonpdf.PDFGraphics2D;
import com.orsonpdf.PDFHints;
import com.orsonpdf.Page;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.svg.SVGGraphics2D;
import org.kinvis.fit.output.OutputFile;

/**
 * A page of {@link Axes} panels drawn with Graphics2D onto the target its file name asks for: PNG (a raster at
 * {@link #PNG_SCALE} pixels per point), SVG (JFreeSVG, text as text) or PDF (OrsonPDF, text as outlines so every
 * glyph shows). Files are written atomically ({@link #save}).
 */
public final class Figure {
    /** PNG pixels per point: 2.5 gives 180 dpi, sharp on a projected slide. */
    public static final double PNG_SCALE = 2.5;

    private final double width;
    private final double height;
    private final String kind;
    private final List<Axes> axes = new ArrayList<>();
    private final List<Artist.Note> notes = new ArrayList<>();

    /** A figure {@code width × height} points; {@code kind} names it in SVG ({@code <g class="figure figure-KIND">}). */
    public Figure(String kind, double width, double height) {
        this.kind = kind;
        this.width = width;
        this.height = height;
    }

    public double width() {
        return width;
    }

    public double height() {
        return height;
    }

    /** A panel whose box has its top-left corner at (left, top), in points from the page's top-left. */
    public Axes axes(String name, double left, double top, double w, double h) {
        Axes a = new Axes(name, left, top, w, h);
        axes.add(a);
        return a;
    }

    /** Text on the page at (x, y) points from the top-left. */
    public Figure note(double x, double y, String markup, double size, double ha, double va) {
        notes.add(new Artist.Note(x, y, false, markup, size, Color.BLACK, ha, va, 0));
        return this;
    }

    void render(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_FRACTIONALMETRICS, RenderingHints.VALUE_FRACTIONALMETRICS_ON);
        g.setColor(Color.WHITE);
        g.fill(new Rectangle2D.Double(0, 0, width, height));
        Svg.begin(g, "figure figure-" + kind, null);
        for (Axes a : axes) {
            a.render(g);
        }
        for (Artist.Note n : notes) {
            Svg.begin(g, "figure-note", null);
            MathText.draw(g, n.markup(), Style.font(n.size()), n.color(), n.x(), n.y(), n.ha(), n.va(), 0);
            Svg.end(g, "figure-note");
        }
        Svg.end(g, "figure figure-" + kind);
    }

    /** The figure as an SVG document. */
    public String svg() {
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        g.setFontFunction(family -> "\"" + family + "\", \"DejaVu Sans\", Helvetica, Arial, sans-serif");
        render(g);
        return g.getSVGDocument();
    }

    public byte[] png() {
        BufferedImage img = new BufferedImage((int) Math.ceil(width * PNG_SCALE), (int) Math.ceil(height * PNG_SCALE),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        // the whole raster white: the page's last pixel row and column are only partly covered by the scaled page
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.scale(PNG_SCALE, PNG_SCALE);
        render(g);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public byte[] pdf() {
        PDFDocument doc = new PDFDocument();
        doc.setTitle(kind);
        Page page = doc.createPage(new Rectangle2D.Double(0, 0, width, height));
        PDFGraphics2D g = page.getGraphics2D();
        g.setRenderingHint(PDFHints.KEY_DRAW_STRING_TYPE, PDFHints.VALUE_DRAW_STRING_TYPE_VECTOR);
        render(g);
        return doc.getPDFBytes();
    }

    public byte[] bytes(PlotFormat f) {
        return switch (f) {
            case PNG -> png();
            case SVG -> svg().getBytes(StandardCharsets.UTF_8);
            case PDF -> pdf();
        };
    }

    /**
     * Writes the figure in the format of {@code path}'s extension through {@link OutputFile}: rendered into a
     * temporary file in the target's folder and renamed over it, so a render that fails leaves the target as it
     * was and no temporary behind. Errors name {@code --plot}.
     */
    public void save(Path path) {
        save(path, Plots.OPTION);
    }

    /** As {@link #save(Path)}, errors naming {@code option}. */
    public void save(Path path, String option) {
        PlotFormat f = PlotFormat.of(path, option);
        // rendered completely before the first byte is written: a FIFO or /dev/stdout gets all of it or nothing
        OutputFile.write(option, path, out -> out.write(bytes(f)));
    }
}
