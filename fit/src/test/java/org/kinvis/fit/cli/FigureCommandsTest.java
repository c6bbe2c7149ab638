package org.kinvis.fit.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kinvis.fit.plot.SvgDoc;
import org.kinvis.host.TestData;
import org.w3c.dom.Element;

/**
 * Every command's figure rendered to SVG and read back against the command's own JSON: the drawn limit, scan
 * points, yields, pulls, impacts and correlations are the numbers the JSON reports (pyhf's two-bin example
 * workspace, so the fits take milliseconds; the spectrum needs no likelihood).
 */
class FigureCommandsTest {
    /** pyhf's README example: simplemodels.uncorrelated_background([12, 11], [50, 52], [3, 7]), data [51, 48]. */
    static final String WS = "{\"version\": \"1.0.0\", \"channels\": [{\"name\": \"singlechannel\", \"samples\": ["
            + "{\"name\": \"signal\", \"data\": [12.0, 11.0], \"modifiers\": [{\"name\": \"mu\", \"type\":"
            + " \"normfactor\", \"data\": null}]}, {\"name\": \"background\", \"data\": [50.0, 52.0], \"modifiers\":"
            + " [{\"name\": \"uncorr_bkguncrt\", \"type\": \"shapesys\", \"data\": [3.0, 7.0]}]}]}], \"observations\":"
            + " [{\"name\": \"singlechannel\", \"data\": [51.0, 48.0]}], \"measurements\": [{\"name\":"
            + " \"Measurement\", \"config\": {\"poi\": \"mu\", \"parameters\": []}}]}";

    @TempDir
    Path dir;

    Path ws;

    @BeforeEach
    void workspace() throws IOException {
        ws = dir.resolve("simple.json");
        Files.writeString(ws, WS);
    }

    JsonNode run(Path svg, String... args) {
        String[] all = new String[args.length + 8];
        System.arraycopy(args, 0, all, 0, args.length);
        System.arraycopy(new String[] {"--workspace", ws.toString(), "--backend", "cpu", "--format", "json", "--plot",
            svg.toString()}, 0, all, args.length, 8);
        return InferenceCommandsTest.json(EvalCommandTest.run(all));
    }

    static SvgDoc svg(Path p) throws IOException {
        return SvgDoc.parse(Files.readString(p, StandardCharsets.UTF_8));
    }

    static double[] centre(Element e) {
        double x = 0;
        double y = 0;
        List<double[]> pts = SvgDoc.points(e);
        for (double[] p : pts) {
            x += p[0];
            y += p[1];
        }
        return new double[] {x / pts.size(), y / pts.size()};
    }

    @Test
    void limitBrazilPlotShowsTheJsonLimits() throws IOException {
        Path f = dir.resolve("cls.svg");
        JsonNode r = run(f, "limit", "--mu", "0.2,0.5,1,1.5,2,3,4");
        SvgDoc s = svg(f);
        SvgDoc.Panel p = SvgDoc.panelOf(s.one("observed-limit-marker"));
        double[] c = centre(s.one("observed-limit-marker"));
        assertThat(p.x(c[0])).isCloseTo(r.get("observed").asDouble(), within(1e-5));
        assertThat(p.y(c[1])).isCloseTo(0.05, within(1e-5));
        double median = p.x(SvgDoc.points(s.one("expected-limit")).get(0)[0]);
        assertThat(median).isCloseTo(r.get("expected").get(2).asDouble(), within(1e-5));
        // the observed curve goes through the JSON's hypothesis tests
        List<double[]> obs = SvgDoc.points(s.one("observed"));
        JsonNode h = r.get("hypotests");
        for (int i = 0; i < h.size(); i++) {
            assertThat(p.x(obs.get(i)[0])).isCloseTo(h.get(i).get("mu").asDouble(), within(1e-5));
            assertThat(p.y(obs.get(i)[1])).isCloseTo(h.get(i).get("CLs").asDouble(), within(1e-5));
        }
        // the yellow band spans the JSON's outer expected curves (±2σ)
        List<double[]> band = SvgDoc.points(s.one("band-2sigma"));
        int n = h.size();
        for (int i = 0; i < n; i++) {
            double a = p.y(band.get(i)[1]);
            double b = p.y(band.get(2 * n - 1 - i)[1]);
            JsonNode e = h.get(i).get("expected_band");
            assertThat(Math.max(a, b)).isCloseTo(Math.max(e.get(0).asDouble(), e.get(4).asDouble()), within(1e-5));
            assertThat(Math.min(a, b)).isCloseTo(Math.min(e.get(0).asDouble(), e.get(4).asDouble()), within(1e-5));
        }
        s.assertTickLabelsFormatted();
    }

