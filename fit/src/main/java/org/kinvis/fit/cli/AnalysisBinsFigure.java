package org.kinvis.fit.cli;

import java.nio.file.Path;
import java.util.Set;
import org.kinvis.fit.inference.Yields;
import org.kinvis.fit.plot.Plots;
import org.kinvis.host.model.CompiledModel;
import org.kinvis.host.model.HistFactoryLikelihood;
import org.kinvis.host.model.InterpolationSettings;
import org.kinvis.host.model.ModelCompiler;
import org.kinvis.host.physics.Scenario;
import org.kinvis.host.reweight.Reinterpretation;
import org.kinvis.host.reweight.SignalRegionFactors;
import org.kinvis.host.workspace.Workspace;
import org.kinvis.host.workspace.WorkspaceReader;
import org.kinvis.kernels.Backend;

/**
 * {@code kinvis spectrum --bins-plot FILE}: the scenario at its --set point folded onto the Belle II analysis
 * bins (the reinterpretation's factors at the form factors' central values) over the default workspace's
 * pre-fit expectation: background with the signal off (μ = 0) and its pre-fit uncertainty, the SM signal at
 * μ = 1, the data. No fit: every nuisance at its nominal value.
 */
final class AnalysisBinsFigure {
    static final String OPTION = "--bins-plot";

    private AnalysisBinsFigure() {
    }

    static void draw(CommonOptions common, Scenario sc, double[] values, Path plot) {
        Workspace ws = WorkspaceReader.read(common.dataFolder().require("combined_likelihood.json",
                "the Belle II workspace the analysis bins come from", "--data"));
        InterpolationSettings settings = InterpolationSettings.parse(null);
        CompiledModel model = ModelCompiler.compile(ws, null, settings);
        try (Backend backend = common.createBackend(); HistFactoryLikelihood lik = new HistFactoryLikelihood(model,
                backend); Reinterpretation r = new Reinterpretation(ws, common.dataDir(), sc, values, Set.of(),
                settings, backend)) {
            int poi = lik.parameters().poiIndex();
            double[] sm = lik.parameters().inits();
            sm[poi] = 1;
            double[] off = sm.clone();
            off[poi] = 0;
            Yields background = Yields.at(lik, off, Yields.prefitCovariance(lik));
            Yields withSm = Yields.at(lik, sm, new double[sm.length][sm.length]);
            Plots.analysisBins(plot, OPTION, sc, values, background, withSm,
                    SignalRegionFactors.of(r, r.setPoint()), "pre-fit (nuisances nominal)");
        }
    }
}
