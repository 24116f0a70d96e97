package org.ebpflb.runtime.config;

import static org.ebpflb.runtime.config.ConfigFiles.at;
import static org.ebpflb.runtime.config.ConfigFiles.line;
import static org.ebpflb.runtime.config.ProblemReportingTest.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
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
    void ipv6InTheDataPlaneIsRefusedUntilTheDataPlaneParsesIt() {
        String f = "ipv6.conf";
        String v4Only = " is IPv6; this release balances IPv4 only (its data plane parses IPv4 packets), so give an"
                + " IPv4 address";
        assertEquals(List.of(
                at(f, "2001:db8::10", "address '2001:db8::10'" + v4Only),
                at(f, "2001:db8:1::2", "ip '2001:db8:1::2'" + v4Only),
                at(f, "2001:db8:2::/48", "source '2001:db8:2::/48'" + v4Only)),
                problems(f));
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
