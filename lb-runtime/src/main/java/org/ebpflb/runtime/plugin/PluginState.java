package org.ebpflb.runtime.plugin;

/** Where a plugin is in its lifecycle. */
public enum PluginState {
    /** found, not started yet */
    LOADED,
    /** disabled by {@code lb.plugins.<id>.enabled = false} */
    DISABLED,
    /** started and contributing */
    RUNNING,
    /** its start threw; the runtime carries on without it */
    FAILED,
    /** stopped at shutdown */
    STOPPED
}
