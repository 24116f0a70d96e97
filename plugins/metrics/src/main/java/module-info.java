/**
 * The metrics plugin: a Prometheus endpoint (simpleclient 0.16, text format) fed by the data plane's counters, the
 * events on the bus and the runtime's plugin failure counts; simpleclient_common's text format, served over
 * jdk.httpserver.
 */
module org.ebpflb.plugin.metrics {
    requires org.ebpflb.api;
    requires org.slf4j;
    requires simpleclient;
    requires simpleclient.common;
    requires jdk.httpserver;

    provides org.ebpflb.api.spi.Plugin with org.ebpflb.plugin.metrics.MetricsPlugin;
}
