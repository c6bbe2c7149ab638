package org.kinvis.host.model;

import org.kinvis.host.input.InputException;
import org.kinvis.kernels.Interpolation;

/**
 * Interpolation code per modifier type, pyhf's {@code modifier_settings}: normsys {@code code1} (default) or
 * {@code code4}; histosys {@code code0} (default), {@code code2} or {@code code4p}.
 */
public record InterpolationSettings(int normsys, int histosys) {
    public static final InterpolationSettings DEFAULT =
            new InterpolationSettings(Interpolation.CODE4, Interpolation.CODE4P);

    /** Parses {@code "normsys=code4,histosys=code4p"} (either part optional); null or blank gives the default. */
    public static InterpolationSettings parse(String spec) {
        int ns = DEFAULT.normsys;
        int hs = DEFAULT.histosys;
        if (spec == null || spec.isBlank()) {
            return DEFAULT;
        }
        for (String part : spec.split(",")) {
            String[] kv = part.trim().split("=", 2);
            if (kv.length != 2) {
                throw InputException.at("--interp", part.trim(), "expected TYPE=CODE, e.g. normsys=code4");
            }
            int code = Interpolation.parse(kv[1].trim());
            switch (kv[0].trim()) {
                case "normsys" -> {
                    if (code != Interpolation.CODE1 && code != Interpolation.CODE4) {
                        throw InputException.at("--interp", "normsys", "expected code1 or code4, got " + kv[1].trim());
                    }
                    ns = code;
                }
                case "histosys" -> {
                    if (code != Interpolation.CODE0 && code != Interpolation.CODE2 && code != Interpolation.CODE4P) {
                        throw InputException.at("--interp", "histosys",
                                "expected code0, code2 or code4p, got " + kv[1].trim());
                    }
                    hs = code;
                }
                default -> throw InputException.at("--interp", kv[0].trim(), "expected normsys or histosys");
            }
        }
        return new InterpolationSettings(ns, hs);
    }

    @Override
    public String toString() {
        return "normsys=" + Interpolation.name(normsys) + ",histosys=" + Interpolation.name(histosys);
    }
}
