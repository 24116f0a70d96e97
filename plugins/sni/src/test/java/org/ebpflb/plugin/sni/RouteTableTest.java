package org.ebpflb.plugin.sni;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Optional;
import org.ebpflb.api.model.HashMode;
import org.ebpflb.api.model.IpAddresses;
import org.ebpflb.api.model.ListenSpec;
import org.ebpflb.api.model.Protocol;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.model.SniRouteSpec;
import org.ebpflb.api.model.TargetSpec;
import org.junit.jupiter.api.Test;

class RouteTableTest {
    private static final TargetSpec TARGET = new TargetSpec(Optional.of(IpAddresses.parseLiteral("198.18.1.2")),
            Optional.empty(), 443, 1, ConfigFactory.empty());

    @Test
    void exactBeatsWildcardAndTheLongestWildcardWins() {
        RouteTable t = RouteTable.of(service("", route("api.example.com", ""), route("*.Example.com", ""),
                route("*.b.example.com", "")));
        assertEquals("api.example.com", label(t, "api.example.com"));
        assertEquals("*.example.com", label(t, "x.example.com"));
        assertEquals("*.example.com", label(t, "a.x.example.com"));
        assertEquals("*.b.example.com", label(t, "a.b.example.com"));
        assertEquals("none", label(t, "example.com"), "a wildcard needs a label before its suffix");
        assertEquals("none", label(t, "api.example.org"));
        assertEquals("sni:*.example.com", t.match("x.example.com").orElseThrow().group());
    }

    @Test
    void theDefaultIsTheServiceTargetsUnlessRejected() {
        assertEquals(Optional.of(new RouteTable.Route("default", ServiceSpec.DEFAULT_GROUP, false)),
                RouteTable.of(service("", route("a.example.com", ""))).fallback());
        assertEquals(Optional.empty(),
                RouteTable.of(service("sni-default = reject", route("a.example.com", ""))).fallback());
    }

    @Test
    void proxyProtocolOfARouteOverridesTheService() {
        RouteTable t = RouteTable.of(service("proxy-protocol = v2", route("a.example.com", ""),
                route("b.example.com", "proxy-protocol = none")));
        assertEquals(true, t.match("a.example.com").orElseThrow().proxyV2());
        assertEquals(false, t.match("b.example.com").orElseThrow().proxyV2());
        assertEquals(true, t.fallback().orElseThrow().proxyV2());
    }

    private static String label(RouteTable t, String name) {
        return t.match(name).map(RouteTable.Route::label).orElse("none");
    }

    private static SniRouteSpec route(String hostname, String keys) {
        return new SniRouteSpec(hostname, List.of(TARGET), ConfigFactory.parseString(keys));
    }

    private static ServiceSpec service(String keys, SniRouteSpec... routes) {
        Config config = ConfigFactory.parseString(keys);
        return new ServiceSpec("tls", new ListenSpec(List.of("eth0"),
                Optional.of(IpAddresses.parseLiteral("198.18.0.1")), 443, Protocol.TCP), HashMode.FIVE_TUPLE,
                List.of(TARGET), List.of(), List.of(routes), 16381, config);
    }
}
