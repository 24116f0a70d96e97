package org.ebpflb.api.model;

import com.typesafe.config.Config;
import java.util.List;
import java.util.Locale;
import org.ebpflb.api.Experimental;

/**
 * TLS connections whose ClientHello names {@code hostname} go to their own targets (the sni plugin's
 * {@code sni-routes}). The runtime reads the hostname and the targets, which become a target group like a source
 * route's; the sni plugin validates the rest of the route object.
 *
 * @param hostname an exact name ({@code api.example.com}) or a wildcard ({@code *.example.com}), lower case
 * @param targets the group for those connections
 * @param config the whole route object, for keys the sni plugin owns such as {@code proxy-protocol}
 */
@Experimental
public record SniRouteSpec(String hostname, List<TargetSpec> targets, Config config) {
    /** Copies the target list and lower-cases the hostname (names match case-insensitively). */
    public SniRouteSpec {
        hostname = hostname.toLowerCase(Locale.ROOT);
        targets = List.copyOf(targets);
    }

    /** @return the group id used in traces and tables, e.g. {@code sni:api.example.com} */
    public String groupId() {
        return "sni:" + hostname;
    }
}
