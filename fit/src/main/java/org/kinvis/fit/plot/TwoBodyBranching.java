package org.kinvis.fit.plot;

import org.kinvis.host.physics.Scenario;
import org.kinvis.host.physics.TwoBodyScenario;

/**
 * Converts a two-body scenario's coupling into the branching ratio a reader compares across papers,
 * BR(B⁺ → K⁺X)·BR(X → inv) (more precisely, the invisible share the scenario's spectrum carries), at a given
 * mass: the scenario's own branching ratio with that coupling (∝ coupling²).
 */
public record TwoBodyBranching(Scenario scenario, double[] values, int coupling, int over) {

    /** The conversion for limits on {@code poi} over {@code over}, or null where it does not apply. */
    public static TwoBodyBranching of(Scenario sc, double[] values, String poi, String over) {
        if (!(sc instanceof TwoBodyScenario) || over == null || !over.equals("mass")
                || sc.indexOf(poi) != 1) {
            return null;
        }
        return new TwoBodyBranching(sc, values.clone(), sc.indexOf(poi), sc.indexOf(over));
    }

    /** BR at {@code x} of the scanned parameter with the coupling {@code g} (NaN for a non-finite g). */
    public double at(double x, double g) {
        if (!Double.isFinite(g)) {
            return Double.NaN;
        }
        double[] v = values.clone();
        v[over] = x;
        v[coupling] = Math.max(g, 0);
        return scenario.spectrum(v).branchingRatio(0, scenario.spectrum(v).q2Max());
    }
}
