package org.kinvis.fit.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.kinvis.host.TestData;
import org.kinvis.host.input.JsonInput;
import org.kinvis.kernels.opencl.OpenClBackend;

/** {@code kinvis devices} and the device backends through the command line. */
class DevicesCommandTest {

    @Test
    void devicesListsWhatOpenClReports() {
        EvalCommandTest.Run r = EvalCommandTest.run("devices", "--format", "json");
        assertThat(r.code()).as(r.err()).isZero();
        JsonNode res = new JsonInput("stdout").parse(r.out());
        assertThat(res.get("devices").size()).isEqualTo(OpenClBackend.devices().size());
        for (JsonNode d : res.get("devices")) {
            assertThat(d.get("name").asText()).isNotBlank();
            assertThat(d.has("fp64")).isTrue();
            assertThat(d.get("memory").asLong()).isPositive();
        }
    }

    @Test
    void verifyBackendAgreesAndReports() {
        org.junit.jupiter.api.Assumptions.assumeTrue(OpenClBackend.available(),
                "SKIPPED: no OpenCL platform (scripts/setup.sh installs PoCL)");
        EvalCommandTest.Run r = EvalCommandTest.run("eval", "--workspace", TestData.workspace().toString(),
                "--backend", "verify", "--format", "json", "--expected");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.err()).contains("verified").contains("max relative difference");
        JsonNode res = new JsonInput("stdout").parse(r.out());
        double want = TestData.reference("pyhf-eval.json").get("points").get("init").get("logpdf").asDouble();
        assertThat(Math.abs(res.get("logpdf").get(0).asDouble() - want)).isLessThan(1e-9 * Math.abs(want));
        assertThat(res.get("backend").asText()).isEqualTo("verify");
    }

    @Test
    void unknownDeviceIsBadInput() {
        org.junit.jupiter.api.Assumptions.assumeTrue(OpenClBackend.available(),
                "SKIPPED: no OpenCL platform (scripts/setup.sh installs PoCL)");
        EvalCommandTest.Run r = EvalCommandTest.run("eval", "--workspace", TestData.workspace().toString(),
                "--backend", "opencl", "--device", "no-such-device-xyz");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("no OpenCL device matches 'no-such-device-xyz'");
    }
}
