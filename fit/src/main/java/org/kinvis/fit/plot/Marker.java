package org.kinvis.fit.plot;

import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;

/** Point markers; {@link #shape} centres one of size {@code s} (points, the marker's full width) at (x, y). */
public enum Marker {
    NONE, CIRCLE, SQUARE, DIAMOND, TRIANGLE, STAR, CROSS;

    public Shape shape(double x, double y, double s) {
        double r = s / 2;
        return switch (this) {
            case NONE -> new Rectangle2D.Double(x, y, 0, 0);
            case CIRCLE -> new Ellipse2D.Double(x - r, y - r, s, s);
            case SQUARE -> new Rectangle2D.Double(x - r * 0.9, y - r * 0.9, 1.8 * r, 1.8 * r);
            case DIAMOND -> polygon(x, y, new double[] {0, r * 1.2, 0, -r * 1.2}, new double[] {-r * 1.2, 0, r * 1.2, 0});
            case TRIANGLE -> polygon(x, y, new double[] {0, r, -r}, new double[] {-r, r * 0.8, r * 0.8});
            case STAR -> {
                double[] px = new double[10];
                double[] py = new double[10];
                for (int k = 0; k < 10; k++) {
                    double rr = k % 2 == 0 ? r * 1.4 : r * 0.6;
                    double a = Math.PI / 2 + k * Math.PI / 5;
                    px[k] = rr * Math.cos(a);
                    py[k] = -rr * Math.sin(a);
                }
                yield polygon(x, y, px, py);
            }
            case CROSS -> {
                double w = r * 0.35;
                Path2D p = new Path2D.Double();
                p.append(new Rectangle2D.Double(x - r, y - w, 2 * r, 2 * w), false);
                p.append(new Rectangle2D.Double(x - w, y - r, 2 * w, 2 * r), false);
                yield p;
            }
        };
    }

    private static Shape polygon(double x, double y, double[] dx, double[] dy) {
        Path2D p = new Path2D.Double();
        p.moveTo(x + dx[0], y + dy[0]);
        for (int i = 1; i < dx.length; i++) {
            p.lineTo(x + dx[i], y + dy[i]);
        }
        p.closePath();
        return p;
    }
}
