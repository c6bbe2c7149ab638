package org.kinvis.host.physics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kinvis.host.TestData;

/**
 * Spectra, branching ratios and true-bin integrals against {@code reference/physics-reference.txt} (an
 * independent numpy/scipy implementation of PHYSICS.md), to 1e-6 relative or better.
 */
class PhysicsReferenceTest {
    static List<String> ref;

    @BeforeAll
    static void load() throws IOException {
        ref = Files.readAllLines(TestData.referenceDir().resolve("physics-reference.txt"));
    }

    /** The first number after {@code label} on the first line containing {@code label}. */
    static double after(String label) {
        for (String line : ref) {
            int k = line.indexOf(label);
            if (k >= 0) {
                Matcher m = Pattern.compile("[-+]?\\d+\\.\\d+(?:[eE][-+]?\\d+)?").matcher(line.substring(k + label.length()));
                if (m.find()) {
                    return Double.parseDouble(m.group());
                }
            }
        }
        throw new AssertionError("label not found in physics-reference.txt: " + label);
    }

    static void rel(String what, double actual, double expected, double tol) {
        assertThat(Math.abs(actual - expected)).as("%s: %s vs %s", what, actual, expected)
                .isLessThanOrEqualTo(tol * Math.abs(expected));
    }

    static double[] wet(double cv, double cs, double ct) {
        double[] v = new WetScenario().defaults();
        v[0] = cv;
        v[2] = cs;
        v[4] = ct;
        return v;
    }

    @Test
    void nullModel() {
        Spectrum s = new NullScenario().spectrum(new double[0]);
        rel("BR_null", s.branchingRatio(), after("BR_null[0, q2max]       ="), 1e-9);
        rel("f+(0)", FormFactorsHpqcd2022.fPlus(0), after("f+(0) ="), 1e-9);
        rel("f+(12)", FormFactorsHpqcd2022.fPlus(12), after("f+(12) ="), 1e-9);
        // the §A table: q2, dBR/dq2, f+
        double[] q2 = {0.5, 5, 10, 15, 20};
        for (double q : q2) {
            String[] row = tableRow(String.format("    %.2f     ", q), 0);
            rel("null dBR/dq2 at " + q, s.dbrdq2(q), Double.parseDouble(row[1]), 1e-9);
            rel("null f+ at " + q, FormFactorsHpqcd2022.fPlus(q), Double.parseDouble(row[2]), 1e-9);
        }
    }

    /** The row of a whitespace table whose first token is {@code first}; {@code skip} earlier ones are skipped. */
    static String[] tableRow(String first, int skip) {
        int seen = 0;
        for (String line : ref) {
            if (line.startsWith("    ") && line.trim().split("\\s+")[0].equals(first.trim())) {
                if (seen++ == skip) {
                    return line.trim().split("\\s+");
                }
            }
        }
        throw new AssertionError("row not found: '" + first + "'");
    }

    @Test
    void wetRatesAndBranchingRatios() {
        String[][] points = {{"SM", "6.613114906357177", "0", "0"}, {"BelleII-mode", "11.3", "0", "8.21"},
            {"S=1", "0", "1", "0"}, {"T=1", "0", "0", "1"}, {"V=1", "1", "0", "0"}};
        for (String[] p : points) {
            Spectrum s = new WetScenario().spectrum(wet(Double.parseDouble(p[1]), Double.parseDouble(p[2]),
                    Double.parseDouble(p[3])));
            String[] row = tableRow(p[0], 0);
            rel(p[0] + " BR full", s.branchingRatio(), Double.parseDouble(row[row.length - 3]), 1e-7);
            rel(p[0] + " BR window", s.branchingRatio(0, TrueBinning.CUTOFF), Double.parseDouble(row[row.length - 2]),
                    1e-7);
        }
        // dBR/dq2 table of §B (columns SM, BelleII-mode, S=1, T=1, V=1, null)
        for (double q : new double[] {0.5, 5, 10, 15, 20}) {
            String[] row = tableRow(String.format("    %.2f     ", q), 1);
            for (int c = 0; c < 5; c++) {
                Spectrum s = new WetScenario().spectrum(wet(Double.parseDouble(points[c][1]),
                        Double.parseDouble(points[c][2]), Double.parseDouble(points[c][3])));
                rel(points[c][0] + " dBR/dq2 at " + q, s.dbrdq2(q), Double.parseDouble(row[1 + c]), 1e-9);
            }
        }
        FormFactorsBsz2015 ff = FormFactorsBsz2015.priorCentral();
        rel("f+(5)", ff.fPlus(5), 0.44936835, 1e-8);
        rel("f0(20)", ff.fZero(20), 0.69561116, 1e-8);
        rel("fT(5)", ff.fTensor(5), 0.44070272, 1e-8);
    }

    @Test
    void trueBinIntegralsAndWeights() {
        TrueBinning bins = TrueBinning.belle2();
        double[] nul = bins.integrals(new NullScenario().spectrum(new double[0]));
        double[] sm = bins.integrals(new WetScenario().spectrum(wet(6.613114906357177, 0, 0)));
        double[] mode = bins.integrals(new WetScenario().spectrum(wet(11.3, 0, 8.21)));
        double[] wSm = bins.weights(sm, nul, false, Double.POSITIVE_INFINITY);
        double[] wMode = bins.weights(mode, nul, false, Double.POSITIVE_INFINITY);
        int checked = 0;
        for (String line : ref) {
            String[] t = line.trim().split("\\s+");
            if (t.length == 10 && t[0].matches("\\d+") && line.startsWith("    ")) {
                int i = Integer.parseInt(t[0]);
                rel("null bin " + i, nul[i], Double.parseDouble(t[3]), 1e-9);
                rel("SM bin " + i, sm[i], Double.parseDouble(t[4]), 1e-9);
                rel("mode bin " + i, mode[i], Double.parseDouble(t[5]), 1e-9);
                rel("w_SM bin " + i, wSm[i], Double.parseDouble(t[6]), 1e-9);
                rel("w_mode bin " + i, wMode[i], Double.parseDouble(t[7]), 1e-9);
                checked++;
            }
        }
        assertThat(checked).isEqualTo(100);
        assertThat(nul[0]).isZero();
        assertThat(wSm[0]).isEqualTo(1.0);
        // an alternative equal to the null has weight exactly 1 everywhere
        double[] one = bins.weights(nul, nul, false, Double.POSITIVE_INFINITY);
        for (double w : one) {
            assertThat(w).isEqualTo(1.0);
        }
    }
}
