package org.kinvis.host.model;

import org.kinvis.kernels.Backend;
import org.kinvis.kernels.Evaluator;

/** A {@link CompiledModel} prepared on a backend: the {@link Likelihood} of a HistFactory workspace. */
public final class HistFactoryLikelihood implements Likelihood {
    private final CompiledModel model;
    private final Backend backend;
    private final Evaluator evaluator;

    public HistFactoryLikelihood(CompiledModel model, Backend backend) {
        this.model = model;
        this.backend = backend;
        this.evaluator = backend.prepare(model.layout());
    }

    /** The same model on the same backend with other main and auxiliary data (e.g. an Asimov data set). */
    public HistFactoryLikelihood withData(double[] main, double[] auxdata) {
        return new HistFactoryLikelihood(model.withData(main, auxdata), backend);
    }

    /** Expected main-bin rates at one point. */
    public double[] expected(double[] point) {
        double[] out = new double[model.layout().nBins()];
        evaluator.expected(point, 1, out);
        return out;
    }

    /**
     * The auxiliary data the constraints expect at {@code point} (pyhf's {@code expected_auxdata}): θ for
     * Gaussian constraints, θ·factor for Poisson ones, in auxdata order.
     */
    public double[] expectedAuxdata(double[] point) {
        java.util.List<Double> aux = new java.util.ArrayList<>();
        for (ParameterSet s : model.parameters().sets()) {
            for (int i = 0; i < s.n() && s.constrained(); i++) {
                double theta = point[s.offset() + i];
                aux.add(s.constraint() == Constraint.POISSON ? theta * s.widths()[i] : theta);
            }
        }
        return aux.stream().mapToDouble(Double::doubleValue).toArray();
    }

    public CompiledModel model() {
        return model;
    }

    public Evaluator evaluator() {
        return evaluator;
    }

    @Override
    public int dimension() {
        return model.parameters().size();
    }

    @Override
    public ParameterTable parameters() {
        return model.parameters();
    }

    @Override
    public double[] logpdf(double[] points, int count) {
        double[] out = new double[count];
        evaluator.logpdf(points, count, out);
        return out;
    }

    @Override
    public void close() {
        evaluator.close();
    }
}
