/**
 * Health checking shared by the health-check plugins (health-tcp, health-http) and open to third-party probe types:
 * a plugin extends {@link org.ebpflb.plugin.healthcommon.HealthCheckPlugin} with its
 * {@link org.ebpflb.plugin.healthcommon.ProbeType}s and gets scheduling, the healthy/unhealthy state machine, slow start, events, the weight factor, status and validation.
 */
module org.ebpflb.plugin.healthcommon {
    requires transitive org.ebpflb.api;
    requires org.slf4j;

    exports org.ebpflb.plugin.healthcommon;
}
