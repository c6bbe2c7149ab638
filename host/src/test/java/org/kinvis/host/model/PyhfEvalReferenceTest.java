package org.kinvis.host.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.kinvis.host.TestData.doubles;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.kinvis.host.TestData;
import org.kinvis.host.workspace.WorkspaceReader;
import org.kinvis.kernels.Evaluator;
import org.kinvis.kernels.cpu.CpuBackend;

/**
 * The Belle II workspace against pyhf 0.7 ({@code reference/pyhf-eval.json}): model structure, parameter
 * table, logpdf with its main and constraint parts at every listed point, and expected data, all to 1e-9.
 */
class PyhfEvalReferenceTest {
    static final double TOL = 1e-9;
    static JsonNode ref;
    static CompiledModel model;
    static CpuBackend backend;
    static Evaluator eval;

    @BeforeAll
    static void load() {
        ref = TestData.reference("pyhf-eval.json");
        model = ModelCompiler.compile(WorkspaceReader.read(TestData.workspace()));
        backend = new CpuBackend(2);
        eval = backend.prepare(model.layout());
    }

    @AfterAll
    static void close() {
        if (backend != null) {
            backend.close();
        }
    }

    @Test
    void structureMatchesPyhf() {
        JsonNode m = ref.get("model");
        List<String> channels = new ArrayList<>();
        m.get("channels").forEach(n -> channels.add(n.asText()));
        assertThat(model.channels()).containsExactlyElementsOf(channels);
        List<String> samples = new ArrayList<>();
        m.get("samples").forEach(n -> samples.add(n.asText()));
        assertThat(model.samples()).containsExactlyElementsOf(samples);
        List<String> names = new ArrayList<>();
        m.get("par_names").forEach(n -> names.add(n.asText()));
        assertThat(model.parameters().names()).containsExactlyElementsOf(names);
        List<String> order = new ArrayList<>();
        m.get("par_order").forEach(n -> order.add(n.asText()));
        assertThat(model.parameters().sets().stream().map(ParameterSet::name).toList())
                .containsExactlyElementsOf(order);
        assertThat(model.parameters().size()).isEqualTo(m.get("npars").asInt());
        assertThat(model.parameters().poiIndex()).isEqualTo(m.get("poi_index").asInt());
        assertThat(model.parameters().poiName()).isEqualTo(m.get("poi_name").asText());
        Close.rel("observed", model.observed(), doubles(m.get("observed_main_data")), 0);
    }

    @Test
    void parameterTableMatchesPyhf() {
        JsonNode m = ref.get("model");
        ParameterTable t = model.parameters();
        Close.rel("inits", t.inits(), doubles(m.get("suggested_init")), 0);
        double[] lo = t.lowerBounds();
        double[] hi = t.upperBounds();
        boolean[] fixed = t.fixed();
        for (int i = 0; i < t.size(); i++) {
            JsonNode b = m.get("suggested_bounds").get(i);
            assertThat(lo[i]).as("lower bound of %s", t.names().get(i)).isEqualTo(b.get(0).asDouble());
            assertThat(hi[i]).as("upper bound of %s", t.names().get(i)).isEqualTo(b.get(1).asDouble());
            assertThat(fixed[i]).as("fixed %s", t.names().get(i)).isEqualTo(m.get("suggested_fixed").get(i).asBoolean());
        }
        Close.rel("auxdata", t.auxdata(), doubles(m.get("auxdata")), TOL);
        for (JsonNode p : m.get("parameters")) {
            ParameterSet s = t.set(p.get("name").asText());
            assertThat(s).as(p.get("name").asText()).isNotNull();
            assertThat(s.n()).isEqualTo(p.get("n_components").asInt());
            assertThat(s.offset()).isEqualTo(p.get("slice").get(0).asInt());
            assertThat(s.scalar()).isEqualTo(p.get("is_scalar").asBoolean());
            assertThat(s.constrained()).isEqualTo(p.get("constrained").asBoolean());
            if (p.get("constrained").asBoolean()) {
                assertThat(s.constraint().name().toLowerCase()).isEqualTo(p.get("pdf_type").asText());
                Close.rel(s.name() + " width", s.widths(), doubles(p.get("width")), TOL);
                Close.rel(s.name() + " auxdata", s.auxdata(), doubles(p.get("auxdata")), TOL);
            }
        }
    }

