package org.kinvis.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import org.kinvis.host.input.JsonInput;
import org.kinvis.host.model.CompiledModel;
import org.kinvis.host.model.ModelCompiler;
import org.kinvis.host.workspace.WorkspaceReader;

/**
 * A synthetic enlargement of a pyhf workspace for fit-cost scaling: its channels (with their observations)
 * copied {@code copies} times, every modifier of copy k &gt; 0 renamed with the suffix {@code _copyk} — except the
 * POI, which all copies share. Copy k's nuisances are thus independent of copy 0's and the likelihood is the
 * product of {@code copies} identical factors in the POI: μ̂ is the original one, its HESSE error the original's
 * divided by √copies, and twice_nll {@code copies} times the original (a test of the minimiser at 460, 920,
 * 1840 parameters for the Belle II workspace's 232).
 */
public final class EnlargedWorkspace {
    private EnlargedWorkspace() {
    }

    /** The enlarged workspace document. */
    public static JsonNode enlarge(JsonNode ws, int copies) {
        if (copies < 1) {
            throw new IllegalArgumentException("copies must be ≥ 1, got " + copies);
        }
        ObjectNode out = ws.deepCopy();
        JsonNode measurement = ws.get("measurements").get(0);
        String poi = measurement.get("config").get("poi").asText();
        ArrayNode channels = out.putArray("channels");
        ArrayNode observations = out.putArray("observations");
        for (int k = 0; k < copies; k++) {
            String suffix = k == 0 ? "" : "_copy" + k;
            for (JsonNode c : ws.get("channels")) {
                ObjectNode cc = c.deepCopy();
                cc.put("name", c.get("name").asText() + suffix);
                for (JsonNode s : cc.get("samples")) {
                    for (JsonNode m : s.get("modifiers")) {
                        String name = m.get("name").asText();
                        if (!name.equals(poi)) {
                            ((ObjectNode) m).put("name", name + suffix);
                        }
                    }
                }
                channels.add(cc);
            }
            for (JsonNode o : ws.get("observations")) {
                ObjectNode oc = o.deepCopy();
                oc.put("name", o.get("name").asText() + suffix);
                observations.add(oc);
            }
        }
        // measurement parameter settings follow their parameters into every copy
        for (JsonNode m : out.get("measurements")) {
            ArrayNode pars = (ArrayNode) m.get("config").get("parameters");
            ArrayNode copied = pars.arrayNode();
            for (JsonNode p : pars) {
                String name = p.get("name").asText();
                for (int k = 0; k < copies; k++) {
                    if (k > 0 && name.equals(poi)) {
                        continue;
                    }
                    ObjectNode pc = p.deepCopy();
                    pc.put("name", k == 0 ? name : name + "_copy" + k);
                    copied.add(pc);
                }
            }
            ((ObjectNode) m.get("config")).set("parameters", copied);
        }
        return out;
    }

    /** The compiled model of the workspace file {@code ws} enlarged {@code copies} times. */
    public static CompiledModel model(Path ws, int copies) {
        JsonNode doc = enlarge(JsonInput.read(ws), copies);
        return ModelCompiler.compile(WorkspaceReader.fromJson(doc, ws + " ×" + copies));
    }
}
