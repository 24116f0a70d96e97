/**
 * The sni plugin (docs in the module's README.md): {@link org.ebpflb.plugin.sni.SniPlugin} is the entry point,
 * {@link org.ebpflb.plugin.sni.ClientHello} the strict parser, {@link org.ebpflb.plugin.sni.SniListener} one service's
 * listening socket and its event loop, {@link org.ebpflb.plugin.sni.Connection} one connection's states,
 * {@link org.ebpflb.plugin.sni.Splice} one direction of the relay (splice(2) through a pipe).
 */
package org.ebpflb.plugin.sni;
