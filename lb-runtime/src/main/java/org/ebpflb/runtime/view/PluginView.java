package org.ebpflb.runtime.view;

import java.util.List;

/**
 * A plugin, for {@code GET /api/v1/plugins} and {@code lb plugins}.
 *
 * @param id the plugin id
 * @param version its version, or "unknown"
 * @param apiVersion the plugin API version it was compiled against, or "unknown"
 * @param location its directory, or "built-in"
 * @param state LOADED, DISABLED, RUNNING, FAILED or STOPPED
 * @param error why it failed, null otherwise
 * @param required whether a failure to start stops the runtime
 * @param modifiers its weight modifiers
 * @param sources its target sources
 * @param routes its admin routes
 * @param statusSections its status sections
 * @param configKeys the config keys it owns
 */
public record PluginView(String id, String version, String apiVersion, String location, String state, String error, boolean required,
                         List<String> modifiers, List<String> sources, List<String> routes,
                         List<String> statusSections, List<String> configKeys) {
}
