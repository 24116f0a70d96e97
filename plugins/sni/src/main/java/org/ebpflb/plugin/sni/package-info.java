/**
 * The sni plugin (docs in the module's README.md): {@link org.ebpflb.plugin.sni.SniPlugin} is the entry point,
 * {@link org.ebpflb.plugin.sni.ClientHello} the strict parser, {@link org.ebpflb.plugin.sni.SniListener} one service's
 * listening socket and connections, {@link org.ebpflb.plugin.sni.Relay} the copy loop.
 */
package org.ebpflb.plugin.sni;
