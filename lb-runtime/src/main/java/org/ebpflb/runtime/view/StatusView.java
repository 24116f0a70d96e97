package org.ebpflb.runtime.view;

import java.util.List;
import java.util.Map;
import org.ebpflb.api.dataplane.ConntrackStats;

/**
 * {@code GET /api/v1/status} and {@code lb status}.
 *
 * @param instance the instance name
 * @param version the ebpf-lb version
 * @param apiVersion the plugin API version
 * @param kernel the kernel release
 * @param startedAt when the runtime started (ISO-8601)
 * @param uptimeSeconds seconds since then
 * @param configFile the configuration file in use
 * @param dataPlane what the data plane is
 * @param forwardsPackets false when the data plane is the in-memory recording one
 * @param reconcile the reconciler's progress
 * @param plugins every plugin
 * @param pluginErrors weight-modifier failures per plugin
 * @param services every service with effective weights and traffic counters
 * @param drops packets the data plane dropped or passed without balancing them, by reason (e.g. {@code no-service}
 *     for traffic to no service: ICMP, other ports)
 * @param conntrack the connection tracking tables: occupancy, evictions, misses, insert failures
 * @param sections plugin status sections by title
 */
public record StatusView(String instance, String version, String apiVersion, String kernel, String startedAt,
                         long uptimeSeconds, String configFile, String dataPlane, boolean forwardsPackets,
                         Reconcile reconcile, List<PluginView> plugins, Map<String, Long> pluginErrors,
                         List<ServiceView> services, Map<String, Long> drops, ConntrackStats conntrack,
                         Map<String, Object> sections) {
    /**
     * The reconciler's progress.
     *
     * @param rounds rounds run
     * @param lastRound when the last round finished (ISO-8601), null before the first
     * @param applies data-plane writes
     * @param lastError the last write error, null when the last attempt succeeded
     */
    public record Reconcile(long rounds, String lastRound, long applies, String lastError) {
    }
}
