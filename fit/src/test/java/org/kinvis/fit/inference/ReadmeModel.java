package org.kinvis.fit.inference;

import org.kinvis.host.input.JsonInput;
import org.kinvis.host.model.HistFactoryLikelihood;
import org.kinvis.host.model.ModelCompiler;
import org.kinvis.host.workspace.WorkspaceReader;
import org.kinvis.kernels.Backend;

/**
 * The example of pyhf's README and documentation: {@code simplemodels.uncorrelated_background(signal=[12, 11],
 * bkg=[50, 52], bkg_uncertainty=[3, 7])} with data [51, 48], as a workspace.
 */
public final class ReadmeModel {
    public static final String WS = "{\"version\": \"1.0.0\", \"channels\": [{\"name\": \"singlechannel\", \"samples\": ["
            + "{\"name\": \"signal\", \"data\": [12.0, 11.0], \"modifiers\": [{\"name\": \"mu\", \"type\": \"normfactor\","
            + " \"data\": null}]}, {\"name\": \"background\", \"data\": [50.0, 52.0], \"modifiers\": [{\"name\":"
            + " \"uncorr_bkguncrt\", \"type\": \"shapesys\", \"data\": [3.0, 7.0]}]}]}], \"observations\": [{\"name\":"
            + " \"singlechannel\", \"data\": [51.0, 48.0]}], \"measurements\": [{\"name\": \"Measurement\", \"config\":"
            + " {\"poi\": \"mu\", \"parameters\": []}}]}";

    private ReadmeModel() {
    }

    /** The model's likelihood on {@code backend}. */
    public static HistFactoryLikelihood likelihood(Backend backend) {
        return new HistFactoryLikelihood(ModelCompiler.compile(WorkspaceReader.fromJson(new JsonInput("readme")
                .parse(WS), "readme")), backend);
    }
}
