package org.kinvis.fit.inference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kinvis.fit.minimize.FitResult;
import org.kinvis.fit.minimize.Migrad;
import org.kinvis.host.input.JsonInput;
import org.kinvis.host.model.CompiledModel;
import org.kinvis.host.model.HistFactoryLikelihood;
import org.kinvis.host.model.ModelCompiler;
import org.kinvis.host.workspace.WorkspaceReader;
import org.kinvis.kernels.cpu.CpuBackend;

/**
 * MIGRAD on a workspace whose shapesys constraints have τ = 1e12, 1e11, 1e10 and 1e2 (as published likelihoods
 * carry): with the constraint summed as n·log(γτ) − γτ (terms ~3e13) the objective was rounded to ~1e-3 and the
 * fit never converged. The best fit must agree with the profile likelihood solved here in closed form: for fixed
 * μ each γ_j maximises n log(μs + bγ) − bγ + τ log γ − τγ, the positive root of
 * {@code b(b+τ)γ² − [b(n+τ) − μs(b+τ)]γ − τμs = 0}, and μ̂ is the root of the profile score
 * {@code Σ_j s_j (n_j − ν_j)/ν_j} (envelope theorem), found by bisection.
 */
class ExtremeShapesysFitTest {
    static final double[] SIG = {2000, 1000, 20, 1500};
    static final double[] BKG = {1e6, 2e5, 50, 3e5};
    static final double[] TAU = {1e12, 1e11, 1e2, 1e10};
    static final double[] OBS = {1002900, 201100, 80, 302050};

    static String workspace() {
        StringBuilder sig = new StringBuilder();
        StringBuilder bkg = new StringBuilder();
        StringBuilder unc = new StringBuilder();
        StringBuilder obs = new StringBuilder();
        for (int j = 0; j < SIG.length; j++) {
            String sep = j == 0 ? "" : ", ";
            sig.append(sep).append(SIG[j]);
            bkg.append(sep).append(BKG[j]);
            unc.append(sep).append(BKG[j] / Math.sqrt(TAU[j]));
            obs.append(sep).append(OBS[j]);
        }
        return "{\"channels\": [{\"name\": \"sr\", \"samples\": [{\"name\": \"signal\", \"data\": [" + sig
                + "], \"modifiers\": [{\"name\": \"mu\", \"type\": \"normfactor\", \"data\": null}]}, {\"name\": \"bkg\","
                + " \"data\": [" + bkg + "], \"modifiers\": [{\"name\": \"unc\", \"type\": \"shapesys\", \"data\": ["
                + unc + "]}]}]}], \"observations\": [{\"name\": \"sr\", \"data\": [" + obs + "]}], \"measurements\":"
                + " [{\"name\": \"m\", \"config\": {\"poi\": \"mu\", \"parameters\": []}}], \"version\": \"1.0.0\"}";
    }

    /** γ̂_j(μ) of bin j; τ as the compiler forms it from b and σ. */
    static double gammaHat(int j, double mu) {
        double b = BKG[j];
        double s = SIG[j];
        double sigma = b / Math.sqrt(TAU[j]);
        double tau = (b * b) / (sigma * sigma);
        double a = b * (b + tau);
        double bb = b * (OBS[j] + tau) - mu * s * (b + tau);
        double c = tau * mu * s;
        double root = Math.sqrt(bb * bb + 4 * a * c);
        return bb > 0 ? (bb + root) / (2 * a) : 2 * c / (root - bb);
    }

    static double profileScore(double mu) {
        double g = 0;
        for (int j = 0; j < SIG.length; j++) {
            double nu = mu * SIG[j] + BKG[j] * gammaHat(j, mu);
            g += SIG[j] * (OBS[j] - nu) / nu;
        }
        return g;
    }

    @Test
    void migradConvergesToTheClosedFormProfileMaximum() {
        double lo = 0;
        double hi = 10;
        assertThat(profileScore(lo)).isPositive();
        assertThat(profileScore(hi)).isNegative();
        for (int i = 0; i < 200; i++) {
            double mid = 0.5 * (lo + hi);
            if (profileScore(mid) > 0) {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        double muHat = 0.5 * (lo + hi);
        CompiledModel model = ModelCompiler.compile(WorkspaceReader.fromJson(new JsonInput("ws").parse(workspace()),
                "extreme-shapesys"));
        try (CpuBackend cpu = new CpuBackend(1); HistFactoryLikelihood lik = new HistFactoryLikelihood(model, cpu)) {
            FitResult r = MaximumLikelihood.fit(lik, Map.of(), Migrad.Options.DEFAULT);
            assertThat(r.valid()).as("fit status: %s%n%s", r.status(), r.format(10)).isTrue();
            double err = r.error("mu");
            assertThat(err).isBetween(0.05, 1.0);
            assertThat(Math.abs(r.value("mu") - muHat)).as("μ̂ %s, closed form %s", r.value("mu"), muHat)
                    .isLessThan(0.02 * err);
            for (int j = 0; j < SIG.length; j++) {
                assertThat(r.value("unc[" + j + "]")).as("γ_%d", j)
                        .isCloseTo(gammaHat(j, muHat), org.assertj.core.api.Assertions.within(
                                2e-2 / Math.sqrt(TAU[j])));
            }
        }
    }
}
