package org.ebpflb.runtime.config;

/**
 * {@code lb.reload}.
 *
 * @param watch whether the running instance reloads by itself when the configuration file changes
 * @param allowRemoveAll whether a reload may remove every running service (refused otherwise, since an empty or
 *     truncated file would look exactly like that)
 */
public record ReloadSettings(boolean watch, boolean allowRemoveAll) {
}
