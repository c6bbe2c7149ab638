package org.kinvis.fit.sample;

/**
 * ChEES trajectory-length adaptation (Hoffman, Radul &amp; Sountsov, "An Adaptive-MCMC Scheme for Setting
 * Trajectory Lengths in Hamiltonian Monte Carlo", AISTATS 2021), in the form of TensorFlow Probability's
 * {@code GradientBasedTrajectoryLengthAdaptation}: the trajectory length {@code T} follows the gradient of the
 * "Change in the Estimator of the Expected Square"
 * {@code ChEES = ¼ E[(‖x' − E x‖² − ‖x − E x‖²)²]}, estimated across the chains, whose derivative along the
 * proposal's velocity is {@code (‖x'−x̄'‖² − ‖x−x̄‖²) (x'−x̄')·v'} times the jitter {@code h} of the trajectory
 * ({@code t = h T}); the chains' terms are weighted by their acceptance probabilities (x̄' is the
 * acceptance-weighted mean of the proposals). The step in {@code log T} is RMSProp-normalised (rate 0.025,
 * squared-gradient average with weight 0.05, bias-corrected) and clipped to ±0.35; the iterate average
 * {@code log T̄} (weights {@code t^−½}) is the length used after warm-up. Norms are those of the whitened
 * coordinates, i.e. of the metric.
 */
final class TrajectoryAdaptation {
    private static final double RATE = 0.025;
    private static final double SQ_GRAD_WEIGHT = 0.05;
    private static final double CLIP = 0.35;

    private double length;
    private double averagedSqGrad;
    private double logAveraged;
    private long step;

    TrajectoryAdaptation(double initialLength) {
        this.length = initialLength;
        this.logAveraged = Math.log(initialLength);
    }

    double length() {
        return length;
    }

    /** The averaged length, for sampling after warm-up. */
    double averagedLength() {
        return Math.exp(logAveraged);
    }

    /**
     * One adaptation step from an iteration of all chains.
     *
     * @param before    whitened positions at the start of the trajectories ({@code chains × n})
     * @param proposal  whitened end points of the trajectories
     * @param velocity  momenta at the end points (velocities: the mass is the unit in whitened coordinates)
     * @param accept    acceptance probabilities (0 for divergent trajectories)
     * @param jitter    the fraction h of T this iteration's trajectories ran
     * @param maxLength the longest trajectory allowed (step size × maximal number of leapfrog steps)
     */
    void update(double[] before, double[] proposal, double[] velocity, double[] accept, int chains, int n,
            double jitter, double maxLength) {
        double[] meanBefore = new double[n];
        double[] meanProposal = new double[n];
        double weight = 0;
        for (int c = 0; c < chains; c++) {
            double a = accept[c];
            boolean ok = a > 0 && finiteRow(proposal, c, n);
            for (int i = 0; i < n; i++) {
                meanBefore[i] += before[c * n + i] / chains;
                if (ok) {
                    meanProposal[i] += a * proposal[c * n + i];
                }
            }
            weight += ok ? a : 0;
        }
        if (!(weight > 0)) {
            return;
        }
        for (int i = 0; i < n; i++) {
            meanProposal[i] /= weight;
        }
        double num = 0;
        double den = 0;
        for (int c = 0; c < chains; c++) {
            double a = accept[c];
            if (!(a > 1e-4) || !finiteRow(proposal, c, n)) {
                continue;
            }
            double r1 = 0;
            double r0 = 0;
            double dot = 0;
            for (int i = 0; i < n; i++) {
                double d1 = proposal[c * n + i] - meanProposal[i];
                double d0 = before[c * n + i] - meanBefore[i];
                r1 += d1 * d1;
                r0 += d0 * d0;
                dot += d1 * velocity[c * n + i];
            }
            double g = jitter * (r1 - r0) * dot;
            if (Double.isFinite(g)) {
                num += a * g;
                den += a;
            }
        }
        double grad = den > 0 ? num / den : 0;
        step++;
        averagedSqGrad = (1 - SQ_GRAD_WEIGHT) * averagedSqGrad + SQ_GRAD_WEIGHT * grad * grad;
        double corrected = averagedSqGrad / (1 - Math.pow(1 - SQ_GRAD_WEIGHT, step));
        double logUpdate = RATE / Math.sqrt(corrected + 1e-20) * grad;
        logUpdate = Math.max(-CLIP, Math.min(CLIP, logUpdate));
        length = Math.min(length * Math.exp(logUpdate), maxLength);
        double w = Math.pow(step, -0.5);
        logAveraged = w * Math.log(length) + (1 - w) * logAveraged;
    }

    private static boolean finiteRow(double[] x, int c, int n) {
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(x[c * n + i])) {
                return false;
            }
        }
        return true;
    }

    /** Element {@code i ≥ 1} of the base-2 van der Corput (Halton) sequence, in (0, 1). */
    static double halton(long i) {
        double r = 0;
        double f = 0.5;
        while (i > 0) {
            r += f * (i & 1);
            i >>= 1;
            f *= 0.5;
        }
        return r;
    }
}