    @Test
    void scanPlotsTheJsonPoints() throws IOException {
        Path f = dir.resolve("scan.svg");
        JsonNode r = run(f, "scan", "--values", "0:3:7");
        SvgDoc s = svg(f);
        Element curve = s.one("profile");
        SvgDoc.Panel p = SvgDoc.panelOf(curve);
        List<double[]> pts = SvgDoc.points(curve);
        assertThat(pts).hasSizeGreaterThanOrEqualTo(7);
        for (int i = 0; i < 7; i++) {
            JsonNode q = r.get("points").get(i);
            assertThat(p.x(pts.get(i)[0])).isCloseTo(q.get("value").asDouble(), within(1e-5));
            assertThat(p.y(pts.get(i)[1])).isCloseTo(q.get("delta_twice_nll").asDouble(), within(1e-5));
        }
        assertThat(SvgDoc.text(s.one("xlabel"))).isEqualTo("μ");
        assertThat(SvgDoc.text(s.one("ylabel"))).isEqualTo("Δ(−2 ln L)");
        // μ̂ = 0 at the bound (1e−10 from MIGRAD) reads 0
        assertThat(r.get("bestfit").get("value").asDouble()).isLessThan(1e-6);
        assertThat(s.legend()).containsExactly("profile likelihood", "best fit μ = 0");
        s.assertTickLabelsFormatted();
    }

    @Test
    void scan2dHeatMapWithContoursAndBestFit() throws IOException {
        Path f = dir.resolve("scan2.svg");
        JsonNode r = run(f, "scan", "--values", "0:3:7", "--poi2", "uncorr_bkguncrt[0]", "--values2", "0.8:1.2:5");
        SvgDoc s = svg(f);
        SvgDoc.Panel p = SvgDoc.panelOf(s.one("best-fit"));
        double[] c = centre(s.one("best-fit"));
        assertThat(p.x(c[0])).isCloseTo(r.get("bestfit").get("value").asDouble(), within(0.02));
        assertThat(p.y(c[1])).isCloseTo(r.get("bestfit").get("value2").asDouble(), within(0.002));
        assertThat(s.groups("contour-1sigma")).isNotEmpty();
        assertThat(SvgDoc.text(s.groups("ylabel").get(1))).isEqualTo("Δ(−2 ln L)");
        s.assertTickLabelsFormatted();
    }

    @Test
    void spectrumFromZeroThroughTheJsonPointsWithRatio() throws IOException {
        Path f = dir.resolve("wet.svg");
        JsonNode r = InferenceCommandsTest.json(EvalCommandTest.run("spectrum", "--scenario", "wet", "--set",
                "cvl=11.3", "--set", "ctl=8.21", "--points", "40", "--format", "json", "--plot", f.toString()));
        SvgDoc s = svg(f);
        Element curve = s.one("scenario");
        SvgDoc.Panel p = SvgDoc.panelOf(curve);
        assertThat(Double.parseDouble(p.g().getAttribute("data-x-min"))).isZero();
        List<double[]> pts = SvgDoc.points(curve);
        for (int i = 0; i < 40; i += 7) {
            double q2 = r.get("q2").get(i).asDouble();
            double y = interpolate(pts, p, q2);
            assertThat(y / r.get("dbr_dq2").get(i).asDouble()).isCloseTo(1, within(2e-3));
        }
        assertThat(s.legend()).containsExactly("wet: CVL = 11.3, CTL = 8.21", "SM (same BSZ2015 form factors)");
        assertThat(SvgDoc.text(s.groups("ylabel").get(0))).isEqualTo("dBR/dq2 [10−6 GeV−2]");
        assertThat(SvgDoc.text(s.groups("ylabel").get(1))).isEqualTo("ratio to SM");
        assertThat(SvgDoc.text(s.groups("xlabel").get(0))).isEqualTo("q2 [GeV2]");
        s.assertTickLabelsFormatted();
    }

