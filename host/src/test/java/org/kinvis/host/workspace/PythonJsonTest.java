package org.kinvis.host.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.kinvis.host.input.JsonInput;

/**
 * The canonical text behind patchset digests must be Python's {@code json.dumps(sort_keys=True)} to the byte;
 * expected texts here are what CPython 3.11's json module prints for the same values.
 */
class PythonJsonTest {
    static JsonNode parse(String s) {
        return new JsonInput("test").parse(s);
    }

    /** The digest pyhf documents for its 2-bin_1-channel.json example ({@code pyhf digest} docstring). */
    @Test
    void digestOfPyhfDocumentedExample() {
        JsonNode ws = parse("""
                {"channels": [{"name": "singlechannel", "samples": [
                  {"name": "signal", "data": [5.0, 10.0], "modifiers": [{"name": "mu", "type": "normfactor", "data": null}]},
                  {"name": "background", "data": [50.0, 60.0], "modifiers": [{"name": "uncorr_bkguncrt",
                   "type": "shapesys", "data": [5.0, 12.0]}]}]}],
                 "observations": [{"name": "singlechannel", "data": [50.0, 60.0]}],
                 "measurements": [{"name": "Measurement", "config": {"poi": "mu", "parameters": []}}],
                 "version": "1.0.0"}""");
        assertThat(WorkspaceDigest.of(ws, "sha256"))
                .isEqualTo("dad8822af55205d60152cbe4303929042dbd9d4839012e055e7c6b6459d68d73");
    }

    /** The Belle II workspace (thousands of floats): its sha256 as Python's json + hashlib compute it. */
    @Test
    void digestOfTheBelleIIWorkspace() {
        JsonNode ws = JsonInput.read(org.kinvis.host.TestData.workspace());
        assertThat(WorkspaceDigest.of(ws, "sha256"))
                .isEqualTo("bc2d5392cbc4b0962617ada9629e39f2c1bf020afab9131e30aa2fcfad611c04");
    }

    @Test
    void floatsAsPythonRepr() {
        double[] xs = {1.0, 10.0, 0.1, 1e-05, 0.0001, 0.00012345, 1e16, 1e15, 9999999999999998.0, 123456789.123,
            5e-324, 1e-323, 2.2250738585072014e-308, 1.7976931348623157e+308, -0.0, -2.5, 1.0 / 3, 2.0 / 3, 100.0,
            1e22, 1.5e-7, 0.1 + 0.2, 12345678901234567890.0, 4.35};
        String python = "[1.0, 10.0, 0.1, 1e-05, 0.0001, 0.00012345, 1e+16, 1000000000000000.0, 9999999999999998.0,"
                + " 123456789.123, 5e-324, 1e-323, 2.2250738585072014e-308, 1.7976931348623157e+308, -0.0, -2.5,"
                + " 0.3333333333333333, 0.6666666666666666, 100.0, 1e+22, 1.5e-07, 0.30000000000000004,"
                + " 1.2345678901234567e+19, 4.35]";
        var arr = JsonInput.mapper().createArrayNode();
        for (double x : xs) {
            arr.add(x);
        }
        assertThat(PythonJson.dumps(arr, -1)).isEqualTo(python);
    }

    @Test
    void reprRoundTripsAndIsShortest() {
        Random r = new Random(7);
        int bad = 0;
        for (int i = 0; i < 5000; i++) {
            double x = i % 2 == 0 ? Double.longBitsToDouble(r.nextLong()) : r.nextDouble() * Math.pow(10, r.nextInt(40) - 20);
            if (!Double.isFinite(x)) {
                continue;
            }
            String s = PythonJson.pythonRepr(x);
            String digits = s.replaceFirst("^-", "").replaceFirst("e.*$", "").replace(".", "")
                    .replaceFirst("^0+", "").replaceFirst("0+$", "");
            boolean expForm = s.contains("e");
            double a = Math.abs(x);
            if (Double.parseDouble(s) != x || digits.length() > 17 || expForm != (a < 1e-4 || a >= 1e16)) {
                bad++;
            }
        }
        assertThat(bad).isZero();
    }

    @Test
    void keysSortedStringsEscapedIntegersKept() {
        JsonNode n = parse("{\"b\": [1, 2.0, {\"z\": null, \"a\": true}], \"a\": \"é\\\"\\\\\\n\\u0001\", \"B\": []}");
        assertThat(PythonJson.dumps(n, -1))
                .isEqualTo("{\"B\": [], \"a\": \"é\\\"\\\\\\n\\u0001\", \"b\": [1, 2.0, {\"a\": true, \"z\": null}]}");
    }

    @Test
    void indentedAsPythonIndent4() {
        JsonNode n = parse("{\"b\": [1, 2.0, {\"z\": null, \"a\": true}], \"a\": \"x\", \"c\": {}, \"d\": []}");
        assertThat(PythonJson.dumps(n, 4)).isEqualTo("""
                {
                    "a": "x",
                    "b": [
                        1,
                        2.0,
                        {
                            "a": true,
                            "z": null
                        }
                    ],
                    "c": {},
                    "d": []
                }""");
    }
}
