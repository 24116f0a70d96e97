package org.ebpflb.runtime.plugin;

import java.util.Optional;

/**
 * One plugin as {@code lb plugins} and {@code GET /api/v1/plugins} show it.
 *
 * @param id the plugin id
 * @param version its module version, or "unknown"
 * @param apiVersion the plugin API version it was compiled against, or "unknown"
 * @param location its directory, or "built-in"
 * @param state its lifecycle state
 * @param error why its start failed, when it did
 * @param required whether a start failure stops the runtime
 * @param contributions what it contributes (config keys only until it has started)
 */
public record PluginRecord(String id, String version, String apiVersion, String location, PluginState state, Optional<String> error,
                           boolean required, Contributions contributions) {
}
