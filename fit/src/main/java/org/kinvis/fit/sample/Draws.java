package org.kinvis.fit.sample;

import java.util.List;

/**
 * The post-warm-up draws of a multi-chain run and what a CmdStan output carries with them.
 *
 * @param method      "hmc" (ChEES-HMC) or "ensemble" (stretch move; each walker counts as a chain)
 * @param names       parameter names, in column order
 * @param values      {@code [chain][draw][parameter]} flattened (constrained parameters)
 * @param lp          log density per draw ({@code [chain][draw]}); for HMC that of the unconstrained parameters,
 *                    Jacobian included, as Stan's {@code lp__}
 * @param accept      acceptance statistic per draw (HMC), or null
 * @param leapfrog    leapfrog steps per draw (HMC), or null
 * @param divergent   divergent trajectory per draw (HMC), or null
 * @param energy      Hamiltonian at the draw (HMC), or null
 * @param finals      final state of every chain ({@code chains × names.size()}), constrained
 * @param adaptation  the adapted step size, trajectory length and metric (HMC), or null
 * @param warmupDivergences divergent trajectories during warm-up (not counted against convergence)
 * @param warmupRestarts    stuck chains moved to another chain's position during warm-up
 * @param gradients   points at which the gradient (HMC) or the density (ensemble) was evaluated
 */
public record Draws(String method, List<String> names, int chains, int draws, double[] values, double[] lp,
        double[] accept, int[] leapfrog, boolean[] divergent, double[] energy, double[] finals,
        Adaptation adaptation, long warmupDivergences, long warmupRestarts, long gradients, double seconds) {

    /** Step size, trajectory length and metric at the end of warm-up. */
    public record Adaptation(double stepSize, double trajectoryLength, Metric metric) {
    }

    public int dim() {
        return names.size();
    }

    public double value(int chain, int draw, int param) {
        return values[(chain * draws + draw) * dim() + param];
    }

    /** The draws of parameter {@code param}, one row per chain. */
    public double[][] parameter(int param) {
        double[][] x = new double[chains][draws];
        int n = dim();
        for (int c = 0; c < chains; c++) {
            for (int d = 0; d < draws; d++) {
                x[c][d] = values[(c * draws + d) * n + param];
            }
        }
        return x;
    }

    /** Post-warm-up divergent transitions. */
    public long divergences() {
        long s = 0;
        if (divergent != null) {
            for (boolean b : divergent) {
                s += b ? 1 : 0;
            }
        }
        return s;
    }

    /** Mean acceptance statistic over all draws, NaN where not recorded. */
    public double meanAcceptance() {
        if (accept == null || accept.length == 0) {
            return Double.NaN;
        }
        double s = 0;
        for (double a : accept) {
            s += a;
        }
        return s / accept.length;
    }

    /** E-BFMI of each chain (HMC), or null. */
    public double[] ebfmi() {
        if (energy == null) {
            return null;
        }
        double[] out = new double[chains];
        for (int c = 0; c < chains; c++) {
            out[c] = Diagnostics.ebfmi(java.util.Arrays.copyOfRange(energy, c * draws, (c + 1) * draws));
        }
        return out;
    }
}
