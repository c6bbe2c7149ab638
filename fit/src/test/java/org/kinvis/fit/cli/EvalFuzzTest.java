package org.kinvis.fit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kinvis.host.TestData;
import org.kinvis.host.input.JsonInput;
import picocli.CommandLine;

/**
 * Property test of {@code kinvis eval} under hostile workspaces: random mutations (fields dropped, duplicated,
 * retyped, arrays lengthened or shortened, numbers made non-finite, negative, zero or huge, names collided) of
 * the Belle II workspace and of the pyhf-modifiers reference workspace, sometimes with extreme parameter points.
 * Every case must end in exit 0 with finite numbers, or exit 2 with exactly one line on stderr and nothing on
 * stdout — never a stack trace, an internal error or a hang. Fixed seed; {@code -Dkinvis.fuzz.cases=N} for longer
 * runs.
 */
class EvalFuzzTest {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final String NAN = "__kinvis_nan__";
    private static final String[] NON_FINITE = {"NaN", "Infinity", "-Infinity", "1e999", "-1e999"};

    @TempDir
    Path dir;

    @Test
    void mutatedWorkspacesGiveFiniteNumbersOrOneLineErrors() throws IOException {
        int cases = Integer.getInteger("kinvis.fuzz.cases", 250);
        long seed = Long.getLong("kinvis.fuzz.seed", 20261130L);
        JsonNode belle = JsonInput.read(TestData.workspace());
        JsonNode small = TestData.reference("pyhf-modifiers.json").get("workspaces").get("ws_all");
        Random rnd = new Random(seed);
        int[] outcomes = new int[3];
        CommandLine cl = Kinvis.commandLine(); // reused: picocli resets the options before each parse
        for (int c = 0; c < cases; c++) {
            JsonNode doc = (c % 5 == 0 ? belle : small).deepCopy();
            int mutations = rnd.nextInt(10) < 6 ? 1 : rnd.nextInt(10) < 7 ? 2 : 3;
            List<String> what = new ArrayList<>();
            for (int k = 0; k < mutations; k++) {
                what.add(mutate(doc, rnd));
            }
            String text = JsonInput.mapper().writeValueAsString(doc);
            text = text.replace("\"" + NAN + "\"", NON_FINITE[rnd.nextInt(NON_FINITE.length)]);
            if (rnd.nextInt(8) == 0) {
                text = duplicateKey(text, rnd);
                what.add("duplicate key");
            }
            Path ws = dir.resolve("ws" + c + ".json");
            Files.writeString(ws, text);
            List<String> args = new ArrayList<>(List.of("eval", "--workspace", ws.toString(), "--backend", "cpu",
                    "--format", "json"));
            if (rnd.nextInt(4) == 0) {
                Path pars = dir.resolve("p" + c + ".json");
                Files.writeString(pars, extremePoints(rnd));
                args.add("--pars");
                args.add(pars.toString());
                what.add("extreme points");
            }
            if (rnd.nextInt(4) == 0) {
                args.add("--interp");
                args.add(rnd.nextBoolean() ? "normsys=code1,histosys=code0" : "histosys=code2");
            }
            if (rnd.nextInt(3) == 0) {
                args.add("--expected");
            }
            String label = "case " + c + " " + what + " (args " + args + ")";
            long t0 = System.nanoTime();
            EvalCommandTest.Run r = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> run(cl, args.toArray(String[]::new)), label);
            check(r, label);
            outcomes[r.code()]++;
            if (System.getProperty("kinvis.fuzz.verbose") != null) {
                System.out.println(r.code() + " " + (System.nanoTime() - t0) / 1000000 + "ms " + label.replace(dir.toString(), "") + " " + r.err().strip());
            }
            Files.delete(ws);
        }
        // the mutations must exercise both outcomes, or the test proves little
        assertThat(outcomes[0]).as("cases that evaluated").isGreaterThan(cases / 10);
        assertThat(outcomes[2]).as("cases refused").isGreaterThan(cases / 10);
    }

    /** Runs the reused command line with fresh stdout/stderr buffers. */
    private static EvalCommandTest.Run run(CommandLine cl, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new EvalCommandTest.Run(code, out.toString(), err.toString());
    }

    private static void check(EvalCommandTest.Run r, String label) {
        assertThat(r.err()).as(label).doesNotContain("\tat ").doesNotContain("Exception").doesNotContain("internal");
        if (r.code() == 2) {
            assertThat(r.err().strip().lines().count()).as(label + ": " + r.err()).isEqualTo(1);
            assertThat(r.err()).as(label).startsWith("kinvis: error: ");
            assertThat(r.out()).as(label).isEmpty();
            return;
        }
        assertThat(r.code()).as(label + ": " + r.err()).isZero();
        assertThat(r.out()).as(label).doesNotContain("NaN").doesNotContain("Infinity");
        JsonNode res = new JsonInput("stdout").parse(r.out());
        for (String k : new String[] {"logpdf", "main", "constraint", "twice_nll"}) {
            for (JsonNode v : res.get(k)) {
                if (!v.isNumber() || !Double.isFinite(v.asDouble())) {
                    fail(label + ": " + k + " holds " + v);
                }
            }
        }
    }

    /** One random change somewhere in the document; returns what it did. */
    private static String mutate(JsonNode root, Random rnd) {
        // walk down from the root, stopping at a random depth: structure and leaves are both hit
        JsonNode parent = null;
        String key = null;
        int index = -1;
        JsonNode node = root;
        StringBuilder path = new StringBuilder();
        while (node.isContainerNode() && node.size() > 0 && (parent == null || rnd.nextInt(7) != 0)) {
            parent = node;
            if (node.isObject()) {
                List<String> names = new ArrayList<>();
                node.fieldNames().forEachRemaining(names::add);
                key = names.get(rnd.nextInt(names.size()));
                index = -1;
                node = node.get(key);
                path.append('.').append(key);
            } else {
                index = rnd.nextInt(node.size());
                key = null;
                node = node.get(index);
                path.append('[').append(index).append(']');
            }
        }
        if (rnd.nextBoolean()) {
            // half the time a number anywhere (yields, bounds, auxdata, observations), uniformly
            List<JsonNode[]> leaves = new ArrayList<>();
            numbers(root, null, leaves);
            JsonNode[] pick = leaves.get(rnd.nextInt(leaves.size()));
            parent = pick[0];
            node = pick[1];
            index = -1;
            key = null;
            for (int i = 0; parent.isArray() && i < parent.size(); i++) {
                index = parent.get(i) == node ? i : index;
            }
            for (var it = parent.fieldNames(); parent.isObject() && it.hasNext();) {
                String k = it.next();
                key = parent.get(k) == node ? k : key;
            }
            path.setLength(0);
            path.append("number ").append(node.asText());
        }
        if (parent == null) {
            return "nothing";
        }
        int op = rnd.nextInt(11);
        JsonNode replacement = switch (op) {
            case 0 -> null; // drop
            case 1 -> retype(rnd);
            case 2 -> node.isNumber() ? F.textNode(NAN) : retype(rnd);
            case 3 -> node.isNumber() ? F.numberNode(-Math.abs(node.asDouble()) - rnd.nextInt(50)) : lengthen(node, rnd);
            case 4 -> node.isNumber() ? F.numberNode(rnd.nextBoolean() ? 0.0 : 1e300) : shorten(node);
            case 5 -> lengthen(node, rnd);
            case 6 -> shorten(node);
            case 7 -> node.isTextual() ? F.textNode(rnd.nextBoolean() ? "" : "mu") : node.deepCopy();
            case 8 -> node.isNumber() ? F.numberNode(rnd.nextBoolean() ? -1e-300 : 1e-300) : retype(rnd);
            default -> node.isNumber() ? F.numberNode(node.asDouble() * (0.5 + rnd.nextDouble())) : node.deepCopy();
        };
        if ((op == 7 || op > 8) && !node.isNumber() && !node.isTextual() && parent.isArray()) {
            ((ArrayNode) parent).insert(index, replacement); // duplicate an element
            return "duplicate " + path;
        }
        if (replacement == null) {
            if (parent.isObject()) {
                ((ObjectNode) parent).remove(key);
            } else {
                ((ArrayNode) parent).remove(index);
            }
            return "drop " + path;
        }
        if (parent.isObject()) {
            ((ObjectNode) parent).set(key, replacement);
        } else {
            ((ArrayNode) parent).set(index, replacement);
        }
        return "op" + op + " " + path;
    }

    /** Every number of the tree with its parent: {parent, number}. */
    private static void numbers(JsonNode node, JsonNode parent, List<JsonNode[]> out) {
        if (node.isNumber()) {
            out.add(new JsonNode[] {parent, node});
        }
        for (JsonNode child : node) {
            numbers(child, node, out);
        }
    }

    private static JsonNode retype(Random rnd) {
        return switch (rnd.nextInt(7)) {
            case 0 -> F.textNode("x");
            case 1 -> F.numberNode(3);
            case 2 -> F.booleanNode(true);
            case 3 -> F.nullNode();
            case 4 -> F.objectNode();
            case 5 -> F.arrayNode();
            default -> F.arrayNode().add(1.5).add(-2.0);
        };
    }

    private static JsonNode lengthen(JsonNode node, Random rnd) {
        if (!node.isArray()) {
            return retype(rnd);
        }
        ArrayNode a = node.deepCopy();
        a.add(a.isEmpty() ? F.numberNode(1.0) : a.get(rnd.nextInt(a.size())).deepCopy());
        return a;
    }

    private static JsonNode shorten(JsonNode node) {
        if (!node.isArray() || node.isEmpty()) {
            return F.nullNode();
        }
        ArrayNode a = node.deepCopy();
        a.remove(a.size() - 1);
        return a;
    }

    /** Repeats one {@code "key": value} pair of a random object inside the text (a tree cannot hold one). */
    private static String duplicateKey(String text, Random rnd) {
        int at = text.indexOf("\"name\":", rnd.nextInt(Math.max(1, text.length() / 2)));
        if (at < 0) {
            return text;
        }
        int end = text.indexOf('"', text.indexOf('"', at + 7) + 1);
        return text.substring(0, end + 1) + "," + text.substring(at, end + 1) + text.substring(end + 1);
    }

    private static String extremePoints(Random rnd) {
        String[] v = {"-1000", "0", "1e300", "-1e300", "1e-300", "10", "-5", "3.5"};
        StringBuilder sb = new StringBuilder("{\"points\": [");
        for (int i = 0; i < 3; i++) {
            sb.append(i > 0 ? ", " : "").append("{\"mu\": ").append(v[rnd.nextInt(v.length)]).append('}');
        }
        return sb.append("]}").toString();
    }
}
