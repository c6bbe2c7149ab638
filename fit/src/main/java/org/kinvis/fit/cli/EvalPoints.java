package org.kinvis.fit.cli;

import org.kinvis.host.input.InputException;
import org.kinvis.host.model.CompiledModel;
import org.kinvis.host.model.HistFactoryLikelihood;
import org.kinvis.host.model.LogpdfDiagnosis;

/**
 * {@code kinvis eval}'s points, evaluated a chunk at a time, checked (a logpdf that is not finite is an error naming
 * the point, the bin and the modifier; points outside the bounds are counted) and kept in a {@link DoubleSpill}: per
 * point main, constraint, the indices of the parameters outside their bounds (their count first), then the expected
 * rates if asked. {@link #rows()} reads them back in order.
 */
final class EvalPoints {
    private final CompiledModel model;
    private final HistFactoryLikelihood lik;
    private final DoubleSpill spill;
    private final String source;
    private final double[] main;
    private final double[] cons;
    private final double[] rates;
    private final double[] lower;
    private final double[] upper;
    private final int[] out;
    long outside;
    String firstOutside;

    EvalPoints(CompiledModel model, HistFactoryLikelihood lik, DoubleSpill spill, boolean expected, int chunk,
            String source) {
        this.model = model;
        this.lik = lik;
        this.spill = spill;
        this.source = source;
        main = new double[chunk];
        cons = new double[chunk];
        rates = expected ? new double[Math.multiplyExact(chunk, model.layout().nBins())] : null;
        lower = model.parameters().lowerBounds();
        upper = model.parameters().upperBounds();
        out = new int[lower.length];
    }

    long add(double[] values, int count, long first, String[] labels) {
        lik.evaluator().logpdfParts(values, count, main, cons);
        if (rates != null) {
            lik.evaluator().expected(values, count, rates);
        }
        int np = lower.length;
        int nb = model.layout().nBins();
        for (int p = 0; p < count; p++) {
            double total = main[p] + cons[p];
            if (!Double.isFinite(total)) {
                throw new InputException(source + ": " + (labels[p].isEmpty() ? "" : labels[p] + ": ")
                        + lik.explainNonFinite(values, p, total));
            }
            int k = 0;
            for (int i = 0; i < np; i++) {
                double v = values[p * np + i];
                if (v < lower[i] || v > upper[i]) {
                    out[k++] = i;
                }
            }
            if (k > 0 && outside++ == 0) {
                int i = out[0];
                firstOutside = (labels[p].isEmpty() ? "" : labels[p] + ": ") + model.parameters().names().get(i)
                        + " = " + LogpdfDiagnosis.fmt(values[p * np + i]) + " outside ["
                        + LogpdfDiagnosis.fmt(lower[i]) + ", " + LogpdfDiagnosis.fmt(upper[i]) + "]";
            }
            spill.add(main[p]);
            spill.add(cons[p]);
            spill.add(k);
            for (int i = 0; i < k; i++) {
                spill.add(out[i]);
            }
            for (int j = 0; rates != null && j < nb; j++) {
                spill.add(rates[p * nb + j]);
            }
        }
        return count;
    }

    /** Whether the expected rates are kept. */
    boolean expected() {
        return rates != null;
    }

    /** The kept results from the first point on. */
    Row rows() {
        return new Row(spill, rates != null, model.layout().nBins());
    }

    /** One point's kept results, read back in order. */
    static final class Row {
        private final DoubleSpill.Reader in;
        private final boolean expected;
        double main;
        double cons;
        int[] outside = new int[0];
        final double[] rates;

        Row(DoubleSpill spill, boolean expected, int nBins) {
            this.in = spill.reader();
            this.expected = expected;
            this.rates = new double[expected ? nBins : 0];
        }

        Row next() {
            main = in.next();
            cons = in.next();
            int k = (int) in.next();
            if (outside.length != k) {
                outside = new int[k];
            }
            for (int i = 0; i < k; i++) {
                outside[i] = (int) in.next();
            }
            for (int j = 0; expected && j < rates.length; j++) {
                rates[j] = in.next();
            }
            return this;
        }

        double total() {
            return main + cons;
        }
    }

}
