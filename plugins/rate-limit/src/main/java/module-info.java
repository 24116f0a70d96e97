/**
 * The rate-limit plugin: per-service limits on new connections (per client prefix, per backend, with an allow list),
 * enforced by the data plane's token buckets through the {@code RateLimits} port.
 */
module org.ebpflb.plugin.ratelimit {
    requires org.ebpflb.api;
    requires org.slf4j;

    provides org.ebpflb.api.spi.Plugin with org.ebpflb.plugin.ratelimit.RateLimitPlugin;
}
