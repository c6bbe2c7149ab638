package org.kinvis.kernels;

/**
 * Several data sets of one {@link ModelLayout} (pseudo-experiments): set {@code s} has main data
 * {@code main[s·nBins …]} and auxiliary data {@code aux[s·nAux …]}, and {@code constants[s]}, the part of its
 * log-likelihood that does not depend on the point ({@link LikelihoodConstants}: the {@link PoissonTerm} constants
 * of its counts and the Gaussian normalisations). An
 * {@link Evaluator} evaluates a batch of points each against its own set, so that the fits of thousands of toys
 * share one backend batch per round.
 */
public record DataSets(int nBins, int nAux, double[] main, double[] aux, double[] constants) {

    public DataSets {
        int count = constants.length;
        if (main.length != (long) count * nBins || aux.length != (long) count * nAux) {
            throw new IllegalArgumentException("data sets: " + count + " sets need " + count * nBins + " main and "
                    + count * nAux + " auxiliary values, got " + main.length + " and " + aux.length);
        }
    }

    /** The sets with main data {@code main} (count × nBins) and auxiliary data {@code aux} (count × nAux). */
    public static DataSets of(ModelLayout m, double[] main, double[] aux) {
        int nb = m.nBins();
        int na = m.auxdata().length;
        int count = nb > 0 ? main.length / nb : aux.length / Math.max(na, 1);
        double[] c = new double[count];
        for (int s = 0; s < count; s++) {
            double[] n = java.util.Arrays.copyOfRange(main, s * nb, (s + 1) * nb);
            double[] a = java.util.Arrays.copyOfRange(aux, s * na, (s + 1) * na);
            LikelihoodConstants k = LikelihoodConstants.of(m.withData(n, a));
            c[s] = k.main() + k.poisson() + k.gaussian();
        }
        return new DataSets(nb, na, main, aux, c);
    }

    /** Number of sets. */
    public int count() {
        return constants.length;
    }

    /** Main data of set {@code s} (a copy). */
    public double[] main(int s) {
        return java.util.Arrays.copyOfRange(main, s * nBins, (s + 1) * nBins);
    }

    /** Auxiliary data of set {@code s} (a copy). */
    public double[] aux(int s) {
        return java.util.Arrays.copyOfRange(aux, s * nAux, (s + 1) * nAux);
    }

    /**
     * The log-likelihood of point {@code x[o …]} with expected main rates {@code nu[no … no+nBins)} against set
     * {@code s}: the Poisson main term, the Gaussian and Poisson constraints of {@code m}, and the set's constant.
     * The arithmetic of the CPU backend per term ({@link PoissonTerm}, cancellation-free), so both agree to rounding.
     */
    public double logpdf(ModelLayout m, double[] x, int o, double[] nu, int no, int s) {
        double sum = constants[s];
        int mo = s * nBins;
        for (int j = 0; j < nBins; j++) {
            double n = main[mo + j];
            sum += PoissonTerm.term(n, nu[no + j], n - nu[no + j]);
        }
        int ao = s * nAux;
        int[] gp = m.gaussPar();
        int[] ga = m.gaussAux();
        double[] sigma = m.gaussSigma();
        double q = 0;
        for (int k = 0; k < gp.length; k++) {
            double z = (aux[ao + ga[k]] - x[o + gp[k]]) / sigma[k];
            q += z * z;
        }
        sum -= 0.5 * q;
        int[] pp = m.poisPar();
        int[] pa = m.poisAux();
        double[] pf = m.poisFactor();
        for (int k = 0; k < pp.length; k++) {
            double n = aux[ao + pa[k]];
            double xk = x[o + pp[k]];
            sum += PoissonTerm.term(n, xk * pf[k], Math.fma(-xk, pf[k], n));
        }
        return sum;
    }
}
