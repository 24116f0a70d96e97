package org.ebpflb.plugin.metrics;

import io.prometheus.client.Collector;
import io.prometheus.client.CounterMetricFamily;
import io.prometheus.client.GaugeMetricFamily;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.ebpflb.api.dataplane.ConntrackStats;
import org.ebpflb.api.dataplane.DataPlaneStats;
import org.ebpflb.api.dataplane.TrafficCounters;
import org.ebpflb.api.dataplane.TrafficSnapshot;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.ServiceModel;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.spi.PluginContext;
import org.ebpflb.api.spi.RuntimeInfo;

/**
 * Everything one scrape shows: the data plane's counters from one {@link DataPlaneStats#snapshot} read, the runtime's
 * plugin failures, the event metrics after removing the series of services and targets that are gone, the circuit
 * breaker's error rates and the rate limits' drop counters.
 */
final class ScrapeCollector extends Collector implements Collector.Describable {
    private static final List<String> TARGET = List.of("service", "target");
    private static final List<String> DIRECTED = List.of("service", "target", "direction");

    private final PluginContext context;
    private final EventMetrics events;

    /**
     * @param context where the model, the counters and the runtime's figures come from
     * @param events the event metrics
     */
    ScrapeCollector(PluginContext context, EventMetrics events) {
        this.context = context;
        this.events = events;
    }

    /** @return nothing: registration must not read the data plane (the families are listed in the README) */
    @Override
    public List<MetricFamilySamples> describe() {
        return List.of();
    }

    @Override
    public List<MetricFamilySamples> collect() {
        ServiceModel model = context.model();
        TrafficSnapshot traffic = context.stats().snapshot(model.services().stream().map(ServiceSpec::name).toList());
        Live live = Live.of(model, traffic);
        events.prune(live);
        RuntimeInfo runtime = context.runtime();

        List<MetricFamilySamples> out = new ArrayList<>();
        out.add(new GaugeMetricFamily("lb_up", "1 while the load balancer runs and serves these metrics", 1));
        out.add(new GaugeMetricFamily("lb_info", "The running ebpf-lb version", List.of("version"))
                .addMetric(List.of(runtime.version()), 1));
        out.addAll(traffic(traffic));
        CounterMetricFamily drops = new CounterMetricFamily("lb_drops_total",
                "Packets the data plane dropped or passed on unhandled, by reason", List.of("reason"));
        traffic.drops().forEach((reason, n) -> drops.addMetric(List.of(reason), n));
        out.add(drops);
        out.addAll(conntrack(context.stats().conntrack()));
        CounterMetricFamily errors = new CounterMetricFamily("lb_plugin_errors_total",
                "Plugin failures: weight factors a modifier failed to give, and a failed start", List.of("plugin"));
        runtime.pluginErrors().forEach((plugin, n) -> errors.addMetric(List.of(plugin), n));
        out.add(errors);
        out.addAll(events.collect());
        CircuitErrorRates.collect(runtime, live).ifPresent(out::add);
        RateLimited.collect(runtime, context.rateLimits(), live).ifPresent(out::add);
        out.addAll(SniSeries.collect(runtime, live));
        return out;
    }

    private static List<MetricFamilySamples> traffic(TrafficSnapshot traffic) {
        GaugeMetricFamily active = new GaugeMetricFamily("lb_connections_active",
                "Confirmed connections to the target in the conntrack table now", TARGET);
        CounterMetricFamily opened = new CounterMetricFamily("lb_connections_total",
                "Connections (flows) opened to the target", TARGET);
        CounterMetricFamily failed = new CounterMetricFamily("lb_connect_failures_total",
                "Connections the target answered with a reset during the handshake", TARGET);
        CounterMetricFamily bytes = new CounterMetricFamily("lb_bytes_total",
                "Bytes through the load balancer; forward: client to target, reverse: target to client", DIRECTED);
        CounterMetricFamily packets = new CounterMetricFamily("lb_packets_total",
                "Packets through the load balancer; forward: client to target, reverse: target to client", DIRECTED);
        traffic.services().forEach((service, counters) -> {
            for (Map.Entry<Endpoint, TrafficCounters> t : counters.targets().entrySet()) {
                TrafficCounters c = t.getValue();
                String target = t.getKey().toString();
                List<String> labels = List.of(service, target);
                active.addMetric(labels, c.connectionsActive());
                opened.addMetric(labels, c.connectionsNew());
                failed.addMetric(labels, c.connectFailures());
                bytes.addMetric(List.of(service, target, "forward"), c.bytesForward());
                bytes.addMetric(List.of(service, target, "reverse"), c.bytesReverse());
                packets.addMetric(List.of(service, target, "forward"), c.packetsForward());
                packets.addMetric(List.of(service, target, "reverse"), c.packetsReverse());
            }
        });
        return List.of(active, opened, failed, bytes, packets);
    }

    /** Absent for a data plane without connection tracking, rather than zeros that look like an empty table. */
    private static List<MetricFamilySamples> conntrack(ConntrackStats ct) {
        if (ct.equals(ConntrackStats.NONE)) {
            return List.of();
        }
        List<String> table = List.of("table");
        return List.of(
                new GaugeMetricFamily("lb_conntrack_entries", "Connections in the conntrack table, by table", table)
                        .addMetric(List.of("established"), ct.established())
                        .addMetric(List.of("half-open"), ct.halfOpen()),
                new GaugeMetricFamily("lb_conntrack_capacity", "Connections the conntrack table holds, by table",
                        table)
                        .addMetric(List.of("established"), ct.capacity())
                        .addMetric(List.of("half-open"), ct.halfOpenCapacity()),
                new CounterMetricFamily("lb_conntrack_misses_total",
                        "TCP packets that found no conntrack entry and got their backend from the Maglev table again",
                        ct.misses()),
                new CounterMetricFamily("lb_conntrack_evictions_total",
                        "Conntrack entries a full table dropped to make room", ct.evicted()),
                new CounterMetricFamily("lb_conntrack_insert_failures_total",
                        "Conntrack entries the kernel refused to insert", ct.insertFailures()));
    }
}
