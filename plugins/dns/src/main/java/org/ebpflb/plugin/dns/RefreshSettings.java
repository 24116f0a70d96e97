package org.ebpflb.plugin.dns;

import java.time.Duration;
import org.ebpflb.api.model.TargetSpec;

/**
 * How one name is refreshed: the target's {@code dns-refresh} and {@code respect-ttl}, or the plugin's defaults.
 *
 * @param interval the refresh interval; also the retry interval after a failure
 * @param respectTtl whether a successful answer's TTL, clamped, replaces the interval
 */
record RefreshSettings(Duration interval, boolean respectTtl) {
    /** Target key: refresh interval. */
    static final String DNS_REFRESH = "dns-refresh";
    /** Target key: follow the record TTL. */
    static final String RESPECT_TTL = "respect-ttl";

    /**
     * @param spec a hostname target, already validated
     * @param defaults the plugin settings
     * @return the target's settings
     */
    static RefreshSettings of(TargetSpec spec, DnsSettings defaults) {
        Duration interval = spec.config().hasPath(DNS_REFRESH)
                ? spec.config().getDuration(DNS_REFRESH) : defaults.defaultRefresh();
        boolean respectTtl = spec.config().hasPath(RESPECT_TTL)
                ? spec.config().getBoolean(RESPECT_TTL) : defaults.respectTtl();
        return new RefreshSettings(interval, respectTtl);
    }
}
