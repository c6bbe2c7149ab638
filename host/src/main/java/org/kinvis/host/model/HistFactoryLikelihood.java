package org.kinvis.host.model;

import org.kinvis.kernels.Backend;
import org.kinvis.kernels.Evaluator;

/** A {@link CompiledModel} prepared on a backend: the {@link Likelihood} of a HistFactory workspace. */
public final class HistFactoryLikelihood implements AsimovLikelihood {
    private final CompiledModel model;
    private final Backend backend;
    private final Evaluator evaluator;

    public HistFactoryLikelihood(CompiledModel model, Backend backend) {
        this.model = model;
        this.backend = backend;
        this.evaluator = backend.prepare(model.layout());
    }

    /** The same model on the same backend with other main and auxiliary data (e.g. an Asimov data set). */
    @Override
    public HistFactoryLikelihood withData(double[] main, double[] auxdata) {
        return new HistFactoryLikelihood(model.withData(main, auxdata), backend);
    }

    @Override
    public double[] expected(double[] point) {
        double[] out = new double[model.layout().nBins()];
        evaluator.expected(point, 1, out);
        return out;
    }

    @Override
    public double[] expectedAuxdata(double[] point) {
        return AsimovLikelihood.expectedAuxdata(model.parameters(), point);
    }

    public CompiledModel model() {
        return model;
    }

    /** {@link CompiledModel#requirePoi}: the message names the workspace file and its measurement. */
    @Override
    public String requirePoi(String what) {
        model.requirePoi(what);
        return model.parameters().poiName();
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
    public boolean hasGradient() {
        return evaluator.hasGradient();
    }

    @Override
    public double[] gradient(double[] points, int count, double[] grad) {
        double[] out = new double[count];
        evaluator.gradient(points, count, out, grad);
        return out;
    }

    @Override
    public double[] logpdf(double[] points, int count) {
        double[] out = new double[count];
        evaluator.logpdf(points, count, out);
        return out;
    }

    /**
     * Why the logpdf of point {@code p} of {@code points} is not finite (it was {@code logpdf}): the bin and the
     * sample and modifier that produced it, one line (see {@link LogpdfDiagnosis}).
     */
    public String explainNonFinite(double[] points, int p, double logpdf) {
        return new LogpdfDiagnosis(model).explain(points, p * model.parameters().size(), logpdf);
    }

    @Override
    public void close() {
        evaluator.close();
    }
}
