package org.kinvis.fit.inference;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.kinvis.fit.minimize.Migrad;
import org.kinvis.host.input.InputException;
import org.kinvis.host.input.JsonInput;
import org.kinvis.host.model.HistFactoryLikelihood;
import org.kinvis.host.model.ModelCompiler;
import org.kinvis.host.workspace.WorkspaceReader;
import org.kinvis.kernels.cpu.CpuBackend;

/**
 * A measurement with {@code "poi": ""} (pyhf: no POI) at the inference entry points: each refuses with one
 * {@link InputException} line naming the workspace, the field and what to do, instead of an index error.
 */
class NoPoiInferenceTest {
    static final String MESSAGE = "nopoi.json: measurements['Measurement'].config.poi: is empty (no parameter of interest),"
            + " but %s needs one; pick a measurement that has one (--measurement) or set config.poi with --patch";

    static HistFactoryLikelihood likelihood(CpuBackend cpu) {
        String ws = ReadmeModel.WS.replaceFirst("\"poi\": \"mu\"", "\"poi\": \"\"");
        return new HistFactoryLikelihood(ModelCompiler.compile(WorkspaceReader.fromJson(new JsonInput("nopoi.json")
                .parse(ws), "nopoi.json")), cpu);
    }

    @Test
    void clsToysAndPoiScansAskForAPoi() {
        try (CpuBackend cpu = new CpuBackend(1); HistFactoryLikelihood lik = likelihood(cpu)) {
            double[] bounds = {0, 10};
            assertThatThrownBy(() -> new AsymptoticCls(lik, bounds, Migrad.Options.DEFAULT))
                    .isExactlyInstanceOf(InputException.class).hasMessage(MESSAGE, "a CLs test");
            assertThatThrownBy(() -> new AsymptoticCls(lik, null, bounds, Map.of(), Migrad.Options.DEFAULT,
                    TestStatistic.Q_ZERO)).isExactlyInstanceOf(InputException.class).hasMessage(MESSAGE, "a CLs test");
            assertThatThrownBy(() -> new ToyCalculator(lik, TestStatistic.QTILDE_MU, bounds, Map.of(),
                    Migrad.Options.DEFAULT)).isExactlyInstanceOf(InputException.class)
                    .hasMessage(MESSAGE, "a toy-based test");
            assertThatThrownBy(() -> ProfileScan.scan(lik, null, new double[] {0, 1}, Map.of(), Migrad.Options.DEFAULT,
                    Progress.NONE)).isExactlyInstanceOf(InputException.class)
                    .hasMessage(MESSAGE, "a profile scan without a named parameter");
        }
    }
}
