package org.ebpflb.api.model;

import org.ebpflb.api.Stable;

/**
 * A concrete backend in one target group, after any {@link org.ebpflb.api.spi.TargetSource} expansion.
 *
 * @param service the service name
 * @param group {@link ServiceSpec#DEFAULT_GROUP}, a source route's {@link SourceRouteSpec#groupId()} or an SNI
 *     route's {@link SniRouteSpec#groupId()}
 * @param endpoint the backend address and port
 * @param baseWeight configured weight, split equally when a spec expanded to several addresses
 * @param spec the spec it came from (carries per-target plugin keys)
 */
@Stable
public record Target(String service, String group, Endpoint endpoint, double baseWeight, TargetSpec spec) {
}
