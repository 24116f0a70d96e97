package org.ebpflb.plugin.dns;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.ebpflb.api.model.HashMode;
import org.ebpflb.api.model.IpAddresses;
import org.ebpflb.api.model.ListenSpec;
import org.ebpflb.api.model.Protocol;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.model.SourceRouteSpec;
import org.ebpflb.api.model.TargetSpec;
import org.ebpflb.api.model.Cidr;

/** Builds plugin settings and services from HOCON the way the runtime does, for tests. */
final class TestConfigs {
    private TestConfigs() {
    }

    /**
     * @param overrides HOCON inside {@code lb.plugins.dns { }}
     * @return the overrides over the plugin's own reference.conf
     */
    static Config settings(String overrides) {
        Config reference = ConfigFactory.parseURL(DnsPlugin.class.getResource("/reference.conf"));
        return ConfigFactory.parseString("lb.plugins.dns {\n" + overrides + "\n}").withFallback(reference).resolve()
                .getConfig("lb.plugins.dns");
    }

    /**
     * @param file where to write the text, so origins carry a file name and line numbers
     * @param text HOCON with {@code lb.plugins.dns { }}; line 1 is the first line of the text
     * @return the plugin settings over reference.conf
     */
    static Config settingsFile(Path file, String text) throws IOException {
        Files.writeString(file, text);
        Config reference = ConfigFactory.parseURL(DnsPlugin.class.getResource("/reference.conf"));
        return ConfigFactory.parseFile(file.toFile()).withFallback(reference).resolve().getConfig("lb.plugins.dns");
    }

    /**
     * @param text one service object in HOCON; {@code address} is its {@code listen.address}
     * @return the service
     */
    static ServiceSpec service(String text) {
        return service(ConfigFactory.parseString(text).resolve());
    }

    /**
     * @param file where to write the text
     * @param text one service object in HOCON; line numbers count from its first line
     * @return the service, its values' origins pointing into the file
     */
    static ServiceSpec serviceFile(Path file, String text) throws IOException {
        Files.writeString(file, text);
        return service(ConfigFactory.parseFile(file.toFile()).resolve());
    }

    private static ServiceSpec service(Config c) {
        List<SourceRouteSpec> routes = c.hasPath("source-routes")
                ? c.getConfigList("source-routes").stream().map(r -> new SourceRouteSpec(
                        Cidr.parse(r.getString("source")), targets(r))).toList()
                : List.of();
        Optional<InetAddress> address = c.hasPath("address") ? Optional.of(IpAddresses.parseLiteral(c.getString(
                "address"))) : Optional.empty();
        return new ServiceSpec(c.getString("name"), new ListenSpec(List.of("lo"), address, 80, Protocol.TCP),
                HashMode.FIVE_TUPLE, targets(c), routes, 16381, c);
    }

    private static List<TargetSpec> targets(Config c) {
        return c.getConfigList("targets").stream().map(t -> new TargetSpec(
                t.hasPath("ip") ? Optional.of(IpAddresses.parseLiteral(t.getString("ip"))) : Optional.empty(),
                t.hasPath("host") ? Optional.of(String.valueOf(t.getValue("host").unwrapped())) : Optional.empty(),
                t.getInt("port"), t.hasPath("weight") ? t.getInt("weight") : 1, t)).toList();
    }
}
