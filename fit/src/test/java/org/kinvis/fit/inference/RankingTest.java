package org.kinvis.fit.inference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kinvis.fit.minimize.FitResult;
import org.kinvis.fit.minimize.Migrad;
import org.kinvis.host.TestData;
import org.kinvis.host.model.CompiledModel;
import org.kinvis.host.model.HistFactoryLikelihood;
import org.kinvis.host.model.Likelihood;
import org.kinvis.host.model.ModelCompiler;
import org.kinvis.host.model.ParameterTable;
import org.kinvis.host.workspace.WorkspaceReader;
import org.kinvis.kernels.cpu.CpuBackend;

/**
 * The impact ranking on the Belle II likelihood against a finite-difference check: for the nuisances most
 * correlated with μ, each impact equals μ̂ of an independent fit with that nuisance fixed (without the
 * starting covariance the ranking's lockstep fits are seeded with) minus μ̂; the ranking orders them as those fits do; the post-fit impacts
 * agree with the linear (covariance) estimate ρ_μθ σ_μ. On pyhf's two-bin example the lockstep path (no analytic
 * gradient, every MIGRAD round one batch) gives the same impacts as the sequential one.
 */
class RankingTest {

    @Test
    void impactsAgreeWithFixedNuisanceFits() {
        CompiledModel model = ModelCompiler.compile(WorkspaceReader.read(TestData.workspace()));
        Migrad.Options o = Migrad.Options.DEFAULT;
        try (CpuBackend cpu = new CpuBackend(2); HistFactoryLikelihood lik = new HistFactoryLikelihood(model, cpu)) {
            FitResult best = MaximumLikelihood.fit(lik, Map.of(), o);
            ParameterTable t = lik.parameters();
            int mu = t.poiIndex();
            double sigmaMu = best.errors()[mu];
            // the three free nuisances most correlated with μ
            List<Integer> cand = new ArrayList<>();
            for (int i = 0; i < t.size(); i++) {
                if (i != mu && !best.fixed()[i]) {
                    cand.add(i);
                }
            }
            cand.sort(Comparator.comparingDouble((Integer i) -> -Math.abs(best.correlation(mu, i))));
            List<String> names = cand.subList(0, 3).stream().map(i -> t.names().get(i)).toList();
            Ranking r = Ranking.of(lik, best, t.poiName(), names, o);
            assertThat(r.failedFits()).isZero();
            assertThat(r.impacts()).hasSize(3);
            double[][] pre = Pulls.prefit(t);
            List<Double> independentMax = new ArrayList<>();
            for (Ranking.Impact im : r.impacts()) {
                int k = t.indexOf(im.name());
                double[] at = {best.values()[k] + pre[1][k], best.values()[k] - pre[1][k],
                    best.values()[k] + best.errors()[k], best.values()[k] - best.errors()[k]};
                double[] got = {im.prefitUp(), im.prefitDown(), im.postfitUp(), im.postfitDown()};
                double[] fd = new double[4];
                for (int v = 0; v < 4; v++) {
                    // a plain fit from the best fit without its covariance: another path than the ranking's
                    FitResult f = MaximumLikelihood.fit(lik, Map.of(im.name(), at[v]), best.values(), t.lowerBounds(),
                            t.upperBounds(), o.withStrategy(0).withTolerance(0.01));
                    assertThat(f.valid()).isTrue();
                    fd[v] = f.values()[mu] - best.values()[mu];
                    assertThat(got[v]).as("%s shift %d", im.name(), v).isCloseTo(fd[v], within(0.01 * sigmaMu));
                }
                independentMax.add(Math.max(Math.abs(fd[2]), Math.abs(fd[3])));
                // linear response: fixing θ at θ̂ + σ̂ moves μ by ρ σ_μ
                double linear = best.correlation(mu, k) * sigmaMu;
                assertThat(im.postfitUp() / linear).as(im.name()).isCloseTo(1, within(0.2));
                assertThat(-im.postfitDown() / linear).as(im.name()).isCloseTo(1, within(0.2));
            }
            for (int i = 0; i + 1 < independentMax.size(); i++) {
                assertThat(independentMax.get(i)).isGreaterThanOrEqualTo(independentMax.get(i + 1) - 0.01 * sigmaMu);
            }
        }
    }

    /** The lockstep path (no analytic gradient: every MIGRAD round of all impact fits one batch) agrees. */
    @Test
    void lockstepImpactsEqualSequentialOnes() {
        var model = ModelCompiler.compile(WorkspaceReader.fromJson(new org.kinvis.host.input.JsonInput("readme")
                .parse(SmallModelClsTest.WS), "readme"));
        Migrad.Options o = Migrad.Options.DEFAULT;
        try (CpuBackend cpu = new CpuBackend(1); HistFactoryLikelihood lik = new HistFactoryLikelihood(model, cpu)) {
            FitResult best = MaximumLikelihood.fit(lik, Map.of(), o);
            Ranking a = Ranking.of(lik, best, "mu", null, o);
            Ranking b = Ranking.of(withoutGradient(lik), best, "mu", null, o);
            assertThat(a.impacts()).hasSize(2);
            assertThat(a.fits()).isEqualTo(8);
            for (int i = 0; i < 2; i++) {
                Ranking.Impact x = a.impacts().get(i);
                Ranking.Impact y = b.impacts().get(i);
                assertThat(y.name()).isEqualTo(x.name());
                assertThat(x.postfitUp()).isNotZero();
                for (double[] v : new double[][] {{x.postfitUp(), y.postfitUp()}, {x.postfitDown(), y.postfitDown()},
                    {x.prefitUp(), y.prefitUp()}, {x.prefitDown(), y.prefitDown()}}) {
                    assertThat(v[1]).isCloseTo(v[0], within(1e-3 * a.poiError()));
                }
            }
        }
    }

    static Likelihood withoutGradient(Likelihood lik) {
        return new Likelihood() {
            public int dimension() {
                return lik.dimension();
            }

            public ParameterTable parameters() {
                return lik.parameters();
            }

            public double[] logpdf(double[] points, int count) {
                return lik.logpdf(points, count);
            }
        };
    }
}
