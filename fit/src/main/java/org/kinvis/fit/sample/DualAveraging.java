package org.kinvis.fit.sample;

/**
 * Step-size adaptation by Nesterov's dual averaging as in the No-U-Turn paper (Hoffman &amp; Gelman, JMLR 15
 * (2014) 1593, Algorithm 5) and Stan's {@code stepsize_adaptation}: {@code log ε_t = μ − √t/γ · H̄_t} with
 * {@code H̄_t} the running mean of {@code δ − α_t} (weights {@code 1/(t + t₀)}), {@code μ = log(10 ε₀)},
 * {@code γ = 0.05}, {@code t₀ = 10}, {@code κ = 0.75}; the averaged iterate {@code log ε̄} is the step size
 * used after warm-up.
 */
final class DualAveraging {
    private static final double GAMMA = 0.05;
    private static final double T0 = 10;
    private static final double KAPPA = 0.75;

    private final double target;
    private double mu;
    private double hBar;
    private double logEps;
    private double logEpsBar;
    private long t;

    DualAveraging(double target, double initialStepSize) {
        this.target = target;
        restart(initialStepSize);
    }

    /** Starts over from {@code stepSize} (Stan does so after every metric update). */
    void restart(double stepSize) {
        mu = Math.log(10 * stepSize);
        hBar = 0;
        logEps = Math.log(stepSize);
        logEpsBar = 0;
        t = 0;
    }

    /** Learns from one iteration's acceptance statistic; returns the step size to use next. */
    double update(double acceptance) {
        t++;
        double w = 1 / (t + T0);
        hBar = (1 - w) * hBar + w * (target - acceptance);
        logEps = mu - Math.sqrt(t) / GAMMA * hBar;
        double eta = Math.pow(t, -KAPPA);
        logEpsBar = eta * logEps + (1 - eta) * logEpsBar;
        return Math.exp(logEps);
    }

    double stepSize() {
        return Math.exp(logEps);
    }

    /** The averaged step size, for sampling after warm-up. */
    double averagedStepSize() {
        return t == 0 ? Math.exp(logEps) : Math.exp(logEpsBar);
    }
}
