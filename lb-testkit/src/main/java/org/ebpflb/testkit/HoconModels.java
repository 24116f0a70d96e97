package org.ebpflb.testkit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ebpflb.api.model.Cidr;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.HashMode;
import org.ebpflb.api.model.IpAddresses;
import org.ebpflb.api.model.ListenSpec;
import org.ebpflb.api.model.Protocol;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.model.SourceRouteSpec;
import org.ebpflb.api.model.Target;
import org.ebpflb.api.model.TargetSpec;

/**
 * Builds services and targets from HOCON written to a real file, so config origins carry FILE:LINE as lb.conf's do.
 * Only what plugin tests need: literal {@code ip} targets, source routes, listen fixed at tcp/80 on lo.
 */
public final class HoconModels {
    private HoconModels() {
    }

    /**
     * @param dir where to write the file
     * @param hocon a document with {@code services = [ ... ]}, targets with literal {@code ip}
     * @return the model, every target in its groups
     */
    public static StaticServiceModel model(Path dir, String hocon) {
        List<ServiceSpec> services = services(dir, hocon);
        List<Target> targets = new ArrayList<>();
        services.forEach(s -> targets.addAll(targets(s)));
        return new StaticServiceModel(services, targets);
    }

    /**
     * @param dir where to write the file
     * @param hocon a document with {@code services = [ ... ]}
     * @return the services
     */
    public static List<ServiceSpec> services(Path dir, String hocon) {
        Path file = dir.resolve("lb-" + System.nanoTime() + ".conf");
        try {
            Files.writeString(file, hocon);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Config root = ConfigFactory.parseFile(file.toFile());
        return root.getConfigList("services").stream().map(HoconModels::service).toList();
    }

    /**
     * @param service a service
     * @return its targets: the default group, then each source route's
     */
    public static List<Target> targets(ServiceSpec service) {
        List<Target> out = new ArrayList<>();
        service.targets().forEach(t -> out.add(target(service, ServiceSpec.DEFAULT_GROUP, t)));
        service.sourceRoutes().forEach(r -> r.targets().forEach(t -> out.add(target(service, r.groupId(), t))));
        return out;
    }

    private static Target target(ServiceSpec service, String group, TargetSpec spec) {
        return new Target(service.name(), group, new Endpoint(spec.ip().orElseThrow(), spec.port()), spec.weight(),
                spec);
    }

    private static ServiceSpec service(Config c) {
        List<SourceRouteSpec> routes = c.hasPath("source-routes")
                ? c.getConfigList("source-routes").stream()
                        .map(r -> new SourceRouteSpec(Cidr.parse(r.getString("source")), targetSpecs(r))).toList()
                : List.of();
        return new ServiceSpec(c.getString("name"), new ListenSpec(List.of("lo"), Optional.empty(), 80, Protocol.TCP),
                HashMode.FIVE_TUPLE, targetSpecs(c), routes, 16381, c);
    }

    private static List<TargetSpec> targetSpecs(Config c) {
        return c.getConfigList("targets").stream().map(t -> new TargetSpec(
                Optional.of(IpAddresses.parseLiteral(t.getString("ip"))), Optional.empty(), t.getInt("port"),
                t.hasPath("weight") ? t.getInt("weight") : 1, t)).toList();
    }
}
