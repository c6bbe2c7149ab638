package org.kinvis.fit.plot;

import java.awt.Color;

/**
 * What an {@link Axes} draws, in data coordinates. NaN in a {@link Rule} end means "the axis limit"; NaN points
 * of a {@link Line} break it.
 */
public sealed interface Artist {

    /** A polyline with an optional dash pattern and markers at its vertices. */
    record Line(double[] x, double[] y, Color color, double width, float[] dash, Marker marker, double markerSize)
            implements Artist {
        public static Line solid(double[] x, double[] y, Color color) {
            return new Line(x, y, color, Style.LINE_WIDTH, null, Marker.NONE, 0);
        }

        /** A step histogram over {@code edges} (length n+1) with {@code values} (length n). */
        public static Line steps(double[] edges, double[] values, Color color, double width) {
            int n = values.length;
            double[] x = new double[2 * n];
            double[] y = new double[2 * n];
            for (int i = 0; i < n; i++) {
                x[2 * i] = edges[i];
                x[2 * i + 1] = edges[i + 1];
                y[2 * i] = values[i];
                y[2 * i + 1] = values[i];
            }
            return new Line(x, y, color, width, null, Marker.NONE, 0);
        }
    }

    /** The area between two curves over the same x: a filled band. */
    record Band(double[] x, double[] lo, double[] hi, Color fill) implements Artist {
    }

    /** A rectangle (histogram bar, stacked sample, uncertainty box); {@code hatch} draws diagonal lines. */
    record Box(double x0, double x1, double y0, double y1, Color fill, Color edge, double width, boolean hatch)
            implements Artist {
    }

    /** Points with error bars; the bar ends are absolute positions, NaN for none. */
    record Errors(double[] x, double[] y, double[] xlo, double[] xhi, double[] ylo, double[] yhi, Color color,
            Marker marker, double size, double width) implements Artist {
    }

    /** Markers alone. */
    record Points(double[] x, double[] y, Marker marker, double size, Color fill, Color edge) implements Artist {
    }

    /** A straight segment; NaN ends extend to the axis limits (horizontal and vertical reference lines). */
    record Rule(double x0, double y0, double x1, double y1, Color color, double width, float[] dash)
            implements Artist {
        public static Rule horizontal(double y, Color color, double width, float[] dash) {
            return new Rule(Double.NaN, y, Double.NaN, y, color, width, dash);
        }

        public static Rule vertical(double x, Color color, double width, float[] dash) {
            return new Rule(x, Double.NaN, x, Double.NaN, color, width, dash);
        }
    }

    /** A grid of coloured cells (heat map, 2D histogram): cell (i, j) spans xEdges[i..i+1] × yEdges[j..j+1]. */
    record Cells(double[] xEdges, double[] yEdges, Color[][] colors) implements Artist {
    }

    /**
     * Text at (x, y): data coordinates, or fractions of the axes box (0..1 from the lower left) when
     * {@code fraction}; alignment as {@link MathText#draw}.
     */
    record Note(double x, double y, boolean fraction, String markup, double size, Color color, double ha, double va,
            double angle) implements Artist {
        public static Note at(double fx, double fy, String markup, double ha, double va) {
            return new Note(fx, fy, true, markup, Style.TEXT_SIZE, Color.BLACK, ha, va, 0);
        }
    }
}
