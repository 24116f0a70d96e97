/**
 * The circuit-breaker plugin: per target, CLOSED -> OPEN -> HALF_OPEN from the data plane's connection attempts and
 * failures and from health probes, with an ejection cap per group, an admin route, a status section and events.
 */
module org.ebpflb.plugin.circuitbreaker {
    requires org.ebpflb.api;
    requires org.slf4j;

    provides org.ebpflb.api.spi.Plugin with org.ebpflb.plugin.circuitbreaker.CircuitBreakerPlugin;
}
