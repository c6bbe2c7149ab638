package org.kinvis.host.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kinvis.host.TestData.doubles;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.kinvis.host.TestData;
import org.kinvis.host.workspace.Workspace;
import org.kinvis.host.workspace.WorkspaceReader;
import org.kinvis.kernels.Evaluator;
import org.kinvis.kernels.cpu.CpuBackend;

/**
 * Every case of {@code reference/pyhf-modifiers.json}: a workspace with all seven modifier types, lumi and
 * parameter overrides, zero-uncertainty and zero-nominal bins, |α| up to 2.5, under three interpolation
 * settings. Parameter table (including which γ pyhf fixes), logpdf parts and expected data to 1e-9.
 */
class PyhfModifiersReferenceTest {
    static final double TOL = 1e-9;

    static Stream<Arguments> cases() {
        JsonNode ref = TestData.reference("pyhf-modifiers.json");
        List<Arguments> out = new ArrayList<>();
        for (JsonNode c : ref.get("cases")) {
            out.add(Arguments.of(c.get("label").asText(), c, ref.get("workspaces").get(c.get("workspace").asText())));
        }
        return out.stream();
    }

    static InterpolationSettings settings(JsonNode ms) {
        if (ms == null || ms.isNull()) {
            return InterpolationSettings.DEFAULT;
        }
        List<String> parts = new ArrayList<>();
        ms.fields().forEachRemaining(e -> parts.add(e.getKey() + "=" + e.getValue().get("interpcode").asText()));
        return InterpolationSettings.parse(String.join(",", parts));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesPyhf(String label, JsonNode c, JsonNode wsJson) {
        Workspace ws = WorkspaceReader.fromJson(wsJson, "pyhf-modifiers.json:" + c.get("workspace").asText());
        CompiledModel model = ModelCompiler.compile(ws, null, settings(c.get("modifier_settings")));
        ParameterTable t = model.parameters();
        List<String> names = new ArrayList<>();
        c.get("par_names").forEach(n -> names.add(n.asText()));
        assertThat(t.names()).containsExactlyElementsOf(names);
        List<String> order = new ArrayList<>();
        c.get("par_order").forEach(n -> order.add(n.asText()));
        assertThat(t.sets().stream().map(ParameterSet::name).toList()).containsExactlyElementsOf(order);
        Close.rel("inits", t.inits(), doubles(c.get("suggested_init")), 0);
        for (int i = 0; i < t.size(); i++) {
            assertThat(t.lowerBounds()[i]).as("lower " + names.get(i))
                    .isEqualTo(c.get("suggested_bounds").get(i).get(0).asDouble());
            assertThat(t.upperBounds()[i]).as("upper " + names.get(i))
                    .isEqualTo(c.get("suggested_bounds").get(i).get(1).asDouble());
            assertThat(t.fixed()[i]).as("fixed " + names.get(i)).isEqualTo(c.get("suggested_fixed").get(i).asBoolean());
        }
        Close.rel("auxdata", t.auxdata(), doubles(c.get("auxdata")), TOL);
        double[] data = doubles(c.get("data"));
        int nb = model.layout().nBins();
        Close.rel("observed", model.observed(), java.util.Arrays.copyOf(data, nb), 0);

        try (CpuBackend backend = new CpuBackend(1); Evaluator eval = backend.prepare(model.layout())) {
            int p = 0;
            for (JsonNode pt : c.get("points")) {
                double[] x = doubles(pt.get("pars"));
                double[] total = new double[1];
                double[] main = new double[1];
                double[] cons = new double[1];
                eval.logpdf(x, 1, total);
                eval.logpdfParts(x, 1, main, cons);
                Close.rel(label + " point " + p + " logpdf", total[0], pt.get("logpdf").asDouble(), TOL);
                Close.rel(label + " point " + p + " main", main[0], pt.get("main").asDouble(), TOL);
                Close.rel(label + " point " + p + " constraint", cons[0], pt.get("constraint").asDouble(), TOL);
                double[] exp = new double[nb];
                eval.expected(x, 1, exp);
                Close.rel(label + " point " + p + " expected", exp, doubles(pt.get("expected_main")), TOL);
                p++;
            }
        }
    }
}
