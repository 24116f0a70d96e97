/**
 * The extension points. A plugin implements {@link org.ebpflb.api.spi.Plugin}, declares owned config keys through
 * {@link org.ebpflb.api.spi.Plugin#configKeys()} and its other contributions through the {@code declared*} methods,
 * and registers them in {@code start} on its {@link org.ebpflb.api.spi.PluginContext}. Settings are read with
 * {@link org.ebpflb.api.settings.Settings}. The guide is docs/PLUGINS.md.
 *
 * <table>
 * <caption>Extension points and the plugins that use them</caption>
 * <tr><th>Extension point</th><th>What it does</th><th>Used by</th></tr>
 * <tr><td>{@link org.ebpflb.api.spi.WeightModifier}</td><td>a factor per target in the weight pipeline</td>
 *     <td>health-tcp, health-http (AVAILABILITY), circuit-breaker (AVAILABILITY), drain (ADMINISTRATIVE),
 *     least-conn (LOAD), example maintenance-window (ADMINISTRATIVE)</td></tr>
 * <tr><td>{@link org.ebpflb.api.spi.TargetSource}</td><td>expands hostname targets into addresses</td>
 *     <td>dns</td></tr>
 * <tr><td>{@link org.ebpflb.api.spi.ConfigKeys}</td><td>owns and validates service/target keys</td>
 *     <td>health-tcp and health-http ({@code health-check}, by type), dns ({@code host}, {@code dns-refresh}),
 *     drain ({@code drain-timeout}), circuit-breaker, rate-limit, sni ({@code sni-routes})</td></tr>
 * <tr><td>{@link org.ebpflb.api.spi.AdminRoute}</td><td>admin API routes</td>
 *     <td>drain, circuit-breaker, dns, dns-registration, rate-limit, sni</td></tr>
 * <tr><td>{@link org.ebpflb.api.spi.StatusProvider}</td><td>a section of {@code lb status}</td>
 *     <td>health-tcp, health-http, dns, dns-registration, drain, circuit-breaker, rate-limit, sni</td></tr>
 * <tr><td>{@link org.ebpflb.api.event.EventBus}</td><td>publish and subscribe to events</td>
 *     <td>all; metrics and dns-registration subscribe, least-conn and circuit-breaker read</td></tr>
 * <tr><td>{@link org.ebpflb.api.dataplane.DataPlaneStats}</td><td>per-target counters</td>
 *     <td>metrics, least-conn, circuit-breaker, drain</td></tr>
 * <tr><td>{@link org.ebpflb.api.dataplane.FlowTable}</td><td>forget a backend's tracked flows</td>
 *     <td>drain ({@code on-timeout = reset})</td></tr>
 * <tr><td>{@link org.ebpflb.api.dataplane.DrainStore}</td><td>drains kept beside the pinned data-plane state</td>
 *     <td>drain</td></tr>
 * <tr><td>{@link org.ebpflb.api.spi.RuntimeInfo}</td><td>the runtime's version, plugin failure counts and the
 *     status sections of other plugins</td><td>metrics</td></tr>
 * <tr><td>{@link org.ebpflb.api.dataplane.RateLimits}</td><td>token buckets in the data plane</td>
 *     <td>rate-limit; metrics reads the drop counters</td></tr>
 * <tr><td>{@link org.ebpflb.api.dataplane.BackendSelector}</td><td>backend choice for user-space listeners</td>
 *     <td>sni</td></tr>
 * </table>
 *
 * <p>dns-registration registers the node's service address in a DNS zone while its {@code WeightsApplied} events show
 * targets with effective weight (not unhealthy, not drained), and publishes {@code DnsRegistrationChanged},
 * {@code DnsRegistrationFailed}, {@code DnsRegistrationRound} and {@code DnsRegistrationUpdated} (the last two feed
 * the metrics plugin).
 */
package org.ebpflb.api.spi;
