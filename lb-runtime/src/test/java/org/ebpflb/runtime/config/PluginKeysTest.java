package org.ebpflb.runtime.config;

import static org.ebpflb.runtime.config.ConfigFiles.at;
import static org.ebpflb.runtime.config.ProblemReportingTest.problems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Set;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.spi.ConfigKeys;
import org.ebpflb.api.spi.ConfigProblem;
import org.junit.jupiter.api.Test;

class PluginKeysTest {
    private static final String AVAILABLE = "(available: tcp (health-tcp), http, https (health-http), none)";

    private final FakeHealthKeys tcpKeys = new FakeHealthKeys(Set.of("tcp"), Set.of());
    private final FakeHealthKeys httpKeys = new FakeHealthKeys(Set.of("http", "https"), Set.of("path"));
    private final FakePlugin healthTcp = new FakePlugin("health-tcp", tcpKeys);
    private final FakePlugin healthHttp = new FakePlugin("health-http", httpKeys);

    @Test
    void keysOfPluginsThatAreNotInstalledNameThePlugin() {
        String file = "plugins-missing.conf";
        assertEquals(List.of(
                at(file, "dns-refresh = 30s", "dns-refresh needs plugin dns"),
                at(file, "dns-refresh = 30s", "host needs plugin dns"),
                at(file, "type = https", "health-check type 'https' needs plugin health-http"),
                at(file, "circuit-breaker {", "circuit-breaker needs plugin circuit-breaker"),
                at(file, "rate-limit {", "rate-limit needs plugin rate-limit"),
                at(file, "sni-routes", "sni-routes needs plugin sni"),
                at(file, "drain-timeout", "drain-timeout needs plugin drain"),
                at(file, "interval = 5s", "health-check (type 'tcp' by default) needs plugin health-tcp"),
                at(file, "type = grpc", "unknown health-check type 'grpc' " + AVAILABLE),
                at(file, "type = none", "health-check needs plugin health-tcp or health-http")),
                problems(file));
    }

    @Test
    void installedPluginsOwnTheirKeysAndValidateThem() {
        RecordingKeys dns = new RecordingKeys(Set.of(), Set.of("host", "dns-refresh"));
        RecordingKeys breaker = new RecordingKeys(Set.of("circuit-breaker"), Set.of());
        List<String> problems = problems("plugins-missing.conf", healthTcp, healthHttp,
                new FakePlugin("dns", dns), new FakePlugin("circuit-breaker", breaker));
        String file = "plugins-missing.conf";
        assertEquals(List.of(
                at(file, "rate-limit {", "rate-limit needs plugin rate-limit"),
                at(file, "sni-routes", "sni-routes needs plugin sni"),
                at(file, "drain-timeout", "drain-timeout needs plugin drain"),
                at(file, "type = grpc", "unknown health-check type 'grpc' " + AVAILABLE)), problems);
        assertEquals(List.of(), dns.validated, "web still has keys nobody owns, so no validator runs for it");
        assertEquals(List.of(), tcpKeys.services, "no service is complete: api's grpc and web's rate-limit have no owner");
        assertEquals(List.of(), httpKeys.services);
    }

    @Test
    void typeNoneIsAcceptedWithoutAnyPluginValidatingIt() {
        assertEquals(List.of(), problems("health-none.conf", healthTcp, healthHttp));
        assertEquals(List.of(), tcpKeys.services);
        assertEquals(List.of(), httpKeys.services);
    }

    @Test
    void discriminatorRoutesEachBlockToThePluginOfItsType() {
        String file = "health-check.conf";
        assertEquals(List.of(
                at(file, "intervl = 5s", "health-check http has no key 'intervl'"),
                at(file, "type = tcp, path", "health-check tcp has no key 'path'"),
                at(file, "type = grpc", "unknown health-check type 'grpc' " + AVAILABLE),
                at(file, "health-check = yes", "'health-check' must be an object { ... } (found string \"yes\")")),
                problems(file, healthTcp, healthHttp));
        assertEquals(List.of("service web"), httpKeys.seen);
        assertEquals(List.of("web"), httpKeys.services, "plain has no http block, so health-http is not asked");
        assertEquals(List.of("target 198.18.1.2:8080", "service plain"), tcpKeys.seen);
    }

    @Test
    void typeWhosePluginIsMissingNamesThatPlugin() {
        String file = "health-check.conf";
        assertEquals(List.of(
                at(file, "intervl = 5s", "health-check type 'http' needs plugin health-http"),
                at(file, "type = grpc", "unknown health-check type 'grpc' " + AVAILABLE),
                at(file, "health-check = yes", "'health-check' must be an object { ... } (found string \"yes\")")),
                problems(file, healthTcp));
        assertEquals(List.of("plain"), tcpKeys.services);
    }

    @Test
    void thirdPartyPluginsJoinASharedKeyWithTheirOwnValues() {
        FakePlugin grpc = new FakePlugin("health-grpc", new FakeHealthKeys(Set.of("grpc"), Set.of()));
        assertEquals(List.of(at("health-unknown-type.conf", "type = quic", "unknown health-check type 'quic' "
                        + "(available: tcp (health-tcp), http, https (health-http), grpc (health-grpc), none)")),
                problems("health-unknown-type.conf", healthTcp, healthHttp, grpc));
        assertEquals(List.of(), problems("plugins-missing.conf", healthTcp, healthHttp, grpc,
                        FakePlugin.owning("dns", Set.of(), Set.of("host", "dns-refresh")),
                        FakePlugin.owning("circuit-breaker", Set.of("circuit-breaker"), Set.of()),
                        FakePlugin.owning("rate-limit", Set.of("rate-limit"), Set.of()),
                        FakePlugin.owning("sni", Set.of("sni-routes"), Set.of()),
                        FakePlugin.owning("drain", Set.of("drain-timeout"), Set.of())),
                "with every owner installed the same file is valid");
    }

    @Test
    void aValidatorThatThrowsBecomesAProblemAtItsService() {
        ConfigKeys throwing = new ConfigKeys() {
            @Override
            public Set<String> serviceKeys() {
                return Set.of("drain-timeout");
            }

            @Override
            public Set<String> targetKeys() {
                return Set.of();
            }

            @Override
            public List<ConfigProblem> validate(ServiceSpec service) {
                throw new IllegalStateException("boom");
            }
        };
        assertEquals(List.of(at("drain.conf", "# service web", "plugin drain failed to validate service 'web': "
                        + "java.lang.IllegalStateException: boom")),
                problems("drain.conf", new FakePlugin("drain", throwing)));
    }

    @Test
    void twoPluginsClaimingOneKeyWithoutDiscriminatorIsAProblem() {
        assertEquals(List.of(at("drain.conf", "drain-timeout",
                        "key 'drain-timeout' is claimed by plugins drain and drain2; disable all but one")),
                problems("drain.conf", FakePlugin.owning("drain", Set.of("drain-timeout"), Set.of()),
                        FakePlugin.owning("drain2", Set.of("drain-timeout"), Set.of())));
    }
}
