/**
 * The rate-limit plugin: {@link org.ebpflb.plugin.ratelimit.RateLimitPlugin} reads each service's {@code rate-limit}
 * block over the plugin-wide limits ({@code LimitsBlock}), keeps the data plane's {@code RateLimits} port in step on
 * start and reload ({@code LimitEnforcer}), and shows limits and drops ({@code RateLimitStatus}).
 */
package org.ebpflb.plugin.ratelimit;
