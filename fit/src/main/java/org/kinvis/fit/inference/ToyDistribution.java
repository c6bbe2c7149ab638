package org.kinvis.fit.inference;

import java.util.Arrays;

/**
 * The empirical distribution of a test statistic over pseudo-experiments, as pyhf's
 * {@code infer.calculators.EmpiricalDistribution}: the statistic of every toy whose fits converged (sorted), the
 * POI value the toys were drawn at, and how many toys were left out because a fit did not converge.
 *
 * @param generatedAt the POI value of the toys' generating point
 * @param values      the statistic of the converged toys, ascending
 * @param failed      toys left out: a fit behind their statistic did not converge, even after recovery
 */
public record ToyDistribution(double generatedAt, double[] values, int failed) {

    public ToyDistribution {
        values = values.clone();
        Arrays.sort(values);
    }

    /** Number of toys in the distribution (the converged ones). */
    public int size() {
        return values.length;
    }

    /** The fraction of toys whose statistic is at least {@code q} (pyhf's {@code pvalue}: {@code samples >= q}). */
    public double pvalue(double q) {
        if (values.length == 0) {
            return Double.NaN;
        }
        // first index with values[i] >= q
        int lo = 0;
        int hi = values.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (values[mid] < q) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return (double) (values.length - lo) / values.length;
    }

    /** The binomial standard error of {@link #pvalue}: √(p(1 − p)/N). */
    public double pvalueError(double q) {
        double p = pvalue(q);
        return Math.sqrt(p * (1 - p) / values.length);
    }

    /**
     * The {@code percent}-th percentile of {@code sample} with linear interpolation between order statistics
     * (numpy's {@code percentile(..., interpolation="linear")}, which pyhf uses); sorts {@code sample}.
     */
    static double percentile(double[] sample, double percent) {
        Arrays.sort(sample);
        double pos = percent / 100 * (sample.length - 1);
        int i = (int) Math.floor(pos);
        if (i >= sample.length - 1) {
            return sample[sample.length - 1];
        }
        double f = pos - i;
        return sample[i] + f * (sample[i + 1] - sample[i]);
    }
}
