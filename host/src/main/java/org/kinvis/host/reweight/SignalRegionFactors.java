package org.kinvis.host.reweight;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.kinvis.host.model.CompiledModel;

/**
 * The reinterpretation's folded factors of one number density (one {@link SignalMap}): for each analysis bin of
 * {@code channel}, the scenario's signal yield over the workspace's SM signal yield of {@code sample},
 * {@code F_k = Σ_i N̂_ki w_i} (arXiv:2507.12393, eq. of the reweighting). The scenario's reco-level signal in
 * bin k is the SM signal yield times {@code factors[k]}.
 */
public record SignalRegionFactors(String channel, String sample, double[] factors) {

    /** The factors of every signal map at a point of {@code r} (e.g. {@link Reinterpretation#setPoint()}). */
    public static List<SignalRegionFactors> of(Reinterpretation r, double[] point) {
        double[] f = r.factors(point, 0);
        CompiledModel m = r.base();
        List<SignalRegionFactors> out = new ArrayList<>();
        int o = 0;
        for (SignalMap map : SignalMap.belle2()) {
            String channel = map.channelIn(m.channels());
            int n = m.channelBins()[m.channels().indexOf(channel)];
            out.add(new SignalRegionFactors(channel, map.sample(), Arrays.copyOfRange(f, o, o + n)));
            o += n;
        }
        if (o != f.length) {
            throw new IllegalStateException("folded factors: " + f.length + " for " + o + " analysis bins");
        }
        return out;
    }
}