    @Test
    void logpdfAtListedPoints() {
        List<JsonNode> points = new ArrayList<>();
        ref.get("points").forEach(points::add);
        ref.get("random_points").forEach(points::add);
        int n = model.parameters().size();
        double[] x = new double[points.size() * n];
        for (int p = 0; p < points.size(); p++) {
            System.arraycopy(doubles(points.get(p).get("pars")), 0, x, p * n, n);
        }
        double[] total = new double[points.size()];
        double[] main = new double[points.size()];
        double[] cons = new double[points.size()];
        eval.logpdf(x, points.size(), total);
        eval.logpdfParts(x, points.size(), main, cons);
        for (int p = 0; p < points.size(); p++) {
            JsonNode r = points.get(p);
            Close.rel("logpdf[" + p + "]", total[p], r.get("logpdf").asDouble(), TOL);
            if (r.has("twice_nll")) {
                Close.rel("twice_nll[" + p + "]", -2 * total[p], r.get("twice_nll").asDouble(), TOL);
            }
            if (r.has("main")) {
                Close.rel("main[" + p + "]", main[p], r.get("main").asDouble(), TOL);
                Close.rel("constraint[" + p + "]", cons[p], r.get("constraint").asDouble(), TOL);
            }
        }
    }

    @Test
    void expectedDataAtListedPoints() {
        JsonNode e = ref.get("expected_data");
        int nb = model.layout().nBins();
        double[] out = new double[nb];
        eval.expected(doubles(ref.get("points").get("init").get("pars")), 1, out);
        Close.rel("expected init", out, doubles(e.get("init")), TOL);
        eval.expected(doubles(ref.get("points").get("init_mu5").get("pars")), 1, out);
        Close.rel("expected mu=5", out, doubles(e.get("init_mu5")), TOL);
        eval.expected(doubles(ref.get("random_points").get(0).get("pars")), 1, out);
        Close.rel("expected random 0", out, doubles(e.get("random_point_0")), TOL);
        Close.rel("expected auxdata", model.parameters().auxdata(), doubles(e.get("init_expected_auxdata")), TOL);
    }

    @Test
    void expectedPerSampleAtInit() {
        JsonNode bySample = ref.get("expected_data").get("init_by_sample");
        double[] rows = new double[model.layout().nRows()];
        eval.rowYields(doubles(ref.get("points").get("init").get("pars")), 1, rows);
        int nb = model.layout().nBins();
        for (int s = 0; s < model.samples().size(); s++) {
            double[] perBin = new double[nb];
            for (int r = 0; r < rows.length; r++) {
                if (model.rowSample()[r] == s) {
                    perBin[model.layout().rowBin()[r]] += rows[r];
                }
            }
            Close.rel("sample " + model.samples().get(s), perBin, doubles(bySample.get(model.samples().get(s))), TOL);
        }
    }

    /**
     * Derived points: the signal enters through the normfactor μ only, so at fixed nuisances the expected data
     * is affine in μ. From pyhf's rates at μ = 1 and μ = 5 the rates at μ = 0, 2.5 and 10 follow exactly.
     */
    @Test
    void expectedDataIsAffineInMuBetweenReferencePoints() {
        double[] e1 = doubles(ref.get("expected_data").get("init"));
        double[] e5 = doubles(ref.get("expected_data").get("init_mu5"));
        double[] x = doubles(ref.get("points").get("init").get("pars"));
        int poi = model.parameters().poiIndex();
        double[] out = new double[e1.length];
        for (double mu : new double[] {0, 2.5, 10}) {
            x[poi] = mu;
            eval.expected(x, 1, out);
            double[] derived = new double[e1.length];
            for (int j = 0; j < e1.length; j++) {
                derived[j] = e1[j] + (mu - 1) * (e5[j] - e1[j]) / 4;
            }
            Close.rel("expected at mu=" + mu, out, derived, 1e-9);
        }
    }

    /** A large batch of the listed points, shuffled and repeated, gives each point's single-point value. */
    @Test
    void batchEqualsSinglePointEvaluation() {
        List<JsonNode> points = new ArrayList<>();
        ref.get("points").forEach(points::add);
        ref.get("random_points").forEach(points::add);
        int n = model.parameters().size();
        int count = 5000;
        double[] x = new double[count * n];
        int[] which = new int[count];
        java.util.Random rng = new java.util.Random(7);
        for (int p = 0; p < count; p++) {
            which[p] = rng.nextInt(points.size());
            System.arraycopy(doubles(points.get(which[p]).get("pars")), 0, x, p * n, n);
        }
        double[] out = new double[count];
        eval.logpdf(x, count, out);
        for (int p = 0; p < count; p++) {
            Close.rel("batched point " + p, out[p], points.get(which[p]).get("logpdf").asDouble(), TOL);
        }
    }
}
