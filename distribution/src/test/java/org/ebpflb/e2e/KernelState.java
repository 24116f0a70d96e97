package org.ebpflb.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import org.ebpflb.lab.DataPlaneLab;
import org.ebpflb.lab.sandbox.Command;

/**
 * What the kernel holds for the lab's load balancer, read with iproute2 and bpftool: the XDP program on the first
 * client-facing device and the pinned conntrack map. Ids tell a replaced program from the same one, and a reused map
 * from a new one.
 *
 * @param xdpProgram id of the XDP program attached to the first client device, 0 when none
 * @param conntrackMap id of the map pinned as lb_conntrack, 0 when there is no pin
 */
record KernelState(int xdpProgram, int conntrackMap) {
    private static final ObjectMapper JSON = new ObjectMapper();

    static KernelState read(DataPlaneLab lab) {
        return new KernelState(xdpProgram(lab, lab.sandbox().lbClientDevice(0)), conntrackMap(lab));
    }

    /** @return the id of the XDP program on a device of the LB namespace, 0 when none */
    static int xdpProgram(DataPlaneLab lab, String device) {
        String json = lab.sandbox().lb().ip("-j", "link", "show", "dev", device).check().stdout();
        JsonNode link = parse(json).path(0);
        return link.path("xdp").path("prog").path("id").asInt(0);
    }

    private static int conntrackMap(DataPlaneLab lab) {
        var pin = lab.pinDir().resolve("lb_conntrack");
        if (!Files.exists(pin)) {
            return 0;
        }
        return parse(Command.of("bpftool", "-j", "map", "show", "pinned", pin.toString()).check().stdout())
                .path("id").asInt(0);
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + json, e);
        }
    }
}
