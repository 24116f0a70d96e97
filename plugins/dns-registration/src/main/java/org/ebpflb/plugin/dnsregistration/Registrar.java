package org.ebpflb.plugin.dnsregistration;

import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.ebpflb.api.event.DnsRegistrationChanged;
import org.ebpflb.api.event.DnsRegistrationFailed;
import org.ebpflb.api.event.DnsRegistrationRound;
import org.ebpflb.api.event.EventBus;
import org.ebpflb.api.model.Cidr;
import org.ebpflb.api.model.IpAddresses;
import org.ebpflb.api.settings.Durations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's part in the shared name: one round reads the name, probes every peer, removes peers that failed too
 * often, tends the block leases and adds this node back when it is missing, may be registered and is not blocked.
 * Every change is one record at a time and a compare-and-set against the record set read ({@link DnsProvider}), so
 * concurrent nodes never erase each other's records; the last address of the name is never removed, and no round
 * removes this node because of its own probes. A failure of the DNS server ends the round with its reason recorded
 * and counted; nothing here touches the data plane.
 *
 * <p>All operations are serialized on this object; the rolling replace calls them between its waits.
 */
final class Registrar {
    /** Compare-and-set attempts before a change is given up for this round (the name kept changing under it). */
    static final int MAX_ATTEMPTS = 5;
    /** A lease's {@code expires} is moved this many check intervals ahead by each of its owner's rounds. */
    static final int LEASE_SPAN_INTERVALS = 2;
    /** The shortest block an operator may ask for. */
    static final Duration MIN_BLOCK = Duration.ofMinutes(1);
    /** The longest block an operator may ask for. */
    static final Duration MAX_BLOCK = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(Registrar.class);

    private final DnsProvider dns;
    private final Prober prober;
    private final ExecutorService probes;
    private final Clock clock;
    private final RegistrationSettings settings;
    private final InetAddress self;
    private final String owner;
    private final Supplier<Optional<String>> gate;
    private final Consumer<Boolean> probeListener;
    private final EventBus events;

    private final Map<InetAddress, Integer> failures = new HashMap<>();
    private final Map<InetAddress, Prober.ProbeResult> lastProbes = new HashMap<>();
    private Set<InetAddress> records = Set.of();
    private List<BlockLease> leases = List.of();
    private Instant lastRound;
    private String selfState = "no round yet";
    private Optional<String> lastError = Optional.empty();
    private Instant lastErrorAt;
    private int consecutiveErrors;
    private long errorsTotal;
    private long changesTotal;
    private long staleRetries;
    private long rounds;
    private boolean stopped;

    /**
     * @param dns where the name lives
     * @param prober probes one peer
     * @param probes runs the probes of a round in parallel
     * @param clock every time decision
     * @param settings the plugin's settings
     * @param self this node's address
     * @param owner this node's lease owner id
     * @param gate why this node must not be registered now (empty: it may)
     * @param probeListener told whether this node should answer peers' probes
     * @param events where changes and failures are published
     */
    Registrar(DnsProvider dns, Prober prober, ExecutorService probes, Clock clock, RegistrationSettings settings,
              InetAddress self, String owner, Supplier<Optional<String>> gate, Consumer<Boolean> probeListener,
              EventBus events) {
        this.dns = dns;
        this.prober = prober;
        this.probes = probes;
        this.clock = clock;
        this.settings = settings;
        this.self = self;
        this.owner = owner;
        this.gate = gate;
        this.probeListener = probeListener;
        this.events = events;
    }

    /** One round; failures are recorded, never thrown. */
    synchronized void round() {
        if (stopped) {
            return;
        }
        rounds++;
        lastRound = clock.instant();
        Optional<String> blocker = gate.get();
        probeListener.accept(blocker.isEmpty());
        try {
            records = dns.addresses();
            probeAndCount(peers(records));
            for (InetAddress peer : failedPeers()) {
                int count = failures.get(peer);
                change(peer, false, count + " consecutive failed probes: " + lastProbes.get(peer).detail());
            }
            tendLeases();
            settleSelf(blocker);
            consecutiveErrors = 0;
        } catch (DnsProviderException e) {
            failed(e.getMessage());
        }
        publishStanding();
    }

