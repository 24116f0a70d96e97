/**
 * Configuration: {@link org.ebpflb.runtime.config.ConfigLoader} reads the operator's HOCON file over lb-runtime's
 * {@code reference.conf}, validates it strictly and returns a {@link org.ebpflb.runtime.config.ConfigResult}: an
 * {@link org.ebpflb.runtime.config.LbConfig} built from lb-api model records, or every problem as
 * {@code FILE:LINE: message}. Keys of services and targets that the runtime does not read belong to plugins
 * ({@link org.ebpflb.api.spi.ConfigKeys}) and are validated by them; {@link org.ebpflb.runtime.config.PluginDefaults}
 * reads a plugin's own defaults. Used by the rest of lb-runtime (CLI, lifecycle, reload); depends only on lb-api and
 * typesafe-config.
 */
package org.ebpflb.runtime.config;
