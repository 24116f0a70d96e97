package org.ebpflb.plugin.ratelimit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.ebpflb.api.dataplane.RateLimits.Limits;
import org.ebpflb.api.dataplane.RateLimits.TokenBucket;
import org.ebpflb.api.model.AddressFamily;
import org.ebpflb.api.model.Cidr;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.settings.Settings;

/**
 * Reads a rate-limit block, the plugin-wide {@code lb.plugins.rate-limit} or a service's {@code rate-limit}, into the
 * data plane's {@link Limits}. A service's block is read over the plugin-wide one, key by key.
 */
final class LimitsBlock {
    /** The service key this plugin owns. */
    static final String KEY = "rate-limit";
    static final String PER_SOURCE = "per-source";
    static final String PER_BACKEND = "per-backend";
    static final String ALLOW = "allow";
    static final String RATE = "rate";
    static final String BURST = "burst";
    static final String PREFIX = "prefix";
    /** The keys of a block; the plugin-wide block also holds the runtime's ({@code enabled}, ...). */
    private static final List<String> KEYS = List.of(PER_SOURCE, PER_BACKEND, ALLOW);
    /** The longest client prefix of an IPv4 service and of the plugin-wide block (32: each address). */
    static final int MAX_PREFIX = 32;
    /** The longest client prefix of an IPv6 service, and its prefix when its own block sets none (each address). */
    static final int MAX_PREFIX_IPV6 = 128;

    private LimitsBlock() {
    }

    /**
     * Reads the plugin-wide block: its {@code allow} may hold prefixes of both families.
     *
     * @param settings the block's reader; problems go there
     * @return the limits; only meaningful when {@code settings.ok()}
     */
    static Limits readPluginWide(Settings settings) {
        return read(settings, false, Optional.empty());
    }

    /**
     * Reads the limits of one service. Its clients are of its family: {@code allow} prefixes of the other family are
     * an error in its own block and left out when they come from the plugin-wide one; an IPv6 service's
     * {@code prefix} (0..128) is its own block's, each address when it sets none.
     *
     * @param settings the service's block over the plugin-wide one, or the plugin-wide block alone when the service
     *     has none; problems go there
     * @param service the service
     * @return the limits; only meaningful when {@code settings.ok()}
     */
    static Limits readForService(Settings settings, ServiceSpec service) {
        return read(settings, service.config().hasPath(KEY), Optional.of(service));
    }

    private static Limits read(Settings settings, boolean serviceBlock, Optional<ServiceSpec> service) {
        if (serviceBlock) {
            settings.rejectUnknownKeys(KEYS);
        }
        boolean ipv6 = service.map(ServiceSpec::family).orElse(AddressFamily.IPV4) == AddressFamily.IPV6;
        Settings source = settings.object(PER_SOURCE);
        source.rejectUnknownKeys(Set.of(RATE, BURST, PREFIX));
        Optional<TokenBucket> perSource = bucket(source);
        int prefix = source.integer(PREFIX, 0, ipv6 ? MAX_PREFIX_IPV6 : MAX_PREFIX);
        if (ipv6 && !service.orElseThrow().config().hasPath(KEY + "." + PER_SOURCE + "." + PREFIX)) {
            prefix = MAX_PREFIX_IPV6; // the plugin-wide prefix counts IPv4 bits
        }
        Settings backend = settings.object(PER_BACKEND);
        backend.rejectUnknownKeys(Set.of(RATE, BURST));
        Optional<TokenBucket> perBackend = bucket(backend);
        boolean ownAllow = service.isPresent() && service.get().config().hasPath(KEY + "." + ALLOW);
        List<Cidr> allow = settings.list(ALLOW, (element, key) -> allowed(element, key, service, ownAllow));
        return new Limits(perSource, prefix, perBackend, allow.stream()
                .filter(c -> service.isEmpty() || AddressFamily.of(c.network()) == service.get().family()).toList());
    }

    /**
     * @param service a service's {@code rate-limit} object
     * @param pluginWide the plugin-wide block
     * @return the service's block with the plugin-wide values under it
     */
    static Config overPluginWide(Config service, Config pluginWide) {
        Config limits = service;
        for (String key : KEYS) {
            if (pluginWide.hasPath(key)) {
                limits = limits.withFallback(pluginWide.withOnlyPath(key));
            }
        }
        return limits;
    }

    /** @return the plugin's own defaults (its reference.conf), for checking a service block before start */
    static Config referenceDefaults() {
        return ConfigFactory.parseResources(LimitsBlock.class, "/reference.conf").getConfig("lb.plugins." + KEY);
    }

    /** rate 0 is off; burst null is one second's worth. */
    private static Optional<TokenBucket> bucket(Settings block) {
        int rate = block.integer(RATE, 0, (int) TokenBucket.MAX);
        Optional<Integer> burst = block.optional(BURST, (s, k) -> s.integer(k, 1, (int) TokenBucket.MAX));
        if (!block.ok() || rate == 0) {
            return Optional.empty();
        }
        return Optional.of(new TokenBucket(rate, burst.orElse(rate)));
    }

    /** A prefix of the other family is refused where the service's own block lists it. */
    private static Cidr allowed(Settings element, String key, Optional<ServiceSpec> service, boolean ownAllow) {
        Cidr c = element.cidr(key);
        if (c != null && ownAllow && AddressFamily.of(c.network()) != service.orElseThrow().family()) {
            element.problem(key, element.name(key) + " " + c + " is " + AddressFamily.of(c.network())
                    + " but service '" + service.get().name() + "' is " + service.get().family()
                    + ", so its clients are " + service.get().family());
            return null;
        }
        return c;
    }
}
