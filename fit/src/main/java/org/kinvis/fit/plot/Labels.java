package org.kinvis.fit.plot;

import java.util.Map;
import org.kinvis.host.physics.Scenario;

/**
 * Axis labels of parameters: the symbol physicists write (μ, C_VL, g_S, m_X) and the unit in brackets; names
 * without a symbol (workspace nuisances) are shown as they are.
 */
public final class Labels {
    private Labels() {
    }

    private static final Map<String, String> SYMBOLS = Map.ofEntries(Map.entry("mu", "μ"),
            Map.entry("cvl", "C_{VL}"), Map.entry("cvr", "C_{VR}"), Map.entry("csl", "C_{SL}"),
            Map.entry("csr", "C_{SR}"), Map.entry("ctl", "C_{TL}"), Map.entry("gs", "g_{S}"), Map.entry("gv", "g_{V}"),
            Map.entry("gp", "g_{P}"), Map.entry("cv_over_fa", "c_{V}/f_{a}"), Map.entry("width", "Γ_{X}"),
            Map.entry("br_inv", "BR(X → inv)"), Map.entry("ctau", "cτ_{X}"), Map.entry("m1", "m_{1}"),
            Map.entry("m2", "m_{2}"), Map.entry("lambda", "Λ"), Map.entry("mass", "m_{X}"),
            Map.entry("detector_length", "L_{det}"));

    /** The symbol of a parameter (markup). */
    public static String symbol(String name) {
        String s = SYMBOLS.get(name);
        return s != null ? s : MathText.escape(name);
    }

    /** The symbol of a scenario's parameter: the mass names the scenario's particle. */
    public static String symbol(Scenario sc, String name) {
        if (name.equals("mass")) {
            return switch (sc.name()) {
                case "scalar" -> "m_{S}";
                case "alp" -> "m_{a}";
                case "dm-scalar" -> "m_{φ}";
                case "dm-fermion" -> "m_{χ}";
                default -> "m_{X}";
            };
        }
        return symbol(name);
    }

    /** Axis label of a parameter of a workspace: the symbol alone (workspace parameters carry no unit). */
    public static String axis(String name) {
        return symbol(name);
    }

    /** Axis label of a scenario's parameter: symbol and unit, e.g. "m_{S} [GeV]". */
    public static String axis(Scenario sc, String name) {
        int k = sc.indexOf(name);
        String unit = k < 0 ? "" : sc.parameters().get(k).unit();
        return symbol(sc, name) + unit(unit);
    }

    /** " [unit]" in markup ("1/GeV" → GeV^{−1}), empty for dimensionless. */
    public static String unit(String unit) {
        if (unit == null || unit.isEmpty()) {
            return "";
        }
        String u = switch (unit) {
            case "1/GeV" -> "GeV^{−1}";
            case "1/GeV²", "1/GeV^2" -> "GeV^{−2}";
            default -> unit;
        };
        return " [" + u + "]";
    }

    /**
     * Text with the test statistics as kinvis's text output writes them (q̃μ, qμ, t̃μ, tμ, q₀; {@code
     * TestStatistic.symbol()}) set as markup with their subscript: q̃_{μ}, q_{0}.
     */
    public static String statistics(String text) {
        return text.replaceAll("(?<![_{\\p{L}])([qt]\u0303?)([μ₀])", "$1_{$2}").replace("_{₀}", "_{0}");
    }
}
