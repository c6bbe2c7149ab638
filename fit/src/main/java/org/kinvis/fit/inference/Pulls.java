package org.kinvis.fit.inference;

import java.util.ArrayList;
import java.util.List;
import org.kinvis.fit.minimize.FitResult;
import org.kinvis.host.model.Constraint;
import org.kinvis.host.model.ParameterSet;
import org.kinvis.host.model.ParameterTable;

/**
 * Nuisance-parameter pulls after a fit, as cabinetry shows them: for every free constrained parameter the pull
 * (θ̂ − θ₀)/Δθ and its error σ̂/Δθ, where θ₀ and Δθ are the constraint's centre and width before the fit
 * (Gaussian: auxiliary value and σ; Poisson with scale τ: 1 and 1/√τ). A pull error below 1 says the data
 * constrain the parameter beyond its prior.
 */
public record Pulls(List<Pull> pulls) {

    /** One parameter's pull; {@code modifier} its modifier type (normsys, histosys, staterror, ...). */
    public record Pull(String name, String modifier, double bestfit, double error, double centre, double width,
            double pull, double pullError) {
    }

    /** The centre and width of each parameter's constraint before the fit (width 0: unconstrained). */
    public static double[][] prefit(ParameterTable t) {
        double[][] out = new double[2][t.size()];
        for (ParameterSet s : t.sets()) {
            for (int i = 0; i < s.n(); i++) {
                int k = s.offset() + i;
                if (s.constraint() == Constraint.NORMAL) {
                    out[0][k] = s.auxdata()[i];
                    out[1][k] = s.widths()[i];
                } else if (s.constraint() == Constraint.POISSON) {
                    out[0][k] = s.auxdata()[i] / s.widths()[i];
                    out[1][k] = 1 / Math.sqrt(s.widths()[i]);
                } else {
                    out[0][k] = s.inits()[i];
                }
            }
        }
        return out;
    }

    /**
     * The pulls of the fit's free constrained parameters, in parameter order; per-bin sets (staterror, shapesys)
     * only when {@code perBin}.
     */
    public static Pulls of(ParameterTable t, FitResult fit, boolean perBin) {
        double[][] pre = prefit(t);
        List<Pull> out = new ArrayList<>();
        for (ParameterSet s : t.sets()) {
            boolean binwise = s.modifierType().equals("staterror") || s.modifierType().equals("shapesys");
            if (!s.constrained() || (binwise && !perBin)) {
                continue;
            }
            for (int i = 0; i < s.n(); i++) {
                int k = s.offset() + i;
                if (fit.fixed()[k] || !(pre[1][k] > 0)) {
                    continue;
                }
                double v = fit.values()[k];
                double e = fit.errors()[k];
                out.add(new Pull(t.names().get(k), s.modifierType(), v, e, pre[0][k], pre[1][k],
                        (v - pre[0][k]) / pre[1][k], e / pre[1][k]));
            }
        }
        return new Pulls(out);
    }
}
