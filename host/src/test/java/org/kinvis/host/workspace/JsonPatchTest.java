package org.kinvis.host.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.kinvis.host.input.InputException;
import org.kinvis.host.input.JsonInput;

/** RFC 6902 operations, with the RFC's own examples (appendix A) as expected results. */
class JsonPatchTest {
    static JsonNode json(String s) {
        return new JsonInput("test").parse(s);
    }

    static JsonNode apply(String doc, String patch) {
        return JsonPatch.read(json(patch), "p.json", "").apply(json(doc));
    }

    static void assertJson(JsonNode actual, String expected) {
        assertThat(JsonPatch.jsonEquals(actual, json(expected))).as(actual + " vs " + expected).isTrue();
    }

    @Test
    void addObjectMemberArrayElementNestedAndArrayValue() {
        // A.1, A.2, A.10, A.16
        assertJson(apply("{\"foo\": \"bar\"}", "[{\"op\": \"add\", \"path\": \"/baz\", \"value\": \"qux\"}]"),
                "{\"baz\": \"qux\", \"foo\": \"bar\"}");
        assertJson(apply("{\"foo\": [\"bar\", \"baz\"]}", "[{\"op\": \"add\", \"path\": \"/foo/1\", \"value\": \"qux\"}]"),
                "{\"foo\": [\"bar\", \"qux\", \"baz\"]}");
        assertJson(apply("{\"foo\": \"bar\"}", "[{\"op\": \"add\", \"path\": \"/child\", \"value\": {\"grandchild\": {}}}]"),
                "{\"foo\": \"bar\", \"child\": {\"grandchild\": {}}}");
        assertJson(apply("{\"foo\": [\"bar\"]}", "[{\"op\": \"add\", \"path\": \"/foo/-\", \"value\": [\"abc\", \"def\"]}]"),
                "{\"foo\": [\"bar\", [\"abc\", \"def\"]]}");
        // add at the end index (== size) and replacing the whole document
        assertJson(apply("[1, 2]", "[{\"op\": \"add\", \"path\": \"/2\", \"value\": 3}]"), "[1, 2, 3]");
        assertJson(apply("{\"a\": 1}", "[{\"op\": \"add\", \"path\": \"\", \"value\": [true]}]"), "[true]");
    }

    @Test
    void removeAndReplace() {
        // A.3, A.4, A.5
        assertJson(apply("{\"baz\": \"qux\", \"foo\": \"bar\"}", "[{\"op\": \"remove\", \"path\": \"/baz\"}]"),
                "{\"foo\": \"bar\"}");
        assertJson(apply("{\"foo\": [\"bar\", \"qux\", \"baz\"]}", "[{\"op\": \"remove\", \"path\": \"/foo/1\"}]"),
                "{\"foo\": [\"bar\", \"baz\"]}");
        assertJson(apply("{\"baz\": \"qux\", \"foo\": \"bar\"}",
                "[{\"op\": \"replace\", \"path\": \"/baz\", \"value\": \"boo\"}]"), "{\"baz\": \"boo\", \"foo\": \"bar\"}");
        JsonNode r = apply("{\"a\": 1, \"b\": 2, \"c\": 3}", "[{\"op\": \"replace\", \"path\": \"/b\", \"value\": 9}]");
        assertThat(r.toString()).isEqualTo("{\"a\":1,\"b\":9,\"c\":3}"); // member keeps its place
    }

    @Test
    void moveAndCopy() {
        // A.6, A.7
        assertJson(apply("{\"foo\": {\"bar\": \"baz\", \"waldo\": \"fred\"}, \"qux\": {\"corge\": \"grault\"}}",
                "[{\"op\": \"move\", \"from\": \"/foo/waldo\", \"path\": \"/qux/thud\"}]"),
                "{\"foo\": {\"bar\": \"baz\"}, \"qux\": {\"corge\": \"grault\", \"thud\": \"fred\"}}");
        assertJson(apply("{\"foo\": [\"all\", \"grass\", \"cows\", \"eat\"]}",
                "[{\"op\": \"move\", \"from\": \"/foo/1\", \"path\": \"/foo/3\"}]"),
                "{\"foo\": [\"all\", \"cows\", \"eat\", \"grass\"]}");
        JsonNode c = apply("{\"a\": {\"x\": [1]}}", "[{\"op\": \"copy\", \"from\": \"/a\", \"path\": \"/b\"},"
                + " {\"op\": \"add\", \"path\": \"/b/x/-\", \"value\": 2}]");
        assertJson(c, "{\"a\": {\"x\": [1]}, \"b\": {\"x\": [1, 2]}}"); // a deep copy: a is untouched
        assertThatThrownBy(() -> apply("{\"a\": {\"b\": 1}}", "[{\"op\": \"move\", \"from\": \"/a\", \"path\": \"/a/b/c\"}]"))
                .isInstanceOf(InputException.class).hasMessageContaining("into its own child");
    }

