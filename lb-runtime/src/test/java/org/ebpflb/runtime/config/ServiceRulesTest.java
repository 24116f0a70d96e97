package org.ebpflb.runtime.config;

import static org.ebpflb.runtime.config.ConfigFiles.at;
import static org.ebpflb.runtime.config.ConfigFiles.line;
import static org.ebpflb.runtime.config.ProblemReportingTest.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.ebpflb.api.model.AddressFamily;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.model.TargetSpec;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ServiceRulesTest {
    @Test
    void servicesTargetsAndSourceRoutesAreCheckedRuleByRule() {
        String f = "service-rules.conf";
        String listen = "bad/if";
        assertEquals(List.of(
                at(f, listen, "interface 'eth0' is listed twice"),
                at(f, listen, "interface name 'bad/if' is not valid (1 to 15 characters, no '/', ':' or spaces)"),
                at(f, listen, "address 'web.local' is not an IP address"),
                at(f, listen, "protocol 'sctp' is not one of tcp, udp"),
                at(f, "host = \"a.example\"", "a target has both 'ip' and 'host'; give one of them"),
                at(f, "{ port = 8080 }", "a target needs 'ip' or 'host'"),
                at(f, "\"web1\"", "ip 'web1' is not an IP address (a hostname goes in 'host')"),
                at(f, "198.18.1.300", "ip '198.18.1.300' is not an IP address (octet 300)"),
                at(f, "weight = 0", "weight 0 must be at least 1"),
                at(f, "{ ip = \"198.18.1.3\" }", "missing required key 'port'"),
                at(f, "again 198.18.1.4", "target 198.18.1.4:8080 is listed twice in this group (first at line "
                        + line(f, "first 198.18.1.4") + ")"),
                at(f, "10.0.0.1/8", "invalid CIDR '10.0.0.1/8': host bits are set (the network is 10.0.0.0/8)"),
                at(f, "\"10.1.0.0\"", "invalid CIDR '10.1.0.0': missing /prefix-length"),
                at(f, "targets = [] }", "targets must list at least one target"),
                at(f, "again 192.168", "source route 192.168.0.0/16 is defined twice (first at line "
                        + line(f, "first 192.168") + ")"),
                at(f, "# no name", "missing required key 'name'"),
                at(f, "# no name", "missing required key 'targets'"),
                at(f, "bad name!", "service name 'bad name!' must start with a letter or digit and hold only "
                        + "letters, digits, '.', '_' and '-'"),
                at(f, "interfaces = []", "interfaces must name at least one interface"),
                at(f, "five_tuple", "hash 'five_tuple' is not one of five-tuple, source-ip (did you mean 'five-tuple'?)")),
                problems(f, FakePlugin.owning("dns", Set.of(), Set.of("host"))));
    }

    @Test
    void aServiceItsTargetsAndItsSourceRoutesShareOneAddressFamily() {
        String f = "ipv6-mixed.conf";
        String share = "; a service and its targets share one address family";
        assertEquals(List.of(
                at(f, "198.18.1.2", "target 198.18.1.2:8080 is IPv4 but service 'v6-vip-v4-target' is IPv6"
                        + " (listen.address 2001:db8:12::10, line " + line(f, "2001:db8:12::10") + ")" + share),
                at(f, "2001:db8:12:1::3", "target [2001:db8:12:1::3]:8080 is IPv6 but service 'any-address-mixed' is"
                        + " IPv4 (it listens on any address and its first target is 198.18.1.3:8080, line "
                        + line(f, "the first target: IPv4") + ")" + share),
                at(f, "2001:db8:12:2::/64", "source route 2001:db8:12:2::/64 is IPv6 but service 'v4-with-v6-route'"
                        + " is IPv4 (listen.address 198.18.0.2, line " + line(f, "198.18.0.2") + "), so its clients"
                        + " are IPv4"),
                at(f, "198.18.1.6", "target 198.18.1.6:8080 is IPv4 but service 'v6-with-v4-route' is IPv6"
                        + " (listen.address 2001:db8:12::11, line " + line(f, "2001:db8:12::11") + ")" + share),
                at(f, "10.0.0.0/8", "source route 10.0.0.0/8 is IPv4 but service 'v6-with-v4-route' is IPv6"
                        + " (listen.address 2001:db8:12::11, line " + line(f, "2001:db8:12::11") + "), so its clients"
                        + " are IPv6"),
                at(f, "2001:db8:12:3::/64", "source route 2001:db8:12:3::/64 is IPv6 but service 'hostnames-only' is"
                        + " IPv4 (it listens on any address and has hostname targets only), so its clients are IPv4"),
                at(f, "::ffff:198.18.0.3", "address '::ffff:198.18.0.3' is an IPv4-mapped IPv6 address; write it as"
                        + " IPv4: 198.18.0.3"),
                at(f, "::ffff:198.18.1.7", "ip '::ffff:198.18.1.7' is an IPv4-mapped IPv6 address; write it as IPv4:"
                        + " 198.18.1.7"),
                at(f, "::ffff:10.0.0.0/104", "source '::ffff:10.0.0.0/104' is an IPv4-mapped IPv6 address; write it as"
                        + " IPv4: 10.0.0.0"),
                at(f, "again 2001:db8:12:1::9", "target [2001:db8:12:1::9]:8080 is listed twice in this group (first"
                        + " at line " + line(f, "first 2001:db8:12:1::9") + ")"),
                at(f, "2001:db8:12:1::g", "ip '2001:db8:12:1::g' is not an IP address"),
                at(f, "2001:db8:12:4::1/64", "invalid CIDR '2001:db8:12:4::1/64': host bits are set (the network is"
                        + " 2001:db8:12:4::/64)"),
                at(f, "2001:db8:12:5::/129", "invalid CIDR '2001:db8:12:5::/129': prefix length /129 is outside"
                        + " 0..128"),
                at(f, "\"2001:db8::\"", "address '2001:db8::' is not a host address: its last 96 bits are zero"
                        + " (the unspecified or a subnet-router anycast address)"),
                at(f, "\"2001:db9::\"", "ip '2001:db9::' is not a host address: its last 96 bits are zero"
                        + " (the unspecified or a subnet-router anycast address)"),
                at(f, "\"::\"", "ip '::' is not a host address: its last 96 bits are zero (the unspecified or a"
                        + " subnet-router anycast address)"),
                at(f, "name = \"any6-b\"", "listen *:80/tcp on eth3 clashes with service 'any6-a' (line "
                        + line(f, "name = \"any6-a\"") + ")")),
                problems(f, FakePlugin.owning("dns", Set.of(), Set.of("host"))));
    }

    @Test
    void dualStackServicesTakeTheirFamilyFromTheirAddressOrTheirTargets() {
        ConfigResult result = new ConfigLoader(List.of(FakePlugin.owning("dns", Set.of(), Set.of("host"))))
                .load(ConfigFiles.path("ipv6-dual-stack.conf"));
        assertEquals(List.of(), result.problems());
        LbConfig config = result.config().orElseThrow();
        assertEquals(List.of(AddressFamily.IPV4, AddressFamily.IPV6, AddressFamily.IPV6, AddressFamily.IPV6),
                config.services().stream().map(ServiceSpec::family).toList());
        ServiceSpec vip6 = config.service("vip6").orElseThrow();
        assertEquals(List.of("[2001:db8:12:1::5]:8443", "web.example:8443", "[2001:db8:12:1::6]:8443"),
                vip6.allTargetSpecs().stream().map(TargetSpec::label).toList());
        assertEquals("::/0", vip6.sourceRoutes().get(0).source().toString());
        assertEquals("[2001:db8:12::10]:443", new Endpoint(vip6.listen().address().orElseThrow(), 443).toString());
    }

    @Test
    void servicesThatWouldReceiveTheSamePacketsClash() {
        String f = "listen-clash.conf";
        assertEquals(List.of(
                at(f, "name = \"b\"", "listen *:80/tcp on eth1 clashes with service 'a' (line "
                        + line(f, "name = \"a\"") + ")"),
                at(f, "name = \"c\"", "listen 198.18.0.1:80/tcp on eth0 clashes with service 'a' (line "
                        + line(f, "name = \"a\"") + ")"),
                at(f, "name = \"h\"", "listen 198.18.0.3:443/tcp on eth2 clashes with service 'g' (line "
                        + line(f, "name = \"g\"") + ")")),
                problems(f));
    }

    @Test
    void tableSizesArePrimesLargeEnoughForTheirTargets() {
        String f = "table-size.conf";
        assertEquals(List.of(
                at(f, "table-size = 5", "table-size 5 must be at least 7"),
                at(f, "table-size = 16384", "table-size 16384 is not a prime (the nearest are 16381 and 16411)"),
                at(f, "table-size = 7", "table-size 7 is smaller than the 8 targets of one group")),
                problems(f));
    }

    @Test
    void valuesOfTheWrongTypeNameTheExpectedType() {
        String f = "wrong-types.conf";
        assertEquals(List.of(
                at(f, "plugin-dir", "'plugin-dir' must be a string (found a list)"),
                at(f, "admin =", "'admin' must be an object { ... } (found string \"127.0.0.1:9300\")"),
                at(f, "\"web\"", "each service must be an object { ... } (found string \"web\")"),
                at(f, "listen = [80]", "'listen' must be an object { ... } (found a list)"),
                at(f, "hash = true", "hash 'true' is not one of five-tuple, source-ip"),
                at(f, "targets = {", "'targets' must be a list [ ... ] (found an object)"),
                at(f, "251.5", "'table-size' must be an integer (found number 251.5)"),
                at(f, "\"eighty\"", "'interfaces' must be a list [ ... ] (found string \"eth0\")"),
                at(f, "\"eighty\"", "'port' must be an integer (found string \"eighty\")"),
                at(f, "weight = 1.5", "'weight' must be an integer (found number 1.5)"),
                at(f, "weight = 1.5", "each target must be an object { ... } (found number 7)"),
                at(f, "source-routes = { }", "'source-routes' must be a list [ ... ] (found an object)")),
                problems(f));
    }
}
