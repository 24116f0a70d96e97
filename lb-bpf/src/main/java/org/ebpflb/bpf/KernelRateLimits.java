package org.ebpflb.bpf;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ebpflb.api.dataplane.RateLimits;
import org.ebpflb.api.model.Cidr;
import org.ebpflb.bpf.maps.LbMaps;
import org.ebpflb.bpf.maps.RateLimitValue;
import org.ebpflb.bpf.maps.SourceKey;

/**
 * The kernel's {@link RateLimits}: a service's limits go to lb_rl_services (by service id) and its allow list to
 * lb_rl_allow; the XDP program keeps the buckets (lb_rl_sources, lb_rl_backends), which this class never writes, so
 * a changed rate or burst applies to the tokens a bucket holds instead of resetting it. Limits are kept by service
 * name and written when {@link KernelDataPlane} installs the service, so a plugin may set them before the first
 * reconcile. Thread-safe: plugins call the port, the reconcile thread calls {@link #installed} and {@link #removed}.
 */
final class KernelRateLimits implements RateLimits {
    private final LbMaps maps;
    private final Map<String, Limits> wanted = new HashMap<>();
    private final Map<String, Integer> ids = new HashMap<>();
    /** What lb_rl_services and lb_rl_allow hold, by service id, as far as this run wrote or read them. */
    private final Map<Integer, RateLimitValue> written = new HashMap<>();
    private final Map<Integer, Set<Cidr>> allowWritten = new HashMap<>();

    /** @param maps the data plane's maps; allow-list entries pinned by an earlier run are read back */
    KernelRateLimits(LbMaps maps) {
        this.maps = maps;
        for (SourceKey k : maps.rateLimitAllow.keys()) {
            allowWritten.computeIfAbsent(k.serviceId(), id -> new HashSet<>()).add(k.source());
        }
    }

    /**
     * A service found in the pinned maps at start: its pinned limits keep applying until they are set again or the
     * service is applied.
     */
    synchronized void recovered(String service, int id) {
        ids.put(service, id);
    }

    /** The service is (again) in the kernel under this id: its limits, or none, are written. */
    synchronized void installed(String service, int id) {
        ids.put(service, id);
        write(id, wanted.get(service));
    }

    /** The service left the kernel: its limits and counters are cleared, so a reused id starts clean. */
    synchronized void removed(String service, int id) {
        ids.remove(service);
        write(id, null);
        maps.resetRateLimited(id);
    }

    @Override
    public synchronized void set(String service, Limits limits) {
        wanted.put(service, limits);
        Integer id = ids.get(service);
        if (id != null) {
            write(id, limits);
        }
    }

    @Override
    public synchronized void clear(String service) {
        wanted.remove(service);
        Integer id = ids.get(service);
        if (id != null) {
            write(id, null);
        }
    }

    @Override
    public Map<Scope, Long> dropped(String service) {
        Integer id;
        synchronized (this) {
            id = ids.get(service);
        }
        if (id == null) {
            Map<Scope, Long> zero = new EnumMap<>(Scope.class);
            for (Scope s : Scope.values()) {
                zero.put(s, 0L);
            }
            return zero;
        }
        return maps.rateLimited(id);
    }

    /** New allow entries go in before the limits that consult them, stale ones after. */
    private void write(int id, Limits limits) {
        RateLimitValue value = limits == null ? RateLimitValue.OFF : value(limits);
        Set<Cidr> allow = value.hasAllowList() ? new LinkedHashSet<>(limits.allow()) : Set.of();
        Set<Cidr> had = allowWritten.getOrDefault(id, Set.of());
        for (Cidr c : allow) {
            if (!had.contains(c)) {
                maps.rateLimitAllow.put(new SourceKey(id, c), 1);
            }
        }
        if (!value.equals(written.get(id))) {
            maps.rateLimits.put(id, value);
            written.put(id, value);
        }
        for (Cidr c : had) {
            if (!allow.contains(c)) {
                maps.rateLimitAllow.delete(new SourceKey(id, c));
            }
        }
        if (allow.isEmpty()) {
            allowWritten.remove(id);
        } else {
            allowWritten.put(id, allow);
        }
    }

    private static RateLimitValue value(Limits l) {
        boolean perSource = l.perSource().isPresent();
        return new RateLimitValue(rate(l.perSource()), burst(l.perSource()), rate(l.perBackend()),
                burst(l.perBackend()), perSource ? l.sourcePrefix() : 0, perSource && !l.allow().isEmpty());
    }

    /** TokenBucket.MAX keeps both in an int. A zero rate is how lb_rl_service says "off". */
    private static int rate(Optional<TokenBucket> b) {
        return b.map(t -> (int) t.ratePerSecond()).orElse(0);
    }

    private static int burst(Optional<TokenBucket> b) {
        return b.map(t -> (int) t.burst()).orElse(0);
    }
}