    static double interpolate(List<double[]> pts, SvgDoc.Panel p, double x) {
        for (int i = 0; i + 1 < pts.size(); i++) {
            double a = p.x(pts.get(i)[0]);
            double b = p.x(pts.get(i + 1)[0]);
            if (a <= x && x <= b) {
                double ya = p.y(pts.get(i)[1]);
                double yb = p.y(pts.get(i + 1)[1]);
                return ya + (yb - ya) * (x - a) / (b - a);
            }
        }
        throw new AssertionError("x = " + x + " not on the curve");
    }

    @Test
    void yieldsPullsRankingCorrelationDrawTheirJson() throws IOException {
        Path y = dir.resolve("yields.svg");
        JsonNode ry = run(y, "yields");
        SvgDoc s = svg(y);
        JsonNode ch = ry.get("postfit").get("channels").get(0);
        for (Element box : s.groups("sample")) {
            String sample = box.getAttribute("data-sample");
            int bin = Integer.parseInt(box.getAttribute("data-bin"));
            SvgDoc.Panel p = SvgDoc.panelOf(box);
            List<double[]> corners = SvgDoc.points(box);
            double height = p.y(corners.get(0)[1]) - p.y(corners.get(1)[1]);
            assertThat(height).isCloseTo(ch.get("samples").get(sample).get(bin).asDouble(), within(1e-5));
        }
        Element data = s.one("data");
        List<double[]> dp = SvgDoc.points(data);
        SvgDoc.Panel pd = SvgDoc.panelOf(data);
        // each point: the error bar's two ends, then the marker's centre at the observed count
        assertThat(pd.y(dp.get(2)[1])).isCloseTo(ch.get("data").get(0).asDouble(), within(1e-5));
        assertThat(s.legend()).containsExactly("data", "signal", "background", "model uncertainty");
        // μ̂ = 0 sits on its bound with its HESSE error from the curvature there (0.52; pre-fit μ does not vary),
        // so the post-fit band of bin 0 is the wider one: 12·0.52 from the signal alone exceeds the pre-fit 3
        assertThat(ch.get("total_error").get(0).asDouble())
                .isGreaterThan(ry.get("prefit").get("channels").get(0).get("total_error").get(0).asDouble());
        s.assertTickLabelsFormatted();

        Path pl = dir.resolve("pulls.svg");
        JsonNode rp = run(pl, "pulls", "--per-bin");
        SvgDoc sp = svg(pl);
        List<Element> pulls = sp.groups("pull");
        assertThat(pulls).hasSize(rp.get("pulls").size()).hasSize(2);
        for (int i = 0; i < pulls.size(); i++) {
            SvgDoc.Panel p = SvgDoc.panelOf(pulls.get(i));
            double[] marker = SvgDoc.points(pulls.get(i)).get(2);
            assertThat(p.x(marker[0])).isCloseTo(rp.get("pulls").get(i).get("pull").asDouble(), within(1e-5));
        }
        sp.assertTickLabelsFormatted();

        Path rk = dir.resolve("ranking.svg");
        JsonNode rr = run(rk, "ranking");
        SvgDoc sr = svg(rk);
        List<Element> up = sr.groups("postfit-up");
        assertThat(up).hasSize(rr.get("impacts").size());
        for (int i = 0; i < up.size(); i++) {
            SvgDoc.Panel p = SvgDoc.panelOf(up.get(i));
            List<double[]> corners = SvgDoc.points(up.get(i));
            double a = p.x(corners.get(0)[0]);
            double b = p.x(corners.get(1)[0]);
            double drawn = Math.abs(a) > Math.abs(b) ? a : b;
            assertThat(drawn).isCloseTo(rr.get("impacts").get(i).get("postfit_up").asDouble(), within(1e-5));
        }
        assertThat(SvgDoc.text(sr.groups("xlabel").get(0))).isEqualTo("Δμ");
        sr.assertTickLabelsFormatted();

        Path co = dir.resolve("corr.svg");
        JsonNode rc = run(co, "correlation", "--threshold", "0");
        SvgDoc sc = svg(co);
        for (Element v : sc.groups("value")) {
            int i = names(rc).indexOf(v.getAttribute("data-row"));
            int j = names(rc).indexOf(v.getAttribute("data-column"));
            assertThat(SvgDoc.text(v)).isEqualTo(org.kinvis.fit.plot.Ticks.format(rc.get("matrix").get(i).get(j)
                    .asDouble(), 2));
        }
        assertThat(sc.groups("value")).hasSize(9);
    }

