package org.ebpflb.plugin.dns;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongFunction;
import org.ebpflb.api.model.AddressFamily;
import org.ebpflb.api.model.IpAddresses;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.settings.Durations;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** One name being followed: its settings, its current state and its pending refresh. */
final class TrackedName {
    private final NameKey key;
    private final Name dnsName;
    /** A or AAAA: the family of the service's packets, which its targets share. */
    private final int recordType;
    /** Serializes resolutions of this name; a lock, not a monitor, because it is held across blocking I/O. */
    private final ReentrantLock resolving = new ReentrantLock();
    private volatile RefreshSettings refresh;
    private volatile NameState state = NameState.unresolved();
    private long generation;
    private ScheduledFuture<?> pending;

    /**
     * @param key service and normalized host
     * @param refresh how the name is refreshed
     * @param recordType {@link Type#A} or {@link Type#AAAA}
     */
    TrackedName(NameKey key, RefreshSettings refresh, int recordType) {
        this.key = key;
        this.refresh = refresh;
        this.recordType = recordType;
        try {
            this.dnsName = Name.fromString(key.host(), Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException(key + " is not a valid DNS name: " + e.getMessage(), e);
        }
    }

    NameKey key() {
        return key;
    }

    /** @return the absolute name queried: configured names are fully qualified, no search list applies */
    Name dnsName() {
        return dnsName;
    }

    /** @return the record type asked for */
    int recordType() {
        return recordType;
    }

    /**
     * @param service a service
     * @return the record type its hostname targets resolve to: AAAA for an IPv6 service, A for an IPv4 one
     */
    static int recordType(ServiceSpec service) {
        return service.family() == AddressFamily.IPV6 ? Type.AAAA : Type.A;
    }

    RefreshSettings refresh() {
        return refresh;
    }

    void refresh(RefreshSettings settings) {
        this.refresh = settings;
    }

    NameState state() {
        return state;
    }

    void state(NameState next) {
        this.state = next;
    }

    ReentrantLock resolving() {
        return resolving;
    }

    /**
     * Replaces the pending refresh.
     *
     * @param schedule schedules the refresh, given the generation it must still match when it runs
     */
    synchronized void reschedule(LongFunction<ScheduledFuture<?>> schedule) {
        cancel();
        pending = schedule.apply(++generation);
    }

    /**
     * @param ticket the generation a scheduled refresh was created with
     * @return whether no later resolution has rescheduled this name since
     */
    synchronized boolean isCurrent(long ticket) {
        return ticket == generation;
    }

    /** Cancels the pending refresh, if any. */
    synchronized void cancel() {
        if (pending != null) {
            pending.cancel(false);
            pending = null;
        }
    }

    /** @return the state for the admin API and {@code lb status}: JSON scalars, lists and maps only */
    Map<String, Object> describe() {
        NameState s = state;
        RefreshSettings r = refresh;
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("type", Type.string(recordType));
        out.put("addresses", s.addresses().stream().map(IpAddresses::format).toList());
        out.put("lastResolution", s.lastResolution().map(Instant::toString).orElse(null));
        out.put("lastSuccess", s.lastSuccess().map(Instant::toString).orElse(null));
        out.put("ttl", s.ttl().map(Durations::format).orElse(null));
        out.put("server", s.server().orElse(null));
        out.put("nextRefresh", s.nextRefresh().map(Instant::toString).orElse(null));
        out.put("consecutiveFailures", s.consecutiveFailures());
        out.put("lastError", s.lastError().orElse(null));
        out.put("refresh", Durations.format(r.interval()));
        out.put("respectTtl", r.respectTtl());
        return out;
    }
}
