/**
 * The dns plugin: targets configured with {@code host} instead of {@code ip} become one target per address the name
 * resolves to, and follow the name as it changes. Queries the configured servers directly with dnsjava.
 */
module org.ebpflb.plugin.dns {
    requires org.ebpflb.api;
    requires org.dnsjava;
    requires org.slf4j;

    provides org.ebpflb.api.spi.Plugin with org.ebpflb.plugin.dns.DnsPlugin;
}