    static List<String> names(JsonNode r) {
        List<String> out = new java.util.ArrayList<>();
        r.get("parameters").forEach(n -> out.add(n.asText()));
        return out;
    }

    /**
     * {@code spectrum --bins-plot}: in each Belle II signal region (ITA SR, HTA) the drawn background is the
     * workspace's nominal background (its samples' data summed, read here from the JSON), the scenario's signal
     * the nominal SM signal times Σ_j N_kj w_j / Σ_j N_kj (the number density's row k and the true-bin weights,
     * folded here by hand), the SM signal line and the data as in the workspace.
     */
    @Test
    void analysisBinsFigureFoldsTheScenarioOntoTheWorkspace() throws IOException {
        Path f = dir.resolve("bins.svg");
        EvalCommandTest.Run run = EvalCommandTest.run("spectrum", "--scenario", "scalar", "--set", "mass=2", "--set",
                "width=0.05", "--set", "gs=1e-8", "--backend", "cpu", "--data", TestData.dataDir().toString(),
                "--bins-plot", f.toString());
        assertThat(run.code()).as(run.err()).isZero();
        SvgDoc s = svg(f);
        org.kinvis.host.physics.Scenario sc = org.kinvis.host.physics.Scenario.byName("scalar");
        double[] v = sc.defaults();
        v[sc.indexOf("mass")] = 2;
        v[sc.indexOf("width")] = 0.05;
        v[sc.indexOf("gs")] = 1e-8;
        // the reinterpretation's point: form-factor nuisances η = 0, i.e. α at the prior's mean
        double[] alpha = org.kinvis.host.reweight.FormFactorPrior.read(TestData.dataDir().resolve(
                "wet_reinterpretation_inputs.json")).alpha(new double[8], 0);
        System.arraycopy(alpha, 0, v, v.length - 8, 8);
        org.kinvis.host.physics.TrueBinning bins = org.kinvis.host.physics.TrueBinning.belle2();
        double[] w = bins.weights(bins.integrals(sc.spectrum(v)), bins.integrals(
                new org.kinvis.host.physics.NullScenario().spectrum(new double[0])), false, Double.POSITIVE_INFINITY);
        JsonNode spec = org.kinvis.host.input.JsonInput.mapper().readTree(TestData.workspace().toFile());
        List<Element> signal = s.groups("scenario-signal");
        List<Element> background = s.groups("background");
        assertThat(signal).hasSize(15);
        assertThat(SvgDoc.text(s.groups("title").get(0))).isEqualTo("ITA, signal region");
        assertThat(SvgDoc.text(s.groups("title").get(1))).isEqualTo("HTA");
        int k0 = 0;
        String[][] regions = {{"zoomSR_Y4S", "signal", "number_density_ita_regA.csv"},
            {"sgn1_had", "sgn_1_had", "number_density_hta.csv"}};
        for (int reg = 0; reg < 2; reg++) {
            JsonNode channel = null;
            for (JsonNode c : spec.get("channels")) {
                if (c.get("name").asText().endsWith(regions[reg][0])) {
                    channel = c;
                }
            }
            double[][] n = org.kinvis.host.physics.NumberDensity.read(TestData.dataDir().resolve(regions[reg][2]),
                    bins.size()).rows();
            int nb = n.length;
            double[] sm = new double[nb];
            double[] bkg = new double[nb];
            for (JsonNode sample : channel.get("samples")) {
                for (int b = 0; b < nb; b++) {
                    double y = sample.get("data").get(b).asDouble();
                    if (sample.get("name").asText().equals(regions[reg][1])) {
                        sm[b] += y;
                    } else {
                        bkg[b] += y;
                    }
                }
            }
            for (int b = 0; b < nb; b++) {
                double folded = 0;
                double sum = 0;
                for (int j = 0; j < n[b].length; j++) {
                    folded += n[b][j] * w[j];
                    sum += n[b][j];
                }
                Element box = signal.get(k0 + b);
                assertThat(box.getAttribute("data-bin")).isEqualTo(Integer.toString(b));
                assertThat(Double.parseDouble(box.getAttribute("data-yield")))
                        .isCloseTo(sm[b] * folded / sum, within(1e-6 * sm[b] * Math.max(1, folded / sum)));
                assertThat(Double.parseDouble(background.get(k0 + b).getAttribute("data-yield")))
                        .isCloseTo(bkg[b], within(1e-6 * bkg[b]));
            }
            k0 += nb;
        }
        // the folded signal has its own shape: the state at q² = 4 GeV² leaves the ITA bins of high reco q² all but
        // empty (below 5 % of the largest bin's signal)
        double[] ita = signal.subList(0, 9).stream().mapToDouble(e -> Double.parseDouble(e.getAttribute("data-yield")))
                .toArray();
        assertThat(java.util.Arrays.stream(ita).min().getAsDouble())
                .isLessThan(0.05 * java.util.Arrays.stream(ita).max().getAsDouble());
        EvalCommandTest.Run gif = EvalCommandTest.run("spectrum", "--scenario", "wet", "--bins-plot",
                dir.resolve("b.gif").toString());
        assertThat(gif.code()).isEqualTo(2);
        assertThat(gif.err()).contains("--bins-plot").contains(".png, .svg or .pdf");
    }

