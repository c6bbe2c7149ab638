package org.kinvis.host.input;

import java.util.Collection;

/**
 * The "did you mean" hint of an error about an unknown name: the known name closest in edit distance
 * (Damerau–Levenshtein, optimal string alignment), offered when it is within about a quarter of the name's length (or equal ignoring case).
 */
public final class DidYouMean {
    private DidYouMean() {
    }

    /** {@code " (did you mean 'x'?)"}, or {@code ""} when no known name is close. */
    public static String hint(String name, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            if (k.equalsIgnoreCase(name)) {
                return " (did you mean '" + k + "'?)";
            }
            int d = distance(name, k);
            if (d < bestDistance) {
                bestDistance = d;
                best = k;
            }
        }
        int allowed = Math.max(1, (name.length() + 2) / 4);
        return best != null && bestDistance <= allowed ? " (did you mean '" + best + "'?)" : "";
    }

    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
