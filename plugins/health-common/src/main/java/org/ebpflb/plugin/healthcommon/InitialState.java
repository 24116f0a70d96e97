package org.ebpflb.plugin.healthcommon;

/** What a target is before its first verdict ({@code initial-state}). */
public enum InitialState {
    /** takes traffic at once and turns unhealthy after {@code unhealthy-threshold} failures */
    HEALTHY,
    /** takes no traffic until {@code healthy-threshold} probes passed */
    UNHEALTHY
}
