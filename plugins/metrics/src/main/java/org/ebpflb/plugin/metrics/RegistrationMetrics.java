package org.ebpflb.plugin.metrics;

import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.Counter;
import io.prometheus.client.Gauge;
import java.util.ArrayList;
import java.util.List;
import org.ebpflb.api.event.DnsRegistrationRound;
import org.ebpflb.api.event.DnsRegistrationUpdated;
import org.ebpflb.api.event.LbEvent;

/**
 * The dns-registration plugin's series, from its {@link DnsRegistrationRound} and {@link DnsRegistrationUpdated}
 * events: absent without that plugin. Each round replaces the peers of its name, so a peer that left the name has no
 * series any more.
 */
final class RegistrationMetrics {
    private final Tracked<Gauge.Child> registered = new Tracked<>(Gauge.build("lb_dns_registration_registered",
            "1 when this node's address is in the shared name, 0 when not; after each registration round")
            .labelNames("fqdn").create());
    private final Tracked<Gauge.Child> peerFailures = new Tracked<>(Gauge.build(
            "lb_dns_registration_peer_failures", "Consecutive failed probes of each other node in the shared name")
            .labelNames("fqdn", "peer").create());
    private final Tracked<Counter.Child> updates = new Tracked<>(Counter.build("lb_dns_registration_updates_total",
            "Changes sent to the DNS server by outcome: success, conflict (changed meanwhile, retried), the "
                    + "server's refusal (notauth, refused, ...), timeout, unreachable")
            .labelNames("fqdn", "result").create());

    /** @param event any event; only the dns-registration plugin's feed these series */
    void on(LbEvent event) {
        switch (event) {
            case DnsRegistrationRound r -> {
                registered.series(r.fqdn()).set(r.registered() ? 1 : 0);
                peerFailures.removeIf(l -> l.get(0).equals(r.fqdn()) && !r.peerFailures().containsKey(l.get(1)));
                r.peerFailures().forEach((peer, count) -> peerFailures.series(r.fqdn(), peer).set(count));
            }
            case DnsRegistrationUpdated u -> updates.series(u.fqdn(), u.result()).inc();
            default -> {
                // not the dns-registration plugin's
            }
        }
    }

    /** @return the families of these series, {@code _created} samples included (the caller drops them) */
    List<MetricFamilySamples> collect() {
        List<MetricFamilySamples> out = new ArrayList<>();
        for (Tracked<?> t : List.of(registered, peerFailures, updates)) {
            out.addAll(t.metric().collect());
        }
        return out;
    }
}
