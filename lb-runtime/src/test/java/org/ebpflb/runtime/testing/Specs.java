package org.ebpflb.runtime.testing;

import com.typesafe.config.ConfigFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.ebpflb.api.model.Cidr;
import org.ebpflb.api.model.HashMode;
import org.ebpflb.api.model.IpAddresses;
import org.ebpflb.api.model.ListenSpec;
import org.ebpflb.api.model.Protocol;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.model.SourceRouteSpec;
import org.ebpflb.api.model.TargetSpec;
import org.ebpflb.runtime.config.AdminSettings;
import org.ebpflb.runtime.config.DataplaneCapacity;
import org.ebpflb.runtime.config.DataplaneSettings;
import org.ebpflb.runtime.config.LbConfig;
import org.ebpflb.runtime.config.ReloadSettings;

/** Builds model records for tests without going through a config file. */
public final class Specs {
    private Specs() {
    }

    /**
     * @param ip a literal address
     * @param port the port
     * @param weight the weight
     * @return a literal target
     */
    public static TargetSpec ip(String ip, int port, int weight) {
        return new TargetSpec(Optional.of(IpAddresses.parseLiteral(ip)), Optional.empty(), port, weight,
                ConfigFactory.empty());
    }

    /**
     * @param host a hostname
     * @param port the port
     * @param weight the weight
     * @return a host target
     */
    public static TargetSpec host(String host, int port, int weight) {
        return new TargetSpec(Optional.empty(), Optional.of(host), port, weight, ConfigFactory.empty());
    }

    /**
     * @param name the service name
     * @param port its listen port
     * @param targets its default group
     * @return a TCP service with the default table size
     */
    public static ServiceSpec service(String name, int port, TargetSpec... targets) {
        return service(name, port, 16381, List.of(targets), List.of());
    }

    /**
     * @param name the service name
     * @param port its listen port
     * @param tableSize the Maglev table size
     * @param targets its default group
     * @param routes its source routes
     * @return a TCP service
     */
    public static ServiceSpec service(String name, int port, int tableSize, List<TargetSpec> targets,
                                      List<SourceRouteSpec> routes) {
        return new ServiceSpec(name, new ListenSpec(List.of("lo"), Optional.empty(), port, Protocol.TCP),
                HashMode.FIVE_TUPLE, targets, routes, tableSize, ConfigFactory.empty());
    }

    /**
     * @param services the services
     * @return a configuration with defaults everywhere else, admin on 127.0.0.1 with an ephemeral port
     */
    public static LbConfig config(ServiceSpec... services) {
        return config(0, List.of(services));
    }

    /**
     * @param panicThreshold the panic threshold in percent
     * @param services the services
     * @return a configuration with defaults everywhere else, admin on 127.0.0.1 with an ephemeral port
     */
    public static LbConfig config(double panicThreshold, List<ServiceSpec> services) {
        return new LbConfig(Path.of("test.conf"), "test", Path.of("plugins"),
                new AdminSettings(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), Optional.empty()),
                new DataplaneSettings("auto",
                        new DataplaneCapacity(1023, 4095, 65535, 16384, 4_194_304, 1000, 65536, 65536),
                        Duration.ofSeconds(300), Duration.ofSeconds(30), Duration.ofSeconds(5), 16381, panicThreshold,
                        Path.of("/sys/fs/bpf"), "recording"),
                new ReloadSettings(false, false), ConfigFactory.empty(), services);
    }

    /**
     * @param cidr a client prefix
     * @param targets the route's targets
     * @return a source route
     */
    public static SourceRouteSpec route(String cidr, TargetSpec... targets) {
        return new SourceRouteSpec(Cidr.parse(cidr), List.of(targets));
    }
}
