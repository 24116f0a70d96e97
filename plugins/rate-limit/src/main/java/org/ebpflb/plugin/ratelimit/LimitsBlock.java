package org.ebpflb.plugin.ratelimit;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.Inet4Address;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.ebpflb.api.dataplane.RateLimits.Limits;
import org.ebpflb.api.dataplane.RateLimits.TokenBucket;
import org.ebpflb.api.model.Cidr;
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
    /** IPv4 addresses: the data plane keys buckets by IPv4 client address. */
    static final int MAX_PREFIX = 32;

    private LimitsBlock() {
    }

    /**
     * @param settings the block's reader; problems go there
     * @param serviceBlock whether it is a service's block, whose keys are all this plugin's (the runtime checks the
     *     plugin-wide block's keys against the reference.conf)
     * @return the limits; only meaningful when {@code settings.ok()}
     */
    static Limits read(Settings settings, boolean serviceBlock) {
        if (serviceBlock) {
            settings.rejectUnknownKeys(KEYS);
        }
        Settings source = settings.object(PER_SOURCE);
        source.rejectUnknownKeys(Set.of(RATE, BURST, PREFIX));
        Optional<TokenBucket> perSource = bucket(source);
        int prefix = source.integer(PREFIX, 0, MAX_PREFIX);
        Settings backend = settings.object(PER_BACKEND);
        backend.rejectUnknownKeys(Set.of(RATE, BURST));
        Optional<TokenBucket> perBackend = bucket(backend);
        List<Cidr> allow = settings.list(ALLOW, LimitsBlock::ipv4Cidr);
        return new Limits(perSource, prefix, perBackend, allow);
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

    private static Cidr ipv4Cidr(Settings element, String key) {
        Cidr c = element.cidr(key);
        if (c != null && !(c.network() instanceof Inet4Address)) {
            element.problem(key, element.name(key) + " must be an IPv4 prefix: the data plane limits IPv4 clients "
                    + "only so far, got " + c);
            return null;
        }
        return c;
    }
}
