package org.kinvis.fit.plot;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedList;
import java.util.List;
import java.util.Map;

/**
 * Contour lines of a function sampled on a rectangular grid by marching squares with linear interpolation along
 * the cell edges (saddles resolved by the cell's mean), joined into polylines.
 */
public final class Contours {
    private Contours() {
    }

    /** The polylines where z = level; z[i][j] is the value at (xs[i], ys[j]); each line is {xs, ys}. */
    public static List<double[][]> at(double[] xs, double[] ys, double[][] z, double level) {
        List<double[]> segments = new ArrayList<>();
        for (int i = 0; i + 1 < xs.length; i++) {
            for (int j = 0; j + 1 < ys.length; j++) {
                double a = z[i][j];
                double b = z[i + 1][j];
                double c = z[i + 1][j + 1];
                double d = z[i][j + 1];
                if (!(Double.isFinite(a) && Double.isFinite(b) && Double.isFinite(c) && Double.isFinite(d))) {
                    continue;
                }
                // edges: 0 bottom (a-b), 1 right (b-c), 2 top (d-c), 3 left (a-d)
                double[][] p = new double[4][];
                if ((a < level) != (b < level)) {
                    p[0] = new double[] {lerp(xs[i], xs[i + 1], a, b, level), ys[j]};
                }
                if ((b < level) != (c < level)) {
                    p[1] = new double[] {xs[i + 1], lerp(ys[j], ys[j + 1], b, c, level)};
                }
                if ((d < level) != (c < level)) {
                    p[2] = new double[] {lerp(xs[i], xs[i + 1], d, c, level), ys[j + 1]};
                }
                if ((a < level) != (d < level)) {
                    p[3] = new double[] {xs[i], lerp(ys[j], ys[j + 1], a, d, level)};
                }
                int n = 0;
                for (double[] q : p) {
                    n += q != null ? 1 : 0;
                }
                if (n == 2) {
                    double[] u = null;
                    for (double[] q : p) {
                        if (q != null) {
                            if (u == null) {
                                u = q;
                            } else {
                                segments.add(new double[] {u[0], u[1], q[0], q[1]});
                            }
                        }
                    }
                } else if (n == 4) {
                    boolean centreLow = (a + b + c + d) / 4 < level;
                    boolean aLow = a < level;
                    if (centreLow == aLow) {
                        segments.add(seg(p[0], p[1]));
                        segments.add(seg(p[2], p[3]));
                    } else {
                        segments.add(seg(p[0], p[3]));
                        segments.add(seg(p[1], p[2]));
                    }
                }
            }
        }
        return join(segments);
    }

    private static double[] seg(double[] u, double[] v) {
        return new double[] {u[0], u[1], v[0], v[1]};
    }

    private static double lerp(double x0, double x1, double v0, double v1, double level) {
        return x0 + (x1 - x0) * (level - v0) / (v1 - v0);
    }

    private static String key(double x, double y) {
        return Math.round(x * 1e9) + ":" + Math.round(y * 1e9);
    }

    private static List<double[][]> join(List<double[]> segments) {
        Map<String, List<Integer>> byEnd = new HashMap<>();
        for (int k = 0; k < segments.size(); k++) {
            double[] s = segments.get(k);
            byEnd.computeIfAbsent(key(s[0], s[1]), u -> new ArrayList<>()).add(k);
            byEnd.computeIfAbsent(key(s[2], s[3]), u -> new ArrayList<>()).add(k);
        }
        boolean[] used = new boolean[segments.size()];
        List<double[][]> lines = new ArrayList<>();
        for (int k = 0; k < segments.size(); k++) {
            if (used[k]) {
                continue;
            }
            used[k] = true;
            double[] s = segments.get(k);
            LinkedList<double[]> pts = new LinkedList<>();
            pts.add(new double[] {s[0], s[1]});
            pts.add(new double[] {s[2], s[3]});
            for (boolean forward : new boolean[] {true, false}) {
                while (true) {
                    double[] end = forward ? pts.getLast() : pts.getFirst();
                    double[] next = null;
                    for (int m : byEnd.getOrDefault(key(end[0], end[1]), List.of())) {
                        if (!used[m]) {
                            used[m] = true;
                            double[] t = segments.get(m);
                            next = key(t[0], t[1]).equals(key(end[0], end[1])) ? new double[] {t[2], t[3]}
                                    : new double[] {t[0], t[1]};
                            break;
                        }
                    }
                    if (next == null) {
                        break;
                    }
                    if (forward) {
                        pts.addLast(next);
                    } else {
                        pts.addFirst(next);
                    }
                }
            }
            double[][] line = new double[2][pts.size()];
            int i = 0;
            for (double[] q : pts) {
                line[0][i] = q[0];
                line[1][i++] = q[1];
            }
            lines.add(line);
        }
        return lines;
    }
}
