package org.kinvis.host.reweight;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.kinvis.host.input.JsonInput;

/**
 * The correlated Gaussian prior of the 8 BSZ2015 parameters ({@code FFK} of the Belle II reinterpretation,
 * {@code wet_reinterpretation_inputs.json}), decorrelated: {@code α = mean + U √Λ η} with {@code cov = U Λ Uᵀ},
 * so that the nuisance parameters η are independent standard normals — the constraint HistFactory already knows.
 */
public record FormFactorPrior(double[] mean, double[][] covariance, double[][] rotation) {

    public static FormFactorPrior read(Path json) {
        JsonNode root = JsonInput.read(json);
        JsonInput in = new JsonInput(json.toString());
        JsonNode ff = in.object(in.field(root, "", "form_factors"), "form_factors");
        double[] mean = in.finiteArray(in.field(ff, "form_factors", "inits"), "form_factors.inits");
        if (mean.length != 8) {
            throw in.error("form_factors.inits", "has " + mean.length + " entries, expected 8");
        }
        JsonNode cov = in.array(in.field(ff, "form_factors", "cov"), "form_factors.cov");
        if (cov.size() != 8) {
            throw in.error("form_factors.cov", "has " + cov.size() + " rows, expected 8");
        }
        double[][] c = new double[8][];
        for (int i = 0; i < 8; i++) {
            c[i] = in.finiteArray(cov.get(i), "form_factors.cov[" + i + "]");
            if (c[i].length != 8) {
                throw in.error("form_factors.cov[" + i + "]", "has " + c[i].length + " entries, expected 8");
            }
        }
        return of(mean, c, json.toString());
    }

    static FormFactorPrior of(double[] mean, double[][] cov, String source) {
        EigenDecomposition eig = new EigenDecomposition(new Array2DRowRealMatrix(cov, true));
        double[] ev = eig.getRealEigenvalues();
        double[][] r = new double[8][8];
        for (int k = 0; k < 8; k++) {
            if (!(ev[k] > 0)) {
                throw new org.kinvis.host.input.InputException(source + ": form_factors.cov: not positive definite"
                        + " (eigenvalue " + ev[k] + ")");
            }
            for (int i = 0; i < 8; i++) {
                r[i][k] = eig.getV().getEntry(i, k) * Math.sqrt(ev[k]);
            }
        }
        return new FormFactorPrior(mean.clone(), cov, r);
    }

    /** α(η) = mean + U √Λ η. */
    public double[] alpha(double[] eta, int offset) {
        double[] a = mean.clone();
        for (int i = 0; i < 8; i++) {
            for (int k = 0; k < 8; k++) {
                a[i] += rotation[i][k] * eta[offset + k];
            }
        }
        return a;
    }
}
