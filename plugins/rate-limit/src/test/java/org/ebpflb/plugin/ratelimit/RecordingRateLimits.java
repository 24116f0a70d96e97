package org.ebpflb.plugin.ratelimit;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.ebpflb.api.dataplane.RateLimits;

/** A rate-limit port that remembers what it was told, refuses what a test says, and reports set drop counts. */
final class RecordingRateLimits implements RateLimits {
    final Map<String, Limits> limits = new ConcurrentHashMap<>();
    final Map<String, Map<Scope, Long>> drops = new ConcurrentHashMap<>();
    volatile String refuse;

    @Override
    public void set(String service, Limits l) {
        if (service.equals(refuse)) {
            throw new IllegalArgumentException("service " + service + ": refused by the test");
        }
        limits.put(service, l);
    }

    @Override
    public void clear(String service) {
        limits.remove(service);
    }

    @Override
    public Map<Scope, Long> dropped(String service) {
        Map<Scope, Long> out = new EnumMap<>(Scope.class);
        for (Scope s : Scope.values()) {
            out.put(s, drops.getOrDefault(service, Map.of()).getOrDefault(s, 0L));
        }
        return out;
    }

    Map<String, Limits> snapshot() {
        return new LinkedHashMap<>(limits);
    }
}
