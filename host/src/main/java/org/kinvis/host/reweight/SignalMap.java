package org.kinvis.host.reweight;

import java.nio.file.Path;
import java.util.List;
import org.kinvis.host.input.InputException;
import org.kinvis.host.physics.NumberDensity;

/**
 * Which signal sample of which channel a number density describes. The Belle II data has three: the ITA
 * signal region ({@code A__…zoomSR_Y4S}, sample {@code signal}), the ITA control region ({@code B__…zoomCR_Y4S},
 * {@code signal}) and HTA ({@code sgn1_had}, {@code sgn_1_had}); see belle2-knunu/README.md.
 */
public record SignalMap(String channelSuffix, String sample, String file) {

    public static List<SignalMap> belle2() {
        return List.of(new SignalMap("zoomSR_Y4S", "signal", "number_density_ita_regA.csv"),
                new SignalMap("zoomCR_Y4S", "signal", "number_density_ita_regB.csv"),
                new SignalMap("sgn1_had", "sgn_1_had", "number_density_hta.csv"));
    }

    /** The channel of {@code channels} this map belongs to (exactly one must end with the suffix). */
    public String channelIn(List<String> channels) {
        List<String> hits = channels.stream().filter(c -> c.endsWith(channelSuffix)).toList();
        if (hits.size() != 1) {
            throw InputException.at("workspace", "channels", "expected exactly one channel ending in '"
                    + channelSuffix + "' for " + file + ", found " + hits.size());
        }
        return hits.get(0);
    }

    public NumberDensity read(Path dataDir, int trueBins) {
        return NumberDensity.read(dataDir.resolve(file), trueBins);
    }
}
