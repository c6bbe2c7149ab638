package org.kinvis.host.model;

import static org.assertj.core.api.Assertions.assertThat;

/** Relative-tolerance comparisons for reference tests. */
final class Close {
    private Close() {
    }

    /** |a − b| ≤ tol·max(|a|, |b|), or both tiny (≤ tol in absolute terms). */
    static void rel(String what, double actual, double expected, double tol) {
        double scale = Math.max(Math.abs(actual), Math.abs(expected));
        double diff = Math.abs(actual - expected);
        assertThat(diff <= tol * scale || diff <= tol)
                .as("%s: actual %s, expected %s (rel. diff %.3e)", what, actual, expected,
                        scale == 0 ? 0 : diff / scale)
                .isTrue();
    }

    static void rel(String what, double[] actual, double[] expected, double tol) {
        assertThat(actual).as(what + " length").hasSameSizeAs(expected);
        for (int i = 0; i < actual.length; i++) {
            rel(what + "[" + i + "]", actual[i], expected[i], tol);
        }
    }
}
