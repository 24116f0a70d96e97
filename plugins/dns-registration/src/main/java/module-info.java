/**
 * The dns-registration plugin: this load-balancer node keeps its own address in a shared DNS name (RFC 2136 UPDATE
 * signed with TSIG, through dnsjava), probes the other nodes of that name and removes the ones that fail.
 */
module org.ebpflb.plugin.dnsregistration {
    requires org.ebpflb.api;
    requires org.dnsjava;
    requires org.slf4j;

    provides org.ebpflb.api.spi.Plugin with org.ebpflb.plugin.dnsregistration.DnsRegistrationPlugin;
}
