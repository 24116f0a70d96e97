package org.ebpflb.runtime.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.ebpflb.api.model.Cidr;
import org.ebpflb.api.model.HashMode;
import org.ebpflb.api.model.IpAddresses;
import org.ebpflb.api.model.ListenSpec;
import org.ebpflb.api.model.Protocol;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.model.TargetSpec;
import org.junit.jupiter.api.Test;

class ValidConfigTest {
    private static final String FILE = "valid.conf";

    private final FakeHealthKeys tcpKeys = new FakeHealthKeys(Set.of("tcp"), Set.of());
    private final FakeHealthKeys httpKeys = new FakeHealthKeys(Set.of("http", "https"), Set.of("path"));
    private final RecordingKeys dnsKeys = new RecordingKeys(Set.of(), Set.of("host", "dns-refresh"));

    private LbConfig load() {
        ConfigFiles.ownerOnly("admin.token");
        ConfigLoader loader = new ConfigLoader(List.of(new FakePlugin("health-tcp", tcpKeys),
                new FakePlugin("health-http", httpKeys), new FakePlugin("dns", dnsKeys)));
        ConfigResult result = loader.load(ConfigFiles.path(FILE));
        assertEquals(List.of(), result.problems());
        return result.config().orElseThrow();
    }

    private static InetAddress ip(String text) {
        return IpAddresses.parseLiteral(text);
    }

    @Test
    void runtimeSettingsComeFromTheFileOverReferenceDefaults() {
        LbConfig config = load();
        Path file = ConfigFiles.path(FILE);
        assertEquals(file, config.source());
        assertEquals("edge-1", config.instance());
        assertEquals(Path.of("plugins"), config.pluginDir());
        assertEquals(new AdminSettings(new InetSocketAddress(ip("198.18.0.1"), 9300),
                Optional.of(file.toAbsolutePath().getParent().resolve("admin.token"))), config.admin());
        assertEquals(new DataplaneSettings("native", new DataplaneCapacity(1023, 4095, 65535, 16384, 4_194_304,
                1_000_000, 65536, 65536), Duration.ofMinutes(10), Duration.ofSeconds(30), Duration.ofSeconds(5), 65521,
                25.0, Path.of("/sys/fs/bpf"), "kernel"), config.dataplane());
        assertEquals(new ReloadSettings(true, false), config.reload());
        assertTrue(config.plugins().getBoolean("health-http.required"));
    }

    @Test
    void servicesAreBuiltFromModelRecordsWithPerServiceDefaults() {
        LbConfig config = load();
        assertEquals(List.of("web", "resolver"), config.services().stream().map(ServiceSpec::name).toList());

        ServiceSpec web = config.service("web").orElseThrow();
        assertEquals(new ListenSpec(List.of("eth0", "eth1"), Optional.empty(), 80, Protocol.TCP), web.listen());
        assertEquals(HashMode.FIVE_TUPLE, web.hash());
        assertEquals(65521, web.tableSize(), "inherits lb.dataplane.table-size");
        assertEquals(List.of("198.18.1.2:8080/50", "web.backend.internal:8080/50", "198.18.1.3:8080/1"),
                web.targets().stream().map(t -> t.label() + "/" + t.weight()).toList());
        assertEquals(Optional.of("web.backend.internal"), web.targets().get(1).host());
        assertEquals(Optional.empty(), web.targets().get(1).ip());
        assertEquals(1, web.sourceRoutes().size());
        assertEquals(Cidr.parse("192.168.0.0/16"), web.sourceRoutes().get(0).source());
        assertEquals(List.of("198.18.2.2:8080"),
                web.sourceRoutes().get(0).targets().stream().map(TargetSpec::label).toList());

        ServiceSpec resolver = config.service("resolver").orElseThrow();
        assertEquals(new ListenSpec(List.of("eth0"), Optional.of(ip("198.18.0.53")), 53, Protocol.UDP),
                resolver.listen());
        assertEquals(HashMode.SOURCE_IP, resolver.hash());
        assertEquals(251, resolver.tableSize());
        assertEquals(53, resolver.targets().get(0).port(), "a quoted number is a number, as in HOCON");
    }

    @Test
    void rawConfigObjectsKeepTheirOriginsForPlugins() {
        ServiceSpec web = load().service("web").orElseThrow();
        assertEquals(ConfigFiles.line(FILE, "health-check { type = http"),
                web.config().getValue("health-check").origin().lineNumber());
        assertEquals(ConfigFiles.path(FILE).toString(), web.config().getValue("health-check").origin().filename());
        TargetSpec third = web.targets().get(2);
        assertEquals(ConfigFiles.line(FILE, "health-check { interval = 1s }"),
                third.config().getValue("health-check").origin().lineNumber());
    }

    @Test
    void eachPluginValidatesOnlyTheBlocksItOwns() {
        load();
        assertEquals(List.of("service web"), httpKeys.seen);
        assertEquals(List.of("target 198.18.1.3:8080"), tcpKeys.seen, "a block without type has the default type");
        assertEquals(List.of("web"), dnsKeys.validated, "resolver has no dns keys");
    }
}
