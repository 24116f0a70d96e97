package org.ebpflb.bpf.maps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The Java encoders' struct sizes and field offsets against the BTF of both compiled programs: a field moved in
 * lb_structs.h without its encoder (or the reverse) fails here instead of corrupting maps. Needs bpftool, not root.
 */
class LayoutBtfTest {
    private static final List<StructLayout> LAYOUTS = List.of(ServiceKey.LAYOUT, ServiceValue.LAYOUT, SourceKey.LAYOUT,
            GroupValue.LAYOUT, TableValue.LAYOUT, BackendValue.LAYOUT, CtKey.LAYOUT, CtValue.LAYOUT, StatsValue.LAYOUT,
            ConfigValue.LAYOUT, ServiceMeta.LAYOUT, GroupMeta.LAYOUT, RateLimitValue.LAYOUT, BucketKey.LAYOUT,
            BucketValue.LAYOUT, RateLimitStats.LAYOUT);

    @TestFactory
    Stream<DynamicTest> encodersMatchBtf() throws IOException, InterruptedException {
        Btf xdp = Btf.of(resource("xdp_ingress.bpf.o"));
        Btf tc = Btf.of(resource("tc_egress.bpf.o"));
        return LAYOUTS.stream().flatMap(java -> Stream.of(
                DynamicTest.dynamicTest("struct " + java.name() + " (xdp_ingress)", () -> compare(java, xdp)),
                DynamicTest.dynamicTest("struct " + java.name() + " (tc_egress)", () -> compare(java, tc))));
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
