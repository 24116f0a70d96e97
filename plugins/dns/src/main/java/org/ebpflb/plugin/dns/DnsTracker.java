package org.ebpflb.plugin.dns;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.ebpflb.api.event.DnsFailed;
import org.ebpflb.api.event.DnsResolved;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.IpAddresses;
import org.ebpflb.api.model.ServiceModel;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.model.TargetSpec;
import org.ebpflb.api.settings.Durations;
import org.ebpflb.api.spi.PluginContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.Type;

/**
 * Follows every hostname of the model: resolves each on its own schedule, keeps the last-known-good addresses,
 * and publishes {@link DnsResolved} when a name's address set changes (or it recovers) and {@link DnsFailed} on
 * each failure. Expansion reads only this cache and never waits for the network.
 */
final class DnsTracker {
    private static final Logger LOG = LoggerFactory.getLogger(DnsTracker.class);

    private final Map<NameKey, TrackedName> names = new ConcurrentHashMap<>();
    private final PluginContext context;
    private final DnsSettings settings;
    private final AddressResolver resolver;
    private final RefreshPolicy policy;
    private volatile boolean stopped;

    /**
     * @param context scheduler, executor, clock and event bus
     * @param settings the plugin settings
     * @param resolver asks the servers
     * @param policy decides when to ask again
     */
    DnsTracker(PluginContext context, DnsSettings settings, AddressResolver resolver, RefreshPolicy policy) {
        this.context = context;
        this.settings = settings;
        this.resolver = resolver;
        this.policy = policy;
    }

    /**
     * Makes the followed names match the model: drops names no longer configured, adds new ones and takes over
     * changed refresh settings. Resolves nothing itself.
     *
     * @param model the current services
     * @return the names added or whose settings changed, to be resolved by the caller
     */
    List<TrackedName> sync(ServiceModel model) {
        Map<NameKey, TrackedName> wanted = new LinkedHashMap<>();
        for (ServiceSpec service : model.services()) {
            for (TargetSpec spec : hostTargets(service)) {
                NameKey key = NameKey.of(service.name(), spec.host().orElseThrow());
                wanted.putIfAbsent(key, new TrackedName(key, RefreshSettings.of(spec, settings),
                        TrackedName.recordType(service)));
            }
        }
        names.entrySet().removeIf(e -> {
            TrackedName now = wanted.get(e.getKey());
            boolean gone = now == null || now.recordType() != e.getValue().recordType();
            if (gone) {
                e.getValue().cancel();
                LOG.info("dns: {} is no longer configured{}; stopped following it", e.getKey(),
                        now == null ? "" : " as " + Type.string(e.getValue().recordType()));
            }
            return gone;
        });
        List<TrackedName> toResolve = new ArrayList<>();
        wanted.forEach((key, name) -> {
            TrackedName existing = names.get(key);
            if (existing == null) {
                names.put(key, name);
                toResolve.add(name);
            } else if (!existing.refresh().equals(name.refresh())) {
                existing.refresh(name.refresh());
                toResolve.add(existing);
            }
        });
        return toResolve;
    }

    /**
     * Resolves names in parallel and waits for all of them.
     *
     * @param batch the names
     * @return one line per name that failed, naming service, host, servers and reason
     */
    List<String> resolveAll(Collection<TrackedName> batch) {
        List<CompletableFuture<String>> results = batch.stream()
                .map(n -> CompletableFuture.supplyAsync(() -> {
                    NameState s = resolveNow(n);
                    return s.consecutiveFailures() == 0 ? null : n.key() + ": " + s.lastError().orElse("failed");
                }, context.executor()))
                .toList();
        List<String> failures = new ArrayList<>();
        for (CompletableFuture<String> result : results) {
            String failure = result.join();
            if (failure != null) {
                failures.add(failure);
            }
        }
        return failures;
    }

    /** @param batch names resolved in the background, each then following its own schedule */
    void resolveLater(Collection<TrackedName> batch) {
        for (TrackedName n : batch) {
            submit(n, () -> resolveNow(n));
        }
    }

    /**
     * Queries the name now, updates its state, schedules its next refresh and publishes what changed. Blocks for
     * at most the resolver's bound; concurrent calls for one name run one after the other.
     *
     * @param name a followed name
     * @return its new state
     */
    NameState resolveNow(TrackedName name) {
        name.resolving().lock();
        try {
            NameState before = name.state();
            Resolution outcome = resolver.resolve(name.dnsName(), name.recordType());
            Instant at = context.clock().instant();
            NameState after = switch (outcome) {
                case Resolution.Answer a ->
                        before.succeeded(at, a, at.plus(policy.afterSuccess(name.refresh(), a.ttl())));
                case Resolution.Failure f -> before.failed(at, f, at.plus(policy.afterFailure(name.refresh())));
            };
            name.state(after);
            schedule(name, Duration.between(at, after.nextRefresh().orElseThrow()));
            report(name.key(), before, after, outcome, at);
            return after;
        } finally {
            name.resolving().unlock();
        }
    }

