package org.kinvis.fit.sweep;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kinvis.fit.inference.ToyCalculator;
import org.kinvis.fit.inference.ToyDistribution;
import org.kinvis.fit.sweep.TaskResult.Column;
import org.kinvis.host.input.JsonInput;

/**
 * The record of a toy-based test run as K chunks ({@code kinvis sweep --toys N --chunks K}): the union of the
 * chunks' toy distributions — signal-like and background-like statistics, failed toys summed — with CLs+b, CLb,
 * CLs, their binomial errors and the expected CLs from it, as {@link ToyCalculator} computes them from one set.
 * Seeding rule: chunk k of a test seeded S draws its toys from {@link Seeds#forChunk}(S, k), so the merged
 * result is a function of (S, N, K) — the same on every engine and partitioning — and has the statistics of one
 * run of N toys (not the same toys as an unchunked run with seed S, which draws all N from one stream).
 */
public final class ToyMerge {
    private static final String MARK = "/chunk=";

    private ToyMerge() {
    }

    /** The merged test's id of chunk id {@code id} (the part before {@code /chunk=}). */
    public static String parent(String id) {
        int k = id.lastIndexOf(MARK);
        return k < 0 ? id : id.substring(0, k);
    }

    /** The parent of a record line, or null when it is not a chunk's. */
    public static String parentOf(String json) {
        JsonNode n = new JsonInput("result record").parse(json).get(Column.PARENT.key());
        return n == null || n.isNull() ? null : n.asText();
    }

    /** The merged records of the chunked tests among {@code records}, in the order their parents first appear. */
    public static List<TaskResult> mergeAll(List<TaskResult> records) {
        Map<String, List<String>> byParent = new LinkedHashMap<>();
        for (TaskResult r : records) {
            String p = parentOf(r.json());
            if (p != null) {
                byParent.computeIfAbsent(p, k -> new ArrayList<>()).add(r.json());
            }
        }
        List<TaskResult> out = new ArrayList<>();
        byParent.forEach((p, lines) -> out.add(merge(p, lines)));
        return out;
    }

    /** The merged record of test {@code parent} from its chunks' record lines. */
    public static TaskResult merge(String parent, Iterable<String> chunkLines) {
        List<JsonNode> chunks = new ArrayList<>();
        for (String l : chunkLines) {
            chunks.add(new JsonInput("chunk record").parse(l));
        }
        chunks.sort(Comparator.comparingInt(n -> n.get(Column.CHUNK.key()).asInt()));
        JsonNode first = chunks.get(0);
        TaskResult.Builder b = TaskResult.of(parent, "hypotest", first.get(Column.MODEL.key()).asText());
        int k = first.get(Column.CHUNKS.key()).asInt();
        for (JsonNode c : chunks) {
            if (c.hasNonNull(Column.ERROR.key())) {
                return b.failed("chunk " + c.get(Column.CHUNK.key()).asInt() + ": " + c.get(Column.ERROR.key())
                        .asText());
            }
        }
        for (int i = 0; i < k; i++) {
            if (i >= chunks.size() || chunks.get(i).get(Column.CHUNK.key()).asInt() != i) {
                return b.failed("chunk " + i + " of " + k + " is missing (or twice)");
            }
        }
        if (chunks.size() != k) {
            return b.failed(chunks.size() + " chunk records for " + k + " chunks");
        }
        double q = first.get(Column.QMU.key()).asDouble();
        double mu = first.get(Column.MU.key()).asDouble();
        List<Double> s = new ArrayList<>();
        List<Double> bg = new ArrayList<>();
        int toys = 0;
        int failed = 0;
        boolean converged = true;
        for (JsonNode c : chunks) {
            if (c.get(Column.QMU.key()).asDouble() != q || c.get(Column.MU.key()).asDouble() != mu) {
                return b.failed("the chunks disagree on mu or on the observed statistic");
            }
            c.get(Column.TOYS_SIGNAL.key()).forEach(v -> s.add(v.asDouble()));
            c.get(Column.TOYS_BACKGROUND.key()).forEach(v -> bg.add(v.asDouble()));
            toys += c.get(Column.TOYS.key()).asInt();
            failed += c.get(Column.TOYS_FAILED.key()).asInt();
            converged &= c.get(Column.CONVERGED.key()).asBoolean();
        }
        ToyDistribution sd = new ToyDistribution(mu, s.stream().mapToDouble(Double::doubleValue).toArray(), 0);
        ToyDistribution bd = new ToyDistribution(0, bg.stream().mapToDouble(Double::doubleValue).toArray(), 0);
        double clsb = sd.pvalue(q);
        double clb = bd.pvalue(q);
        double cls = clsb / clb;
        double eSb = sd.pvalueError(q);
        double eB = bd.pvalueError(q);
        double eCls = cls * Math.sqrt(Math.pow(eSb / clsb, 2) + Math.pow(eB / clb, 2));
        b.put(Column.POI, first.get(Column.POI.key()).asText()).put(Column.MU, mu).put(Column.CALCTYPE, "toybased")
                .put(Column.TOYS, toys).put(Column.CHUNKS, k).put(Column.CLS, cls).put(Column.CLSB, clsb)
                .put(Column.CLB, clb).put(Column.CLS_ERROR, Double.isFinite(eCls) ? eCls : Double.NaN)
                .put(Column.CLSB_ERROR, eSb).put(Column.CLB_ERROR, eB).put(Column.TOYS_FAILED, failed)
                .put(Column.QMU, q).put(Column.EXPECTED_CLS, ToyCalculator.expected(sd, bd)[2])
                .put(Column.POI_HAT, first.get(Column.POI_HAT.key()).asDouble());
        return b.converged(converged);
    }
}
