/**
 * The plugin manager: discovery (built-ins in the boot layer, one child module layer per plugin directory),
 * per-plugin settings, the {@link org.ebpflb.api.spi.PluginContext} lent to each plugin, and start/stop with
 * failure isolation.
 */
package org.ebpflb.runtime.plugin;
