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
import org.ebpflb.api.model.IpAddresses;

/**
 * The configuration the demo runs the load balancer with: one TCP service {@value #SERVICE} on the VIP, its targets
 * with weights, pinned state under the demo's own bpffs, and a health check when a health plugin is installed.
 * Rendered as HOCON by typesafe-config. {@link #ipv6Twin} describes the IPv6 service {@value #SERVICE6} the demo adds
 * at runtime, rendered alone by {@link #renderService()}.
 *
 * @param instance the instance name
 * @param service the service's name
 * @param pinRoot the bpffs under which pinned state lives
 * @param adminListen where the admin API listens (inside the LB namespace)
 * @param interfaces the LB devices the service listens on (its client-facing veths)
 * @param vip the service address
 * @param port the service port
 * @param targets the backends with their weights
 * @param healthCheckType "http" or "tcp" when a health plugin is installed
 */
public record DemoConfig(String instance, String service, Path pinRoot, String adminListen, List<String> interfaces,
                         InetAddress vip, int port, List<DemoTarget> targets, Optional<String> healthCheckType) {
    /** The demo's service name. */
    public static final String SERVICE = "web";
    /** The IPv6 twin's service name. */
    public static final String SERVICE6 = "web6";
    /** The admin API address: the runtime's default, so {@code lb reload} and {@code lb explain} find it. */
    public static final String ADMIN_LISTEN = "127.0.0.1:9300";
    private static final String HEADER = "# Written by `lb demo`; the sandbox and this file are removed when the demo"
            + " ends.\n";

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
        return new DemoConfig(instance, service, pinRoot, adminListen, interfaces, vip, port, changed, healthCheckType);
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

    /**
     * @param vip6 the IPv6 service address
     * @param targets6 the same backends by their IPv6 addresses
     * @return the service {@value #SERVICE6}: this one's port, interfaces and health check over IPv6
     */
    public DemoConfig ipv6Twin(InetAddress vip6, List<DemoTarget> targets6) {
        return new DemoConfig(instance, SERVICE6, pinRoot, adminListen, interfaces, vip6, port, targets6,
                healthCheckType);
    }

    /** @return the HOCON text */
    public String render() {
        Map<String, Object> lb = new LinkedHashMap<>();
        lb.put("instance", instance);
        lb.put("admin", Map.of("listen", adminListen));
        lb.put("dataplane", Map.of("pin-root", pinRoot.toString()));
        lb.put("services", List.of(serviceObject()));
        return HEADER + hocon(Map.of("lb", lb));
    }

    /** @return the service object alone, as {@code lb service add --file} takes it */
    public String renderService() {
        return HEADER + hocon(serviceObject());
    }

    /**
     * @param file where to write
     * @return the file
     */
    public Path writeTo(Path file) {
        return write(file, render());
    }

    /**
     * @param file where to write the service object alone
     * @return the file
     */
    public Path writeServiceTo(Path file) {
        return write(file, renderService());
    }

    private Map<String, Object> serviceObject() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("name", service);
        s.put("listen", Map.of("interfaces", interfaces, "address", IpAddresses.format(vip), "port", port,
                "protocol", "tcp"));
        s.put("targets", targets.stream()
                .map(t -> Map.of("ip", IpAddresses.format(t.endpoint().address()), "port", t.endpoint().port(),
                        "weight", t.weight()))
                .toList());
        healthCheckType.ifPresent(type -> s.put("health-check", healthCheck(type)));
        return s;
    }

    private static String hocon(Map<String, Object> tree) {
        return ConfigValueFactory.fromMap(tree).render(ConfigRenderOptions.defaults()
                .setOriginComments(false).setComments(false).setJson(false).setFormatted(true));
    }

    private static Path write(Path file, String text) {
        try {
            Files.createDirectories(file.getParent());
            Files.writeString(file, text, StandardCharsets.UTF_8);
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
