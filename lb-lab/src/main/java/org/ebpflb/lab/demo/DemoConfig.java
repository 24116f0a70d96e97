package org.ebpflb.lab.demo;

import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;

/**
 * The configuration the demo runs the load balancer with: one TCP service {@value #SERVICE} on the VIP, its targets
 * with weights, pinned state under the demo's own bpffs, and a health check when a health plugin is installed.
 * Rendered as HOCON by typesafe-config.
 *
 * @param instance the instance name
 * @param pinRoot the bpffs under which pinned state lives
 * @param adminListen where the admin API listens (inside the LB namespace)
 * @param interfaces the LB devices the service listens on (its client-facing veths)
 * @param vip the service address
 * @param port the service port
 * @param targets the backends with their weights
 * @param healthCheckType "http" or "tcp" when a health plugin is installed
 */
public record DemoConfig(String instance, Path pinRoot, String adminListen, List<String> interfaces, InetAddress vip,
                         int port, List<DemoTarget> targets, Optional<String> healthCheckType) {
    /** The demo's service name. */
    public static final String SERVICE = "web";
    /** The admin API address: the runtime's default, so {@code lb reload} and {@code lb explain} find it. */
    public static final String ADMIN_LISTEN = "127.0.0.1:9300";

    /** Copies the lists; insists on targets. */
    public DemoConfig {
        interfaces = List.copyOf(interfaces);
        targets = List.copyOf(targets);
        if (targets.isEmpty() || interfaces.isEmpty()) {
            throw new IllegalArgumentException("the demo service needs targets and interfaces");
        }
    }

    /**
     * @param name a target's name
     * @param weight its new weight
     * @return this config with that weight changed
     * @throws NoSuchElementException when no target has that name
     */
    public DemoConfig withWeight(String name, int weight) {
        if (targets.stream().noneMatch(t -> t.name().equals(name))) {
            throw new NoSuchElementException("no target named " + name);
        }
        List<DemoTarget> changed = targets.stream().map(t -> t.name().equals(name) ? t.withWeight(weight) : t).toList();
        return new DemoConfig(instance, pinRoot, adminListen, interfaces, vip, port, changed, healthCheckType);
    }

    /**
     * @param name a target's name
     * @return that target
     * @throws NoSuchElementException when no target has that name
     */
    public DemoTarget target(String name) {
        return targets.stream().filter(t -> t.name().equals(name)).findFirst()
                .orElseThrow(() -> new NoSuchElementException("no target named " + name));
    }

    /** @return the HOCON text */
    public String render() {
        Map<String, Object> service = new LinkedHashMap<>();
        service.put("name", SERVICE);
        service.put("listen", Map.of("interfaces", interfaces, "address", vip.getHostAddress(), "port", port,
                "protocol", "tcp"));
        service.put("targets", targets.stream()
                .map(t -> Map.of("ip", t.endpoint().address().getHostAddress(), "port", t.endpoint().port(),
                        "weight", t.weight()))
                .toList());
        healthCheckType.ifPresent(type -> service.put("health-check", healthCheck(type)));
        Map<String, Object> lb = new LinkedHashMap<>();
        lb.put("instance", instance);
        lb.put("admin", Map.of("listen", adminListen));
        lb.put("dataplane", Map.of("pin-root", pinRoot.toString()));
        lb.put("services", List.of(service));
        String body = ConfigValueFactory.fromMap(Map.of("lb", lb)).render(ConfigRenderOptions.defaults()
                .setOriginComments(false).setComments(false).setJson(false).setFormatted(true));
        return "# Written by `lb demo`; the sandbox and this file are removed when the demo ends.\n" + body;
    }

    /**
     * @param file where to write
     * @return the file
     */
    public Path writeTo(Path file) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, render(), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo configuration " + file, e);
        }
    }

    // Short interval and thresholds so a killed backend leaves the table within a few seconds.
    private static Map<String, Object> healthCheck(String type) {
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("type", type);
        if (type.equals("http")) {
            h.put("path", "/health");
            h.put("expected-codes", List.of(200));
        }
        h.put("interval", "1s");
        h.put("timeout", "500ms");
        h.put("healthy-threshold", 1);
        h.put("unhealthy-threshold", 2);
        return h;
    }
}
