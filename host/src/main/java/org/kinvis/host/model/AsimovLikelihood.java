package org.kinvis.host.model;

/**
 * A {@link Likelihood} whose data can be replaced by its own expectation: what asymptotic hypothesis tests need
 * for the Asimov data set (Cowan, Cranmer, Gross, Vitells, EPJC 71 (2011) 1554; pyhf's
 * {@code infer.calculators.generate_asimov_data}).
 */
public interface AsimovLikelihood extends Likelihood {

    /** Expected main-bin rates at one point. */
    double[] expected(double[] point);

    /** The auxiliary data the constraints expect at {@code point}, in auxdata order. */
    double[] expectedAuxdata(double[] point);

    /** The same likelihood with other main and auxiliary data (same parameters, same backend). */
    AsimovLikelihood withData(double[] main, double[] auxdata);

    /**
     * pyhf's {@code expected_auxdata} for the constrained sets of {@code table}: θ for Gaussian constraints,
     * θ·factor for Poisson ones.
     */
    static double[] expectedAuxdata(ParameterTable table, double[] point) {
        java.util.List<Double> aux = new java.util.ArrayList<>();
        for (ParameterSet s : table.sets()) {
            for (int i = 0; i < s.n() && s.constrained(); i++) {
                double theta = point[s.offset() + i];
                aux.add(s.constraint() == Constraint.POISSON ? theta * s.widths()[i] : theta);
            }
        }
        return aux.stream().mapToDouble(Double::doubleValue).toArray();
    }
}