    /**
     * @param service the service of the spec
     * @param spec a hostname target
     * @return one endpoint per last-known-good address, at the spec's port
     */
    List<Endpoint> endpoints(ServiceSpec service, TargetSpec spec) {
        NameKey key = NameKey.of(service.name(), spec.host().orElseThrow());
        TrackedName name = names.get(key);
        if (name == null) {
            // a target the last sync has not seen (a reload still in flight): follow it from now on
            if (stopped) {
                return List.of();
            }
            TrackedName added = new TrackedName(key, RefreshSettings.of(spec, settings),
                    TrackedName.recordType(service));
            name = names.putIfAbsent(key, added);
            if (name == null) {
                resolveLater(List.of(added));
                return List.of();
            }
        }
        if (name.recordType() != TrackedName.recordType(service)) {
            return List.of(); // the service changed family in a reload still in flight; the next sync asks again
        }
        return name.state().addresses().stream().map(a -> new Endpoint(a, spec.port())).toList();
    }

    /**
     * @param service a service name
     * @param host a hostname in any case, with or without the root dot
     * @return the name, if followed
     */
    Optional<TrackedName> find(String service, String host) {
        return Optional.ofNullable(names.get(NameKey.of(service, host)));
    }

    /** @return per service, per host, the state as JSON-ready maps, sorted by name */
    Map<String, Map<String, Map<String, Object>>> snapshot() {
        Map<String, Map<String, Map<String, Object>>> out = new TreeMap<>();
        for (TrackedName n : names.values()) {
            out.computeIfAbsent(n.key().service(), s -> new TreeMap<>()).put(n.key().host(), n.describe());
        }
        return out;
    }

    /** Cancels every pending refresh; resolutions in flight finish without rescheduling. */
    void stop() {
        stopped = true;
        names.values().forEach(TrackedName::cancel);
    }

    /** @return the targets of a service, its source and SNI routes included, that name a host */
    static List<TargetSpec> hostTargets(ServiceSpec service) {
        return service.allTargetSpecs().stream().filter(t -> t.host().isPresent()).toList();
    }

    private void schedule(TrackedName name, Duration delay) {
        if (!stopped && names.get(name.key()) == name) {
            name.reschedule(ticket -> context.scheduler().schedule(
                    () -> submit(name, () -> {
                        if (!stopped && name.isCurrent(ticket)) {
                            resolveNow(name);
                        }
                    }),
                    delay.toMillis(), TimeUnit.MILLISECONDS));
        }
    }

    private void submit(TrackedName name, Runnable task) {
        try {
            context.executor().execute(task);
        } catch (RejectedExecutionException e) {
            if (!stopped) {
                LOG.warn("dns: cannot refresh {}: executor refused the task", name.key(), e);
            }
        }
    }

    private void report(NameKey key, NameState before, NameState after, Resolution outcome, Instant at) {
        switch (outcome) {
            case Resolution.Answer a -> {
                boolean changed = !before.addresses().equals(after.addresses());
                boolean recovered = before.consecutiveFailures() > 0;
                if (changed) {
                    LOG.info("dns: {} now resolves to {} (was {}), TTL {}", key, text(a.addresses()),
                            text(before.addresses()), Durations.format(a.ttl()));
                }
                if (recovered) {
                    LOG.info("dns: {} resolves again after {} failures", key, before.consecutiveFailures());
                }
                if (changed || recovered) {
                    context.events().publish(new DnsResolved(at, key.service(), key.host(), a.addresses(), a.ttl()));
                }
            }
            case Resolution.Failure f -> {
                if (before.consecutiveFailures() == 0) {
                    LOG.warn("dns: {} did not resolve: {}; keeping {} until it does", key, f.detail(),
                            text(after.addresses()));
                } else {
                    LOG.debug("dns: {} failed again ({} in a row): {}", key, after.consecutiveFailures(), f.detail());
                }
                context.events().publish(new DnsFailed(at, key.service(), key.host(), f.reason(),
                        after.consecutiveFailures()));
            }
        }
    }

    private static List<String> text(List<InetAddress> addresses) {
        return addresses.stream().map(IpAddresses::format).toList();
    }
}
