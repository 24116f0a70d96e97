package org.ebpflb.lab.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.lab.sandbox.AddressPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoConfigTest {
    private static final AddressPlan PLAN = new AddressPlan(3, 3, 0);

    private static DemoConfig config(Optional<String> health) {
        List<DemoTarget> targets = List.of(
                new DemoTarget("backend-1", new Endpoint(PLAN.backendAddress(1), 8080), 50),
                new DemoTarget("backend-2", new Endpoint(PLAN.backendAddress(2), 8080), 30),
                new DemoTarget("backend-3", new Endpoint(PLAN.backendAddress(3), 8080), 20));
        return new DemoConfig("demo", DemoConfig.SERVICE, Path.of("/run/ebpf-lb-demo/bpffs"), DemoConfig.ADMIN_LISTEN, List.of("cli0"),
                PLAN.vip(), 80, targets, health);
    }

    @Test
    void rendersTheServiceAsTheRuntimeReadsIt() {
        DemoConfig c = config(Optional.empty());
        Config parsed = ConfigFactory.parseString(c.render()).resolve();
        assertEquals("demo", parsed.getString("lb.instance"));
        assertEquals("/run/ebpf-lb-demo/bpffs", parsed.getString("lb.dataplane.pin-root"));
        assertEquals("127.0.0.1:9300", parsed.getString("lb.admin.listen"));
        Config web = parsed.getConfigList("lb.services").get(0);
        assertEquals(DemoConfig.SERVICE, web.getString("name"));
        assertEquals(List.of("cli0"), web.getStringList("listen.interfaces"));
        assertEquals(PLAN.vip().getHostAddress(), web.getString("listen.address"));
        assertEquals(80, web.getInt("listen.port"));
        assertEquals("tcp", web.getString("listen.protocol"));
        List<? extends Config> targets = web.getConfigList("targets");
        assertEquals(c.targets().size(), targets.size());
        for (int i = 0; i < targets.size(); i++) {
            DemoTarget t = c.targets().get(i);
            assertEquals(t.endpoint().address().getHostAddress(), targets.get(i).getString("ip"));
            assertEquals(t.endpoint().port(), targets.get(i).getInt("port"));
            assertEquals(t.weight(), targets.get(i).getInt("weight"));
        }
        assertFalse(web.hasPath("health-check"));
    }

    @Test
    void aHealthPluginAddsItsCheck() {
        Config http = ConfigFactory.parseString(config(Optional.of("http")).render())
                .getConfigList("lb.services").get(0).getConfig("health-check");
        assertEquals("http", http.getString("type"));
        assertEquals("/health", http.getString("path"));
        assertEquals(List.of(200), http.getIntList("expected-codes"));
        assertEquals(Duration.ofSeconds(1), http.getDuration("interval"));
        assertTrue(http.getDuration("timeout").compareTo(http.getDuration("interval")) < 0);

        Config tcp = ConfigFactory.parseString(config(Optional.of("tcp")).render())
                .getConfigList("lb.services").get(0).getConfig("health-check");
        assertEquals("tcp", tcp.getString("type"));
        assertFalse(tcp.hasPath("path"));
    }

    @Test
    void withWeightChangesOneTargetOnly() {
        DemoConfig before = config(Optional.empty());
        DemoConfig after = before.withWeight("backend-1", 10);
        assertEquals(10, after.target("backend-1").weight());
        assertEquals(before.target("backend-2"), after.target("backend-2"));
        assertEquals(before.target("backend-3"), after.target("backend-3"));
        Config web = ConfigFactory.parseString(after.render()).getConfigList("lb.services").get(0);
        assertEquals(10, web.getConfigList("targets").get(0).getInt("weight"));
        assertThrows(NoSuchElementException.class, () -> before.withWeight("backend-9", 1));
        assertThrows(IllegalArgumentException.class, () -> before.withWeight("backend-1", 0));
    }

    @Test
    void writesTheFileTheLoadBalancerIsStartedWith(@TempDir Path dir) throws Exception {
        DemoConfig c = config(Optional.empty());
        Path file = c.writeTo(dir.resolve("state").resolve("lb.conf"));
        assertEquals(c.render(), Files.readString(file));
    }

    @Test
    void theIpv6TwinIsOneServiceObjectWithCanonicalIpv6AddressesAndTheSameCheck(@TempDir Path dir) throws Exception {
        List<DemoTarget> targets6 = List.of(
                new DemoTarget("backend-1", new Endpoint(PLAN.backendAddress6(1), 8080), 50),
                new DemoTarget("backend-2", new Endpoint(PLAN.backendAddress6(2), 8080), 30));
        DemoConfig twin = config(Optional.of("tcp")).ipv6Twin(PLAN.vip6(), targets6);
        Path file = twin.writeServiceTo(dir.resolve("web6.conf"));
        Config service = ConfigFactory.parseString(Files.readString(file));
        assertEquals(DemoConfig.SERVICE6, service.getString("name"));
        assertEquals("2001:db8:3:2::1", service.getString("listen.address"));
        assertEquals(List.of("cli0"), service.getStringList("listen.interfaces"));
        assertEquals(80, service.getInt("listen.port"));
        List<? extends Config> targets = service.getConfigList("targets");
        assertEquals(List.of("2001:db8:3:1::b", "2001:db8:3:1::c"), targets.stream().map(t -> t.getString("ip"))
                .toList());
        assertEquals(List.of(50, 30), targets.stream().map(t -> t.getInt("weight")).toList());
        assertEquals("tcp", service.getString("health-check.type"));
        assertFalse(service.hasPath("lb"), "the snippet is the service object, not a whole configuration");
    }
}