    @Test
    void testOperationSucceedsAndFails() {
        // A.8 (strings and numbers; 10 equals 10.0 by value), A.9, A.15
        String doc = "{\"baz\": \"qux\", \"foo\": [\"a\", 2, \"c\"], \"n\": 10}";
        assertJson(apply(doc, "[{\"op\": \"test\", \"path\": \"/baz\", \"value\": \"qux\"},"
                + " {\"op\": \"test\", \"path\": \"/foo/1\", \"value\": 2}, {\"op\": \"test\", \"path\": \"/n\", \"value\": 10.0}]"),
                doc);
        assertThatThrownBy(() -> apply("{\"baz\": \"qux\"}", "[{\"op\": \"add\", \"path\": \"/x\", \"value\": 1},"
                + " {\"op\": \"test\", \"path\": \"/baz\", \"value\": \"bar\"}]"))
                .isInstanceOf(InputException.class)
                .hasMessage("p.json: operation 1 (test /baz): test failed: the value at /baz is \"qux\", expected \"bar\"");
        assertThatThrownBy(() -> apply("{\"/\": 9, \"~1\": 10}",
                "[{\"op\": \"test\", \"path\": \"/~01\", \"value\": \"10\"}]"))
                .hasMessageContaining("test failed"); // A.15: the string "10" is not the number 10
        assertJson(apply("{\"/\": 9, \"~1\": 10}", "[{\"op\": \"test\", \"path\": \"/~01\", \"value\": 10}]"),
                "{\"/\": 9, \"~1\": 10}"); // A.14: ~01 is "~1", not "/"
    }

    @Test
    void pointerErrorsNameTheOperation() {
        // A.12: adding to a nonexistent target
        assertThatThrownBy(() -> apply("{\"foo\": \"bar\"}", "[{\"op\": \"add\", \"path\": \"/baz/bat\", \"value\": \"qux\"}]"))
                .isInstanceOf(InputException.class)
                .hasMessage("p.json: operation 0 (add /baz/bat): no member 'baz' at /baz (on the way to /baz/bat)");
        assertThatThrownBy(() -> apply("{\"a\": [1, 2]}", "[{\"op\": \"remove\", \"path\": \"/a/2\"}]"))
                .hasMessageContaining("operation 0 (remove /a/2)").hasMessageContaining("out of range");
        assertThatThrownBy(() -> apply("{\"a\": [1, 2]}", "[{\"op\": \"add\", \"path\": \"/a/01\", \"value\": 0}]"))
                .hasMessageContaining("'01'").hasMessageContaining("not an array index");
        assertThatThrownBy(() -> apply("{\"a\": [1, 2]}", "[{\"op\": \"add\", \"path\": \"/a/3\", \"value\": 0}]"))
                .hasMessageContaining("past the end");
        assertThatThrownBy(() -> apply("{\"a\": 1}", "[{\"op\": \"replace\", \"path\": \"/b\", \"value\": 0}]"))
                .hasMessageContaining("operation 0 (replace /b)").hasMessageContaining("no member 'b'");
        assertThatThrownBy(() -> apply("{\"a\": 1}", "[{\"op\": \"add\", \"path\": \"a\", \"value\": 0}]"))
                .hasMessageContaining("not a JSON pointer");
        assertThatThrownBy(() -> apply("{\"a\": 1}", "[{\"op\": \"copy\", \"from\": \"/a/x\", \"path\": \"/b\"}]"))
                .hasMessageContaining("goes into the number 1");
        assertThatThrownBy(() -> apply("{}", "[{\"op\": \"frobnicate\", \"path\": \"/a\"}]"))
                .hasMessageContaining("[0].op").hasMessageContaining("unknown operation 'frobnicate'");
        assertThatThrownBy(() -> apply("{}", "[{\"op\": \"add\", \"path\": \"/a\"}]"))
                .hasMessageContaining("[0].value").hasMessageContaining("missing");
    }

    @Test
    void documentIsNotModified() {
        JsonNode doc = json("{\"a\": [1]}");
        JsonPatch.read(json("[{\"op\": \"add\", \"path\": \"/a/-\", \"value\": 2}]"), "p", "").apply(doc);
        assertThat(doc.toString()).isEqualTo("{\"a\":[1]}");
    }
}
