package org.kinvis.host.model;

import java.util.random.RandomGenerator;
import org.apache.commons.math3.special.Gamma;
import org.kinvis.kernels.DataSets;
import org.kinvis.kernels.ModelLayout;

/**
 * Pseudo-experiments drawn from a model at one parameter point, as pyhf's {@code model.make_pdf(pars).sample()}:
 * each main bin {@code n_j ~ Pois(ν_j(θ))}, and each auxiliary datum from its constraint pdf — a Gaussian
 * constraint's {@code a ~ N(θ, σ)}, a Poisson constraint's {@code a ~ Pois(τ·γ)} (shapesys: τ = (nominal/σ)²).
 * Auxiliary data that no constraint uses keep their observed value. Draws come from one generator in a fixed
 * order (toy by toy: main bins, then Gaussian, then Poisson constraints), so a seed reproduces the toys whatever
 * the number of threads that later fit them.
 *
 * <p>Poisson variates: multiplication of uniforms below a mean of 10 (Knuth), W. Hörmann's transformed rejection
 * PTRS ("The transformed rejection method for generating Poisson random variables", Insurance: Mathematics and
 * Economics 12 (1993) 39) above — the two algorithms numpy's {@code Generator.poisson} uses.
 */
public final class PseudoData {
    private PseudoData() {
    }

    /**
     * {@code count} pseudo-experiments of the model {@code m} at {@code point}, whose expected main rates are
     * {@code nu} (the backend's {@code expected} at the point).
     */
    public static DataSets sample(ModelLayout m, double[] point, double[] nu, int count, RandomGenerator rng) {
        int nb = m.nBins();
        int na = m.auxdata().length;
        double[] main = new double[count * nb];
        double[] aux = new double[count * na];
        int[] gp = m.gaussPar();
        int[] ga = m.gaussAux();
        double[] sigma = m.gaussSigma();
        int[] pp = m.poisPar();
        int[] pa = m.poisAux();
        double[] pf = m.poisFactor();
        for (int t = 0; t < count; t++) {
            for (int j = 0; j < nb; j++) {
                main[t * nb + j] = poisson(nu[j], rng);
            }
            System.arraycopy(m.auxdata(), 0, aux, t * na, na);
            for (int k = 0; k < gp.length; k++) {
                aux[t * na + ga[k]] = point[gp[k]] + sigma[k] * rng.nextGaussian();
            }
            for (int k = 0; k < pp.length; k++) {
                aux[t * na + pa[k]] = poisson(point[pp[k]] * pf[k], rng);
            }
        }
        return DataSets.of(m, main, aux);
    }

    /** One Poisson variate of mean {@code lambda} ≥ 0. */
    public static double poisson(double lambda, RandomGenerator rng) {
        if (!(lambda >= 0) || lambda == Double.POSITIVE_INFINITY) {
            throw new IllegalArgumentException("Poisson mean must be finite and ≥ 0, got " + lambda);
        }
        if (lambda == 0) {
            return 0;
        }
        return lambda < 10 ? multiplication(lambda, rng) : ptrs(lambda, rng);
    }

    /** Knuth's method: the number of uniforms whose running product stays above e^(−λ). */
    private static double multiplication(double lambda, RandomGenerator rng) {
        double limit = Math.exp(-lambda);
        double prod = rng.nextDouble();
        int k = 0;
        while (prod > limit) {
            k++;
            prod *= rng.nextDouble();
        }
        return k;
    }

    /** Hörmann's PTRS for λ ≥ 10: a transformed-rejection proposal accepted against the Poisson pmf. */
    private static double ptrs(double lambda, RandomGenerator rng) {
        double slam = Math.sqrt(lambda);
        double logLam = Math.log(lambda);
        double b = 0.931 + 2.53 * slam;
        double a = -0.059 + 0.02483 * b;
        double invAlpha = 1.1239 + 1.1328 / (b - 3.4);
        double vr = 0.9277 - 3.6224 / (b - 2);
        while (true) {
            double u = rng.nextDouble() - 0.5;
            double v = rng.nextDouble();
            double us = 0.5 - Math.abs(u);
            double k = Math.floor((2 * a / us + b) * u + lambda + 0.43);
            if (us >= 0.07 && v <= vr) {
                return k;
            }
            if (k < 0 || (us < 0.013 && v > us)) {
                continue;
            }
            if (Math.log(v) + Math.log(invAlpha) - Math.log(a / (us * us) + b)
                    <= -lambda + k * logLam - Gamma.logGamma(k + 1)) {
                return k;
            }
        }
    }
}
