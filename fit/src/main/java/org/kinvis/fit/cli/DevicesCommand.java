package org.kinvis.fit.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.kinvis.host.input.JsonInput;
import org.kinvis.kernels.opencl.DeviceInfo;
import org.kinvis.kernels.opencl.OpenClBackend;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code kinvis devices}: the OpenCL platforms and devices this machine offers. */
@Command(name = "devices", mixinStandardHelpOptions = true, description = "List OpenCL platforms and devices.")
final class DevicesCommand implements Callable<Integer> {
    @Mixin
    CommonOptions common;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        boolean json = common.json();
        List<DeviceInfo> devices = OpenClBackend.devices();
        ObjectNode result = JsonInput.mapper().createObjectNode();
        ArrayNode arr = result.putArray("devices");
        StringBuilder text = new StringBuilder();
        if (devices.isEmpty()) {
            text.append("no OpenCL platform found (scripts/setup.sh installs PoCL); the cpu backend is used\n");
        } else {
            text.append(String.format(Locale.ROOT, "%-3s %-28s %-44s %-5s %5s %10s %5s%n", "#", "platform", "device",
                    "type", "units", "memory", "fp64"));
        }
        for (DeviceInfo d : devices) {
            ObjectNode o = arr.addObject();
            o.put("index", d.index());
            o.put("platform", d.platform());
            o.put("name", d.name());
            o.put("vendor", d.vendor());
            o.put("type", d.type());
            o.put("compute_units", d.computeUnits());
            o.put("memory", d.globalMemory());
            o.put("max_alloc", d.maxAlloc());
            o.put("local_memory", d.localMemory());
            o.put("max_work_group_size", d.maxWorkGroupSize());
            o.put("fp64", d.fp64());
            text.append(String.format(Locale.ROOT, "%-3d %-28.28s %-44.44s %-5s %5d %8.1fGB %5s%n", d.index(),
                    d.platform(), d.name(), d.type(), d.computeUnits(), d.globalMemory() / 1e9, d.fp64() ? "yes" : "no"));
        }
        Output.emit(common, result, text.toString(), spec.commandLine().getOut());
        return 0;
    }
}
