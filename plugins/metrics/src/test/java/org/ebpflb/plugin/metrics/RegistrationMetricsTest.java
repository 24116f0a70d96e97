package org.ebpflb.plugin.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.prometheus.client.Collector.MetricFamilySamples;
import io.prometheus.client.exporter.common.TextFormat;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.ebpflb.api.event.DnsRegistrationRound;
import org.ebpflb.api.event.DnsRegistrationUpdated;
import org.junit.jupiter.api.Test;

/** The dns-registration series, as EventMetrics renders them into the text format a scrape serves. */
class RegistrationMetricsTest {
    private static final String FQDN = "web.lb.test";

    @Test
    void absentWithoutTheEventsThenFedByRoundsAndUpdates() throws IOException {
        EventMetrics metrics = new EventMetrics();
        assertFalse(text(metrics).contains("lb_dns_registration"), "no dns-registration plugin: no series");

        Instant now = Instant.now();
        metrics.on(new DnsRegistrationRound(now, FQDN, false, Map.of("198.18.0.12", 0, "198.18.0.13", 2)));
        metrics.on(new DnsRegistrationUpdated(now, FQDN, "success"));
        metrics.on(new DnsRegistrationUpdated(now, FQDN, "success"));
        metrics.on(new DnsRegistrationUpdated(now, FQDN, "notauth"));
        metrics.on(new DnsRegistrationRound(now, FQDN, true, Map.of("198.18.0.12", 1)));
        List<String> lines = text(metrics).lines().filter(l -> l.startsWith("lb_dns_registration")).sorted()
                .toList();
        assertEquals(List.of(
                "lb_dns_registration_peer_failures{fqdn=\"web.lb.test\",peer=\"198.18.0.12\",} 1.0",
                "lb_dns_registration_registered{fqdn=\"web.lb.test\",} 1.0",
                "lb_dns_registration_updates_total{fqdn=\"web.lb.test\",result=\"notauth\",} 1.0",
                "lb_dns_registration_updates_total{fqdn=\"web.lb.test\",result=\"success\",} 2.0"), lines,
                "198.18.0.13 left the name: its series went with it");
    }

    private static String text(EventMetrics metrics) throws IOException {
        List<MetricFamilySamples> families = metrics.collect();
        StringWriter out = new StringWriter();
        TextFormat.write004(out, Collections.enumeration(families));
        return out.toString();
    }
}
