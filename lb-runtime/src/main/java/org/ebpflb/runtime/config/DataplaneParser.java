package org.ebpflb.runtime.config;

import com.typesafe.config.ConfigObject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.ebpflb.bpf.LbPrograms.Sizes;

/** Parses {@code lb.dataplane}; every key has a default in reference.conf. */
final class DataplaneParser {
    /** About 100 bytes of kernel memory each: the cap keeps the map under about 2 GB. */
    private static final long MAX_RATE_LIMIT_BUCKETS = 16 * 1024 * 1024;

    private final Values values;
    private final Problems problems;

    DataplaneParser(Problems problems) {
        this.values = new Values(problems);
        this.problems = problems;
    }

    Optional<DataplaneSettings> parse(ConfigObject dataplane) {
        int before = problems.count();
        UnknownKeys.check(dataplane, RuntimeKeys.DATAPLANE, problems);
        new TreeSet<>(RuntimeKeys.DATAPLANE).forEach(key -> values.require(dataplane, key));
        Optional<String> kind = values.choice(dataplane, "kind", List.of("kernel", "recording"));
        Optional<String> xdpMode = values.choice(dataplane, "xdp-mode", List.of("auto", "native", "generic"));
        Optional<Long> connections = values.integer(dataplane, "max-connections", 1, Sizes.MAX_CONNECTIONS);
        Optional<Long> halfOpen = values.integer(dataplane, "max-half-open", 1, Sizes.MAX_CONNECTIONS);
        Optional<Long> services = values.integer(dataplane, "max-services", 1, Sizes.MAX_IDS);
        Optional<Long> groups = values.integer(dataplane, "max-target-groups", 1, Sizes.MAX_IDS);
        Optional<Long> targets = values.integer(dataplane, "max-targets", 1, Sizes.MAX_IDS);
        Optional<Long> routes = values.integer(dataplane, "max-source-routes", 1, Sizes.MAX_IDS);
        Optional<Long> slots = values.integer(dataplane, "max-table-slots", 1, Integer.MAX_VALUE);
        Optional<Duration> tcpIdle = values.duration(dataplane, "tcp-idle-timeout");
        Optional<Duration> udpIdle = values.duration(dataplane, "udp-idle-timeout");
        Optional<Duration> halfOpenIdle = values.duration(dataplane, "half-open-timeout");
        Optional<Long> tableSize = values.integer(dataplane, "table-size", TableSizes.MIN, Integer.MAX_VALUE);
        tableSize.flatMap(TableSizes::problem).ifPresent(m -> problems.add(dataplane.get("table-size").origin(), m));
        Optional<Double> panic = values.number(dataplane, "panic-threshold", 0, 100);
        Optional<Long> buckets = values.integer(dataplane, "rate-limit-buckets", 1, MAX_RATE_LIMIT_BUCKETS);
        Optional<Path> pinRoot = values.path(dataplane, "pin-root");
        pinRoot.filter(p -> !p.isAbsolute()).ifPresent(p -> problems.add(dataplane.get("pin-root").origin(),
                "pin-root '" + p + "' must be an absolute path (a bpffs mount such as /sys/fs/bpf)"));
        if (problems.count() != before) {
            return Optional.empty();
        }
        DataplaneCapacity capacity = new DataplaneCapacity(services.orElseThrow().intValue(),
                groups.orElseThrow().intValue(), targets.orElseThrow().intValue(), routes.orElseThrow().intValue(),
                slots.orElseThrow().intValue(), connections.orElseThrow().intValue(), halfOpen.orElseThrow().intValue(),
                buckets.orElseThrow().intValue());
        return Optional.of(new DataplaneSettings(xdpMode.orElseThrow(), capacity, tcpIdle.orElseThrow(),
                udpIdle.orElseThrow(), halfOpenIdle.orElseThrow(), tableSize.orElseThrow().intValue(),
                panic.orElseThrow(), pinRoot.orElseThrow(), kind.orElseThrow()));
    }
}
