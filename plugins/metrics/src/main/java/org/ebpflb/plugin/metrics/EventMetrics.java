package org.ebpflb.plugin.metrics;

import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import io.prometheus.client.Histogram;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.ebpflb.api.event.CircuitStateChanged;
import org.ebpflb.api.event.ConfigRejected;
import org.ebpflb.api.event.ConfigReloaded;
import org.ebpflb.api.event.ConnectionEvent;
import org.ebpflb.api.event.DnsFailed;
import org.ebpflb.api.event.DnsResolved;
import org.ebpflb.api.event.DrainCompleted;
import org.ebpflb.api.event.DrainStarted;
import org.ebpflb.api.event.DrainTimedOut;
import org.ebpflb.api.event.HealthProbeCompleted;
import org.ebpflb.api.event.LbEvent;
import org.ebpflb.api.event.TargetHealthChanged;
import org.ebpflb.api.event.WeightsApplied;

/**
 * Metrics made from events: each event type sets or counts its series. Series exist only once an event created them,
 * so the metrics of a plugin that is not installed (no circuit-breaker, no drain) are absent. The metrics are not
 * registered anywhere: {@link ScrapeCollector} prunes them and then collects them, so a removed target's series never
 * shows in a scrape again.
 */
final class EventMetrics {
    /** Health-probe latency buckets, from a millisecond to probe timeouts of seconds. */
    private static final double[] LATENCY_BUCKETS = {0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5};
    /** Connection duration buckets, from a request's round trip to long-lived streams. */
    private static final double[] DURATION_BUCKETS = {0.01, 0.1, 1, 10, 60, 600, 3600};

    private final Tracked<Gauge.Child> weight = new Tracked<>(Gauge.build("lb_target_weight",
            "Effective weight of a target in a target group, as last written to the data plane")
            .labelNames("service", "group", "target").create());
    private final Tracked<Gauge.Child> health = new Tracked<>(Gauge.build("lb_backend_health",
            "1 when the health checks call the target healthy, 0 when unhealthy; from the first change of state")
            .labelNames("service", "target").create());
    /** Per service, not per target: a histogram per target would be most of a scrape of thousands of targets. */
    private final Tracked<Histogram.Child> probeLatency = new Tracked<>(Histogram.build(
            "lb_health_check_latency_seconds", "How long health probes took").buckets(LATENCY_BUCKETS)
            .labelNames("service").create());
    /**
     * Per target, from closed connection events: only services with {@code events} on send them, and a sampled
     * service's histogram holds its sample.
     */
    private final Tracked<Histogram.Child> connectionDuration = new Tracked<>(Histogram.build(
            "lb_connection_duration_seconds", "How long closed connections lasted, from their first packet to their "
            + "first FIN or RST (services with events on)").buckets(DURATION_BUCKETS)
            .labelNames("service", "target").create());
    private final Tracked<Gauge.Child> dns = new Tracked<>(Gauge.build("lb_dns_resolution_status",
            "1 when the hostname's last resolution succeeded, 0 when it failed (the last good addresses stay)")
            .labelNames("service", "hostname").create());
    private final Tracked<Gauge.Child> circuit = new Tracked<>(Gauge.build("lb_circuit_breaker_state",
            "Circuit state of a target: 0 closed, 1 half-open, 2 open").labelNames("service", "target").create());
    private final Tracked<Counter.Child> drains = new Tracked<>(Counter.build("lb_drain_events_total",
            "Drains started, completed and timed out").labelNames("service", "event").create());
    private final Counter reloads = Counter.build("lb_config_reloads_total",
            "Configuration reloads by result: success (applied) or failure (rejected, the running one stays)")
            .labelNames("result").create();
    private final RegistrationMetrics registration = new RegistrationMetrics();

    EventMetrics() {
        reloads.labels("success");
        reloads.labels("failure");
    }

    /** @param event any event; those that feed no metric are ignored */
    void on(LbEvent event) {
        switch (event) {
            case WeightsApplied w -> applied(w);
            case TargetHealthChanged h -> health.series(h.service(), h.target().toString()).set(h.healthy() ? 1 : 0);
            case HealthProbeCompleted p -> probeLatency.series(p.service()).observe(p.latency().toNanos() / 1e9);
            case DnsResolved d -> dns.series(d.service(), d.hostname()).set(1);
            case DnsFailed d -> dns.series(d.service(), d.hostname()).set(0);
            case CircuitStateChanged c -> circuit.series(c.service(), c.target().toString()).set(circuitValue(c));
            case DrainStarted d -> drains.series(d.service(), "started").inc();
            case DrainCompleted d -> drains.series(d.service(), "completed").inc();
            case DrainTimedOut d -> drains.series(d.service(), "timed-out").inc();
            case ConfigReloaded r -> reloads.labels("success").inc();
            case ConfigRejected r -> reloads.labels("failure").inc();
            case ConnectionEvent c when c.kind() == ConnectionEvent.Kind.CLOSED ->
                    connectionDuration.series(c.service(), c.target().toString()).observe(c.duration().toNanos() / 1e9);
            default -> registration.on(event);
        }
    }

    private void applied(WeightsApplied w) {
        Map<String, Double> now = new HashMap<>();
        w.effectiveWeights().forEach((e, value) -> now.put(e.toString(), value));
        weight.removeIf(l -> l.get(0).equals(w.service()) && l.get(1).equals(w.group())
                && !now.containsKey(l.get(2)));
        now.forEach((target, value) -> weight.series(w.service(), w.group(), target).set(value));
    }

    private static double circuitValue(CircuitStateChanged c) {
        return switch (c.state().toLowerCase(Locale.ROOT)) {
            case "closed" -> 0;
            case "half-open", "half_open" -> 1;
            case "open" -> 2;
            default -> Double.NaN;
        };
    }

    /** @param live what exists now; series of anything else are removed */
    void prune(Live live) {
        weight.removeIf(l -> !live.groups().contains(l.subList(0, 2)) || !live.hasTarget(l.get(0), l.get(2)));
        for (Tracked<?> perTarget : List.of(health, circuit, connectionDuration)) {
            perTarget.removeIf(l -> !live.hasTarget(l.get(0), l.get(1)));
        }
        dns.removeIf(l -> !live.hostnames().contains(l));
        for (Tracked<?> perService : List.of(probeLatency, drains)) {
            perService.removeIf(l -> !live.services().contains(l.get(0)));
        }
    }

    /**
     * @return the families that have series, without simpleclient's {@code _created} samples (a counter's or
     *     histogram's creation time: not part of the Prometheus text format, and a line per series)
     */
    List<MetricFamilySamples> collect() {
        List<MetricFamilySamples> all = new ArrayList<>();
        for (Tracked<?> t : List.of(weight, health, probeLatency, connectionDuration, dns, circuit, drains)) {
            all.addAll(t.metric().collect());
        }
        all.addAll(reloads.collect());
        all.addAll(registration.collect());
        List<MetricFamilySamples> out = new ArrayList<>();
        for (MetricFamilySamples f : all) {
            List<MetricFamilySamples.Sample> samples = f.samples.stream()
                    .filter(s -> !s.name.endsWith("_created")).toList();
            if (!samples.isEmpty()) {
                out.add(new MetricFamilySamples(f.name, f.unit, f.type, f.help, samples));
            }
        }
        return out;
    }
}
