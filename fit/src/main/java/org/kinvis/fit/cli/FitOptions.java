package org.kinvis.fit.cli;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.kinvis.fit.minimize.Migrad;
import org.kinvis.host.input.InputException;
import org.kinvis.host.model.ParameterTable;
import picocli.CommandLine.Option;

/** Minimiser options shared by the fitting commands: --fix, --strategy, --tolerance. */
public final class FitOptions {
    @Option(names = "--fix", paramLabel = "NAME=VALUE", description = "Fix a parameter (repeatable).")
    List<String> fix;

    @Option(names = "--strategy", paramLabel = "S", defaultValue = "1", description = "Minuit strategy 0, 1 or 2.")
    int strategy;

    @Option(names = "--tolerance", paramLabel = "T", defaultValue = "0.1",
            description = "Minuit tolerance: EDM goal = 0.002 · T (errordef 1 on −2 log L).")
    double tolerance;

    public Migrad.Options options() {
        if (strategy < 0 || strategy > 2) {
            throw InputException.at("--strategy", String.valueOf(strategy), "expected 0, 1 or 2");
        }
        if (!(tolerance > 0)) {
            throw InputException.at("--tolerance", String.valueOf(tolerance), "expected a positive number");
        }
        return new Migrad.Options(tolerance, strategy, 0, 1.0);
    }

    /** The --fix assignments, checked against the model's parameter names. */
    public Map<String, Double> fixed(ParameterTable t) {
        Map<String, Double> out = assignments();
        for (String f : fix == null ? List.<String>of() : fix) {
            Names.parameter(t, "--fix", f, f.split("=", 2)[0].trim());
        }
        return out;
    }

    /** The --fix assignments NAME=VALUE (finite values), in their order; names not checked. */
    Map<String, Double> assignments() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String f : fix == null ? List.<String>of() : fix) {
            String[] kv = f.split("=", 2);
            if (kv.length != 2) {
                throw InputException.at("--fix", f, "expected NAME=VALUE");
            }
            try {
                double v = Double.parseDouble(kv[1].trim());
                if (!Double.isFinite(v)) {
                    throw new NumberFormatException();
                }
                out.put(kv[0].trim(), v);
            } catch (NumberFormatException e) {
                throw InputException.at("--fix", f, "expected a finite number after '='");
            }
        }
        return out;
    }
}
