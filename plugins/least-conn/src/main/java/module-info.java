/**
 * The least-conn plugin: a LOAD weight factor per target from its active connections relative to its group,
 * recomputed every interval with hysteresis so Maglev tables do not churn.
 */
module org.ebpflb.plugin.leastconn {
    requires org.ebpflb.api;
    requires org.slf4j;

    provides org.ebpflb.api.spi.Plugin with org.ebpflb.plugin.leastconn.LeastConnPlugin;
}
