package org.kinvis.fit.sample;

/**
 * A dense Euclidean metric of HMC in factored form: the sampler moves whitened coordinates {@code z} with unit
 * mass, and {@code u = m + L z} with {@code L Lᵀ = Σ}, the inverse mass matrix (Stan's {@code dense_e} metric,
 * Betancourt 2017 §4.2: a unit-mass Hamiltonian in {@code z} is the mass-{@code Σ⁻¹} Hamiltonian in {@code u}).
 * The Cholesky factor is computed once per adaptation window; each leapfrog step then costs one product with
 * {@code L} (positions) and one with {@code Lᵀ} (gradients), both written as contiguous axpy loops.
 */
public final class Metric {
    private final int n;
    private final double[] center;
    private final double[] l;  // L row-major (lower triangle)
    private final double[] lt; // Lᵀ row-major: column k of L is row k here

    private Metric(double[] center, double[] l) {
        this.n = center.length;
        this.center = center;
        this.l = l;
        this.lt = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k <= i; k++) {
                lt[k * n + i] = l[i * n + k];
            }
        }
    }

    /** The unit metric about {@code center}. */
    public static Metric identity(double[] center) {
        int n = center.length;
        double[] l = new double[n * n];
        for (int i = 0; i < n; i++) {
            l[i * n + i] = 1;
        }
        return new Metric(center.clone(), l);
    }

    /**
     * The metric with inverse mass matrix {@code cov} ({@code n × n} row-major, symmetrised here); a matrix that is
     * not numerically positive definite gets a growing multiple of its mean diagonal added until it is.
     */
    public static Metric fromCovariance(double[] center, double[] cov) {
        return new Metric(center.clone(), cholesky(cov, center.length));
    }

    public int dimension() {
        return n;
    }

    public double[] center() {
        return center.clone();
    }

    /** The inverse mass matrix Σ = L Lᵀ, row-major. */
    public double[] covariance() {
        double[] c = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0;
                for (int k = 0; k <= j; k++) {
                    s += l[i * n + k] * l[j * n + k];
                }
                c[i * n + j] = s;
                c[j * n + i] = s;
            }
        }
        return c;
    }

    /** {@code u = m + L z} for {@code count} points. */
    public void toUnconstrained(double[] z, double[] u, int count) {
        byChains(count, (from, to) -> toUnconstrained(z, u, from, to));
    }

    private void toUnconstrained(double[] z, double[] u, int from, int to) {
        for (int c = from; c < to; c++) {
            int o = c * n;
            System.arraycopy(center, 0, u, o, n);
            for (int k = 0; k < n; k++) {
                double zk = z[o + k];
                int r = k * n;
                for (int i = k; i < n; i++) {
                    u[o + i] += lt[r + i] * zk;
                }
            }
        }
    }

    /** {@code g_z = Lᵀ g_u} for {@code count} gradients (the chain rule through {@code u = m + L z}). */
    public void pullBack(double[] gu, double[] gz, int count) {
        byChains(count, (from, to) -> pullBack(gu, gz, from, to));
    }

    private void pullBack(double[] gu, double[] gz, int from, int to) {
        java.util.Arrays.fill(gz, from * n, to * n, 0);
        for (int c = from; c < to; c++) {
            int o = c * n;
            for (int i = 0; i < n; i++) {
                double g = gu[o + i];
                int r = i * n;
                for (int k = 0; k <= i; k++) {
                    gz[o + k] += l[r + k] * g;
                }
            }
        }
    }

    /** Multiply-adds above which a product over many chains is split over the common pool (~1 ms of work). */
    static final long PARALLEL_WORK = 1L << 21;

    private interface ChainRange {
        void run(int from, int to);
    }

    /**
     * Runs {@code body} over the chains: in the calling thread for the usual few dozen chains (a 64-chain step stays
     * single-threaded, as the batched gradient is), split into contiguous blocks on the common pool for the
     * thousands of chains of a device run. Each chain's arithmetic is the same either way, so the draws are too.
     */
    private void byChains(int count, ChainRange body) {
        long work = (long) count * n * (n + 1) / 2;
        int threads = java.util.concurrent.ForkJoinPool.getCommonPoolParallelism() + 1;
        if (work < PARALLEL_WORK || threads < 2 || count < 2) {
            body.run(0, count);
            return;
        }
        int parts = (int) Math.min(count, Math.min(4L * threads, work / (PARALLEL_WORK / 4)));
        java.util.stream.IntStream.range(0, parts).parallel()
                .forEach(p -> body.run((int) ((long) count * p / parts), (int) ((long) count * (p + 1) / parts)));
    }

    /** {@code z = L⁻¹ (u − m)} for {@code count} points (forward substitution). */
    public void toWhitened(double[] u, double[] z, int count) {
        for (int c = 0; c < count; c++) {
            int o = c * n;
            for (int i = 0; i < n; i++) {
                double s = u[o + i] - center[i];
                for (int k = 0; k < i; k++) {
                    s -= l[i * n + k] * z[o + k];
                }
                z[o + i] = s / l[i * n + i];
            }
        }
    }

    /**
     * The metric of the affine map {@code z = shift + Ls z'} composed with this one: center {@code m + L shift},
     * factor {@code L Ls} (lower triangular again). Used to refine the metric from warm-up draws measured in this
     * metric's whitened coordinates.
     */
    Metric compose(double[] shift, double[] ls) {
        double[] m = center.clone();
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int k = 0; k <= i; k++) {
                s += l[i * n + k] * shift[k];
            }
            m[i] += s;
        }
        double[] p = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k <= i; k++) {
                double lik = l[i * n + k];
                if (lik == 0) {
                    continue;
                }
                for (int j = 0; j <= k; j++) {
                    p[i * n + j] += lik * ls[k * n + j];
                }
            }
        }
        return new Metric(m, p);
    }

    /**
     * Lower Cholesky factor of the symmetric part of {@code a} ({@code n × n} row-major). Where the matrix is not
     * numerically positive definite, {@code 10^k · 1e-10} times its mean diagonal is added (k = 0, 1, ...) until
     * the factorisation succeeds.
     */
    static double[] cholesky(double[] a, int n) {
        double trace = 0;
        for (int i = 0; i < n; i++) {
            trace += a[i * n + i];
        }
        double jitter = 0;
        double scale = trace > 0 && Double.isFinite(trace) ? trace / n : 1;
        for (int attempt = 0; attempt < 12; attempt++) {
            double[] l = tryCholesky(a, n, jitter);
            if (l != null) {
                return l;
            }
            jitter = jitter == 0 ? 1e-10 * scale : jitter * 10;
        }
        throw new IllegalArgumentException("covariance matrix is not positive definite");
    }

    private static double[] tryCholesky(double[] a, int n, double jitter) {
        double[] l = new double[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j <= i; j++) {
                double s = 0.5 * (a[i * n + j] + a[j * n + i]) + (i == j ? jitter : 0);
                for (int k = 0; k < j; k++) {
                    s -= l[i * n + k] * l[j * n + k];
                }
                if (i == j) {
                    if (!(s > 0) || !Double.isFinite(s)) {
                        return null;
                    }
                    l[i * n + i] = Math.sqrt(s);
                } else {
                    l[i * n + j] = s / l[j * n + j];
                }
            }
        }
        return l;
    }
}