    @Test
    void formatsByExtensionAndBadPathsRejectedUpFront() throws IOException {
        for (String ext : new String[] {"png", "svg", "pdf"}) {
            Path f = dir.resolve("s." + ext);
            EvalCommandTest.Run r = EvalCommandTest.run("spectrum", "--scenario", "scalar", "--set", "width=0.02",
                    "--plot", f.toString());
            assertThat(r.code()).as(r.err()).isZero();
            byte[] b = Files.readAllBytes(f);
            String head = new String(b, 0, 8, StandardCharsets.ISO_8859_1);
            switch (ext) {
                case "png" -> assertThat(head).startsWith("\u0089PNG");
                case "svg" -> assertThat(new String(b, StandardCharsets.UTF_8)).startsWith("<?xml").contains("<svg");
                default -> assertThat(head).startsWith("%PDF-");
            }
        }
        EvalCommandTest.Run gif = EvalCommandTest.run("limit", "--workspace", ws.toString(), "--mu", "1,2",
                "--plot", dir.resolve("cls.gif").toString());
        assertThat(gif.code()).isEqualTo(2);
        assertThat(gif.err().strip()).startsWith("kinvis: error:").contains("--plot").contains(".png, .svg or .pdf");
        assertThat(gif.out()).isEmpty();
        EvalCommandTest.Run nodir = EvalCommandTest.run("ranking", "--workspace", ws.toString(), "--plot",
                dir.resolve("missing/r.png").toString());
        assertThat(nodir.code()).isEqualTo(2);
        assertThat(nodir.err()).contains("does not exist");
        assertThat(Files.exists(dir.resolve("cls.gif"))).isFalse();
    }
}
