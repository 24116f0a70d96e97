package org.ebpflb.runtime.registry;

/**
 * A contribution and the plugin that registered it.
 *
 * @param pluginId the registering plugin's id
 * @param item the contribution
 * @param <T> the kind of contribution
 */
public record Registered<T>(String pluginId, T item) {
}
