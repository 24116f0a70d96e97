package org.ebpflb.bpf.maps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.ebpflb.api.dataplane.RateLimits;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * The Java encoders' struct sizes and field offsets against the BTF of both compiled programs, and the Java mirrors of
 * lb_consts.h's enums against its BTF: a field moved in lb_structs.h or a constant changed in lb_consts.h without its
 * Java side (or the reverse) fails here instead of corrupting maps. Needs bpftool, not root.
 */
class LayoutBtfTest {
    private static final List<StructLayout> LAYOUTS = List.of(ServiceKey.LAYOUT, ServiceValue.LAYOUT, SourceKey.LAYOUT,
            GroupValue.LAYOUT, TableValue.LAYOUT, BackendValue.LAYOUT, CtKey.LAYOUT, CtValue.LAYOUT, StatsValue.LAYOUT,
            ConfigValue.LAYOUT, ServiceMeta.LAYOUT, GroupMeta.LAYOUT, RateLimitValue.LAYOUT, BucketKey.LAYOUT,
            BucketValue.LAYOUT, RateLimitStats.LAYOUT, DrainKey.LAYOUT, DrainValue.LAYOUT);

    @TestFactory
    Stream<DynamicTest> encodersMatchBtf() throws IOException, InterruptedException {
        Btf xdp = Btf.of(resource("xdp_ingress.bpf.o"));
        Btf tc = Btf.of(resource("tc_egress.bpf.o"));
        return LAYOUTS.stream().flatMap(java -> Stream.of(
                DynamicTest.dynamicTest("struct " + java.name() + " (xdp_ingress)", () -> compare(java, xdp)),
                DynamicTest.dynamicTest("struct " + java.name() + " (tc_egress)", () -> compare(java, tc))));
    }

    @Test
    void enumsMatchBtf() throws IOException, InterruptedException {
        Btf consts = Btf.of(resource("/org/ebpflb/bpf/lb_consts_btf.bpf.o"));
        assertEquals(Map.of("LB_PORT_TCP", (long) ServicePorts.TCP, "LB_PORT_UDP", (long) ServicePorts.UDP),
                consts.enumeration("lb_port_bits"));
        assertEquals(Map.of("LB_SVC_F_HASH_SOURCE", (long) ServiceValue.HASH_SOURCE,
                "LB_SVC_F_SOURCE_ROUTES", (long) ServiceValue.SOURCE_ROUTES), consts.enumeration("lb_svc_flags"));
        assertEquals(Map.of("LB_CT_SYN_SENT", (long) CtValue.SYN_SENT, "LB_CT_SYN_RECV", (long) CtValue.SYN_RECV,
                "LB_CT_ESTABLISHED", (long) CtValue.ESTABLISHED, "LB_CT_CLOSING", (long) CtValue.CLOSING,
                "LB_CT_OPEN", (long) CtValue.OPEN), consts.enumeration("lb_ct_state"));
        assertEquals(Map.of("LB_CT_FORWARD", (long) CtValue.FORWARD, "LB_CT_REVERSE", (long) CtValue.REVERSE),
                consts.enumeration("lb_ct_dir"));
        Map<String, Long> reasons = new LinkedHashMap<>();
        for (Reason r : Reason.values()) {
            reasons.put("LB_R_" + r.name(), (long) r.ordinal());
        }
        reasons.put("LB_R_COUNT", (long) Reason.values().length);
        assertEquals(reasons, consts.enumeration("lb_reason"));
        Map<String, Long> events = new LinkedHashMap<>();
        for (CtEvent e : CtEvent.values()) {
            events.put("LB_CE_" + e.name(), (long) e.ordinal());
        }
        events.put("LB_CE_COUNT", (long) CtEvent.values().length);
        assertEquals(events, consts.enumeration("lb_ct_event"));
        assertEquals(Map.of("LB_RL_F_ALLOW", (long) RateLimitValue.ALLOW), consts.enumeration("lb_rl_flags"));
        assertEquals(Map.of("LB_RL_SCALE", BucketValue.SCALE, "LB_RL_MAX", RateLimits.TokenBucket.MAX),
                consts.enumeration("lb_rl_units"));
    }

    private static void compare(StructLayout java, Btf btf) {
        StructLayout c = btf.struct(java.name());
        assertEquals(c.size(), java.size(), "sizeof(struct " + java.name() + ")");
        assertEquals(List.copyOf(c.fields().keySet()), List.copyOf(java.fields().keySet()), "fields of " + java.name());
        c.fields().forEach((name, f) -> assertEquals(f, java.fields().get(name), java.name() + "." + name));
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = org.ebpflb.bpf.LbPrograms.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException(name + " not built");
            }
            return in.readAllBytes();
        }
    }
}
