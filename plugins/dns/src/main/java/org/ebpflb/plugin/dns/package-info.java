/**
 * The dns plugin (id {@code dns}). {@link org.ebpflb.plugin.dns.DnsPlugin} is the entry point; it resolves every
 * hostname target with {@link org.ebpflb.plugin.dns.AddressResolver}, keeps the last-known-good addresses per
 * (service, name) in {@link org.ebpflb.plugin.dns.DnsTracker}, and answers expansions from that cache.
 *
 * <p>Who may depend on this package: nobody. The runtime finds the plugin through {@link java.util.ServiceLoader};
 * other plugins learn of DNS changes from the {@code DnsResolved} and {@code DnsFailed} events in lb-api.
 */
package org.ebpflb.plugin.dns;