    /**
     * Removes this node from the name (unless it is the last address) and gives up the leases it holds; later rounds
     * do nothing. For a clean shutdown.
     */
    synchronized void deregister() {
        stopped = true;
        probeListener.accept(false);
        try {
            records = dns.addresses();
            change(self, false, "this node shuts down");
            changeLeases(l -> l.owner().equals(owner) ? Optional.empty() : Optional.of(l));
        } catch (DnsProviderException e) {
            failed("deregistering at shutdown: " + e.getMessage());
        }
        publishStanding();
    }

    /**
     * Takes a block lease on a node, or extends this node's own lease on it.
     *
     * @param address the node to keep out
     * @param duration how long, 1 min .. 1 h
     * @return the lease written
     * @throws IllegalArgumentException when the duration is out of range or another node already blocks the address
     * @throws DnsProviderException when the server cannot be asked or refuses
     */
    synchronized BlockLease block(InetAddress address, Duration duration) throws DnsProviderException {
        if (duration.compareTo(MIN_BLOCK) < 0 || duration.compareTo(MAX_BLOCK) > 0) {
            throw new IllegalArgumentException("a block lasts from 1m to 1h, got " + Durations.format(duration));
        }
        Instant now = clock.instant();
        BlockLease lease = new BlockLease(address, owner, now, now.plus(duration)).refreshed(now, leaseSpan());
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Set<String> texts = dns.leases();
            List<String> mine = new ArrayList<>();
            for (String text : texts) {
                Optional<BlockLease> l = BlockLease.parse(text);
                if (l.isPresent() && l.get().address().equals(address) && l.get().holdsAt(now)) {
                    if (!l.get().owner().equals(owner)) {
                        throw new IllegalArgumentException(IpAddresses.format(address) + " is already blocked by "
                                + l.get().owner() + " until " + l.get().until());
                    }
                    mine.add(text);
                }
            }
            if (dns.changeLeases(texts, Set.copyOf(mine), Set.of(lease.text()))) {
                LOG.info("dns-registration: blocked {} until {}", IpAddresses.format(address), lease.until());
                leases = readLeases();
                return lease;
            }
            staleRetries++;
        }
        throw new DnsProviderException("the leases of " + dns.describe() + " kept changing; try again");
    }

    /**
     * Removes every lease on a node, whoever holds it.
     *
     * @param address the node
     * @return how many leases were removed
     * @throws DnsProviderException when the server cannot be asked or refuses
     */
    synchronized int unblock(InetAddress address) throws DnsProviderException {
        int removed = changeLeases(l -> l.address().equals(address) ? Optional.empty() : Optional.of(l));
        if (removed > 0) {
            LOG.info("dns-registration: unblocked {}", IpAddresses.format(address));
        }
        return removed;
    }

    /**
     * Removes one address now, for a rolling replace; the last address stays.
     *
     * @param address the address
     * @param reason why
     * @return whether it was removed
     * @throws DnsProviderException when the server cannot be asked or refuses
     */
    synchronized boolean remove(InetAddress address, String reason) throws DnsProviderException {
        records = dns.addresses();
        return change(address, false, reason);
    }

    /**
     * @return the addresses in the name now, read from the server
     * @throws DnsProviderException when the server cannot be asked
     */
    synchronized Set<InetAddress> addresses() throws DnsProviderException {
        records = dns.addresses();
        return records;
    }

    /**
     * @return the leases that hold now, read from the server
     * @throws DnsProviderException when the server cannot be asked
     */
    synchronized List<BlockLease> activeLeases() throws DnsProviderException {
        leases = readLeases();
        return leases;
    }

    /**
     * @param address a peer, or this node
     * @return the probe's outcome
     */
    Prober.ProbeResult probe(InetAddress address) {
        return prober.probe(address);
    }

    /**
     * @param address any address
     * @param region a prefix, or empty for this node's region ({@code region-cidrs}; everything when empty)
     * @return whether the address is in it
     */
    boolean inRegion(InetAddress address, Optional<Cidr> region) {
        if (region.isPresent()) {
            return region.get().contains(address);
        }
        return settings.regionCidrs().isEmpty() || settings.regionCidrs().stream().anyMatch(c -> c.contains(address));
    }

    /** @return this node's address */
    InetAddress self() {
        return self;
    }

    /** @return the state for {@code GET /api/v1/dns-registration} and the status section */
    synchronized Map<String, Object> snapshot() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("fqdn", settings.fqdn().toString(true));
        out.put("server", IpAddresses.withPort(settings.server().getAddress(), settings.server().getPort()));
        out.put("address", IpAddresses.format(self));
        out.put("owner", owner);
        out.put("self", selfState);
        out.put("records", records.stream().map(IpAddresses::format).sorted().toList());
        Map<String, Object> peers = new LinkedHashMap<>();
        lastProbes.entrySet().stream().sorted(Map.Entry.comparingByKey(Comparator.comparing(IpAddresses::format)))
                .forEach(e -> peers.put(IpAddresses.format(e.getKey()), Map.of(
                        "probe", (e.getValue().ok() ? "ok: " : "failed: ") + e.getValue().detail(),
                        "consecutiveFailures", failures.getOrDefault(e.getKey(), 0))));
        out.put("peers", peers);
        out.put("blocks", leases.stream().map(l -> Map.of("address", IpAddresses.format(l.address()),
                "owner", l.owner(), "expires", l.expires().toString(), "until", l.until().toString())).toList());
        out.put("checkInterval", Durations.format(settings.checkInterval()));
        out.put("rounds", rounds);
        out.put("lastRound", lastRound == null ? null : lastRound.toString());
        out.put("changes", changesTotal);
        out.put("staleRetries", staleRetries);
        out.put("errors", errorsTotal);
        out.put("consecutiveErrors", consecutiveErrors);
        out.put("lastError", lastError.map(e -> lastErrorAt + " " + e).orElse(null));
        return out;
    }

    private Set<InetAddress> peers(Set<InetAddress> all) {
        Set<InetAddress> peers = new LinkedHashSet<>(all);
        peers.remove(self);
        return peers;
    }

    /** Probes every peer at once; a probe that overruns its timeout counts as failed. */
    private void probeAndCount(Set<InetAddress> peers) {
        failures.keySet().retainAll(peers); // a peer that left the name starts again from zero
        lastProbes.keySet().retainAll(peers);
        Map<InetAddress, Future<Prober.ProbeResult>> running = new LinkedHashMap<>();
        for (InetAddress peer : peers) {
            running.put(peer, probes.submit(() -> prober.probe(peer)));
        }
        long limit = settings.probeTimeout().toMillis() * 2;
        for (Map.Entry<InetAddress, Future<Prober.ProbeResult>> e : running.entrySet()) {
            Prober.ProbeResult r;
            try {
                r = e.getValue().get(limit, TimeUnit.MILLISECONDS);
            } catch (TimeoutException | ExecutionException ex) {
                e.getValue().cancel(true);
                r = new Prober.ProbeResult(false, "probe did not finish: " + ex);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                return;
            }
            lastProbes.put(e.getKey(), r);
            if (r.ok()) {
                failures.remove(e.getKey());
            } else {
                failures.merge(e.getKey(), 1, Integer::sum);
            }
        }
    }

    /** Peers in the region after minimum-failures; any peer after more than maximum-failures. */
    private List<InetAddress> failedPeers() {
        int min = settings.minimumFailures();
        int max = settings.maximumFailures();
        return failures.entrySet().stream()
                .filter(e -> e.getValue() >= min && inRegion(e.getKey(), Optional.empty())
                        || max > min && e.getValue() > max)
                .map(Map.Entry::getKey).sorted(Comparator.comparing(IpAddresses::format)).toList();
    }

    private void settleSelf(Optional<String> blocker) throws DnsProviderException {
        if (blocker.isPresent()) {
            selfState = "not registered: " + blocker.get();
            change(self, false, blocker.get());
            return;
        }
        Optional<BlockLease> block = leases.stream().filter(l -> l.address().equals(self)).findFirst();
        if (block.isPresent()) {
            selfState = "blocked by " + block.get().owner() + " until " + block.get().until()
                    + (records.contains(self) ? " (still in the name: a block only keeps it from coming back)" : "");
            return;
        }
        change(self, true, "this node is healthy and not blocked");
        selfState = records.contains(self) ? "registered" : "not registered: its address could not be added";
    }

    /** Drops expired leases (whoever holds them) and moves this node's own leases forward. */
    private void tendLeases() throws DnsProviderException {
        Instant now = clock.instant();
        changeLeases(l -> !l.holdsAt(now) ? Optional.empty()
                : l.owner().equals(owner) ? Optional.of(l.refreshed(now, leaseSpan())) : Optional.of(l));
    }

    /**
     * Applies an edit to every parsed lease as one compare-and-set (texts that are not leases are left alone).
     *
     * @param edit maps a lease to its replacement, or to empty to remove it
     * @return how many leases were removed
     */
    private int changeLeases(java.util.function.Function<BlockLease, Optional<BlockLease>> edit)
            throws DnsProviderException {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Set<String> texts = dns.leases();
            Set<String> remove = new LinkedHashSet<>();
            Set<String> add = new LinkedHashSet<>();
            int removed = 0;
            for (String text : texts) {
                Optional<BlockLease> lease = BlockLease.parse(text);
                if (lease.isEmpty()) {
                    continue;
                }
                Optional<BlockLease> next = edit.apply(lease.get());
                if (next.isEmpty()) {
                    remove.add(text);
                    removed++;
                } else if (!next.get().text().equals(text)) {
                    remove.add(text);
                    add.add(next.get().text());
                }
            }
            if ((remove.isEmpty() && add.isEmpty()) || dns.changeLeases(texts, remove, add)) {
                leases = readLeases();
                return removed;
            }
            staleRetries++;
        }
        throw new DnsProviderException("the leases of " + dns.describe() + " kept changing; gave up for this round");
    }

    private List<BlockLease> readLeases() throws DnsProviderException {
        Instant now = clock.instant();
        return dns.leases().stream().map(BlockLease::parse).flatMap(Optional::stream).filter(l -> l.holdsAt(now))
                .toList();
    }

    /**
     * Adds or removes one address as a compare-and-set against the record set last read, re-reading and retrying
     * when another node changed it in between. A removal that would leave the name empty is not made.
     *
     * @return whether the name changed
     */
    private boolean change(InetAddress address, boolean add, String reason) throws DnsProviderException {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            if (attempt > 1) {
                records = dns.addresses();
            }
            if (add == records.contains(address)) {
                return false;
            }
            if (!add && records.size() <= 1) {
                // every round says it again while the cause lasts: not worth more than debug
                LOG.debug("dns-registration: {} stays in {}: it is the last address ({})", IpAddresses.format(address),
                        settings.fqdn(), reason);
                return false;
            }
            Set<InetAddress> none = Set.of();
            if (dns.changeAddresses(records, add ? none : Set.of(address), add ? Set.of(address) : none)) {
                Set<InetAddress> next = new LinkedHashSet<>(records);
                if (add) {
                    next.add(address);
                } else {
                    next.remove(address);
                }
                records = next;
                changesTotal++;
                LOG.info("dns-registration: {} {} {}: {}", add ? "added" : "removed", IpAddresses.format(address),
                        add ? "to" : "from", settings.fqdn(), reason);
                events.publish(new DnsRegistrationChanged(clock.instant(), settings.fqdn().toString(true),
                        IpAddresses.format(address), add ? DnsRegistrationChanged.Change.ADDED
                        : DnsRegistrationChanged.Change.REMOVED, reason));
                return true;
            }
            staleRetries++;
        }
        throw new DnsProviderException(settings.fqdn() + " kept changing during " + MAX_ATTEMPTS
                + " attempts to " + (add ? "add " : "remove ") + IpAddresses.format(address) + "; trying next round");
    }

    /** Where this node and its peers stand, as far as the last read and write know, for the metrics. */
    private void publishStanding() {
        Map<String, Integer> peerFailures = new LinkedHashMap<>();
        peers(records).forEach(p -> peerFailures.put(IpAddresses.format(p), failures.getOrDefault(p, 0)));
        events.publish(new DnsRegistrationRound(clock.instant(), settings.fqdn().toString(true),
                records.contains(self), peerFailures));
    }

    private void failed(String reason) {
        consecutiveErrors++;
        errorsTotal++;
        lastErrorAt = clock.instant();
        lastError = Optional.of(reason);
        LOG.warn("dns-registration: {} (failure {} in a row; the data plane is not affected)", reason,
                consecutiveErrors);
        events.publish(new DnsRegistrationFailed(lastErrorAt, settings.fqdn().toString(true), reason,
                consecutiveErrors));
    }

    private Duration leaseSpan() {
        return settings.checkInterval().multipliedBy(LEASE_SPAN_INTERVALS);
    }
}
