package org.kinvis.host.model;

import org.kinvis.kernels.Backend;
import org.kinvis.kernels.Evaluator;

/** A {@link CompiledModel} prepared on a backend: the {@link Likelihood} of a HistFactory workspace. */
public final class HistFactoryLikelihood implements Likelihood {
    private final CompiledModel model;
    private final Evaluator evaluator;

    public HistFactoryLikelihood(CompiledModel model, Backend backend) {
        this.model = model;
        this.evaluator = backend.prepare(model.layout());
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
