package org.ebpflb.plugin.dnsregistration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.ebpflb.api.spi.ConfigProblem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegistrationSettingsTest {
    @TempDir
    Path dir;

    @Test
    void readsAConfiguredNode() throws Exception {
        RegistrationSettings s = TestSettings.settings(dir, "region-cidrs = [\"198.18.0.0/24\"]");
        assertEquals("web.lb.test.", s.fqdn().toString());
        assertEquals("lb.test.", s.zone().toString());
        assertEquals(5300, s.server().getPort());
        assertEquals(TestSettings.SECRET, s.tsig().secret());
        assertEquals(Duration.ofSeconds(5), s.ttl(), "the TTL defaults to the check interval");
        assertEquals(Duration.ofMillis(1250), s.probeTimeout(), "a quarter of the interval");
        assertEquals(3, s.minimumFailures());
        assertFalse(s.tsig().toString().contains(TestSettings.SECRET), "the secret never prints");
    }

    @Test
    void isIdleWhenNothingIsConfigured() {
        RegistrationSettings.Result r = RegistrationSettings.read(ConfigFactory
                .parseResources(getClass().getClassLoader(), "reference.conf").getConfig("lb.plugins.dns-registration"));
        assertFalse(r.configured());
        assertTrue(r.reader().problems().isEmpty());
    }

    @Test
    void reportsEachBadValueWithItsLine() throws Exception {
        List<ConfigProblem> problems = problems("""
                check-interval = 2s
                minimum-failures = 10
                maximum-failures = 4
                tls = true
                region-cidrs = ["198.18.0.1/24"]
                address = "2001:db8::1"
                """);
        assertProblem(problems, 6, "lb.plugins.dns-registration.check-interval must be at least 5s, got 2s");
        assertProblem(problems, 8, "lb.plugins.dns-registration.maximum-failures (4) must be at least "
                + "lb.plugins.dns-registration.minimum-failures (10)");
        assertProblem(problems, 9, "tls = true needs lb.plugins.dns-registration.probe-listener = false");
        assertProblem(problems, 10, "region-cidrs[0] must be a CIDR");
        assertTrue(problems.stream().noneMatch(p -> p.line() == 11), "an IPv6 address registers AAAA records: "
                + problems);
    }

    @Test
    void refusesANameOutsideTheZoneAServerNameAndAMissingSecret() throws Exception {
        List<ConfigProblem> problems = problems("""
                fqdn = "web.other.test"
                server = "dns.example"
                tsig.secret-file = "/nonexistent/tsig.secret"
                tsig.algorithm = hmac-sha257
                """);
        assertProblem(problems, 6, "fqdn 'web.other.test.' is not inside lb.plugins.dns-registration.zone 'lb.test.'");
        assertProblem(problems, 7, "server must be an IP address (ip or ip:port), got 'dns.example'");
        assertProblem(problems, 8, "secret-file must be a readable file holding the key's base64 secret: cannot read "
                + "/nonexistent/tsig.secret");
        assertProblem(problems, 9, "algorithm must be hmac-sha256, hmac-sha512, hmac-sha384, hmac-sha224, hmac-sha1 "
                + "or hmac-md5, got 'hmac-sha257' (did you mean 'hmac-sha256'?)");
    }

    private List<ConfigProblem> problems(String extra) throws Exception {
        List<ConfigProblem> problems = RegistrationSettings.read(TestSettings.config(dir, extra)).reader().problems();
        assertFalse(problems.isEmpty());
        return problems;
    }

    private static void assertProblem(List<ConfigProblem> problems, int line, String text) {
        assertTrue(problems.stream().anyMatch(p -> p.line() == line && p.file().endsWith("lb.conf")
                        && p.message().contains(text)),
                () -> "no problem at lb.conf:" + line + " containing '" + text + "' in " + problems);
    }
}
