package org.ebpflb.plugin.dnsregistration;

import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ebpflb.api.model.Cidr;
import org.ebpflb.api.model.IpAddresses;
import org.ebpflb.api.settings.Durations;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces the nodes of a region one at a time with the operator's {@code replace-command}. For each node: block it
 * (so it does not add itself back), remove it from the name, wait one TTL (resolvers forget it), run the command with
 * its address, lift the block (a replacement that kept the address may now register), and wait until the region has
 * as many addresses as before and every one of them answers its probe. This node, when it is in the region, comes
 * last: its command may end this very process, and then its block lapses with nobody to refresh it.
 *
 * <p>It refuses to start while any node is blocked or when the region has fewer than two addresses, so the name
 * never drops below one address of the region less than it had.
 */
final class RollingReplace {
    /** Waits; tests advance a manual clock instead. */
    @FunctionalInterface
    interface Pause {
        /**
         * @param d how long
         * @throws InterruptedException when interrupted
         */
        void pause(Duration d) throws InterruptedException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(RollingReplace.class);

    private final Registrar registrar;
    private final Optional<ReplaceCommand> command;
    private final Duration ttl;
    private final Duration limit;
    private final Clock clock;
    private final Pause pause;

    private boolean running;
    private final List<String> log = new ArrayList<>();
    private Optional<String> result = Optional.empty();
    private int commandsRun;

    /**
     * @param registrar the name's operations
     * @param command the operator's command, when configured
     * @param ttl the records' TTL
     * @param limit how long a replaced node may take to come back
     * @param clock for the log's times and the limit
     * @param pause how to wait
     */
    RollingReplace(Registrar registrar, Optional<ReplaceCommand> command, Duration ttl, Duration limit, Clock clock,
                   Pause pause) {
        this.registrar = registrar;
        this.command = command;
        this.ttl = ttl;
        this.limit = limit;
        this.clock = clock;
        this.pause = pause;
    }

    /**
     * Checks that a rolling replace may start and claims it.
     *
     * @param region the region, or empty for this node's
     * @return the nodes to replace, in order
     * @throws IllegalStateException with the reason when it may not start
     * @throws DnsProviderException when the name cannot be read
     */
    synchronized List<InetAddress> begin(Optional<Cidr> region) throws DnsProviderException {
        if (running) {
            throw new IllegalStateException("a rolling replace is already running");
        }
        if (command.isEmpty()) {
            throw new IllegalStateException("no replace-command is configured (lb.plugins.dns-registration"
                    + ".replace-command)");
        }
        List<BlockLease> blocked = registrar.activeLeases();
        if (!blocked.isEmpty()) {
            throw new IllegalStateException("refused: " + IpAddresses.format(blocked.get(0).address())
                    + " is blocked until " + blocked.get(0).until() + " (lb dns unblock it first)");
        }
        InetAddress self = registrar.self();
        List<InetAddress> nodes = registrar.addresses().stream().filter(a -> registrar.inRegion(a, region))
                .sorted(Comparator.comparing((InetAddress a) -> a.equals(self)).thenComparing(IpAddresses::format))
                .toList();
        if (nodes.size() < 2) {
            throw new IllegalStateException("refused: the region has " + nodes.size()
                    + " address(es) in the name; a rolling replace needs at least two");
        }
        running = true;
        log.clear();
        result = Optional.empty();
        commandsRun = 0;
        note("replacing " + nodes.size() + " node(s) one at a time: "
                + nodes.stream().map(IpAddresses::format).toList());
        return nodes;
    }

    /**
     * Replaces the nodes {@link #begin} returned; ends the claim.
     *
     * @param nodes the nodes, in order
     * @param region the region, or empty for this node's
     */
    void run(List<InetAddress> nodes, Optional<Cidr> region) {
        try {
            for (InetAddress node : nodes) {
                replace(node, nodes.size(), region);
            }
            finish("done: " + nodes.size() + " node(s) replaced");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            finish("interrupted");
        } catch (DnsProviderException | IOException | IllegalStateException | IllegalArgumentException e) {
            finish("failed: " + e.getMessage());
        } catch (RuntimeException e) {
            LOG.error("dns-registration: rolling replace failed", e);
            finish("failed: " + e);
        }
    }

    /** @return the progress for the status */
    synchronized Map<String, Object> snapshot() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("running", running);
        out.put("result", result.orElse(null));
        out.put("commandsRun", commandsRun);
        out.put("log", List.copyOf(log));
        return out;
    }

    private void replace(InetAddress node, int count, Optional<Cidr> region)
            throws DnsProviderException, IOException, InterruptedException {
        String ip = IpAddresses.format(node);
        registrar.block(node, Registrar.MAX_BLOCK);
        note(ip + ": blocked");
        try {
            if (!registrar.remove(node, "rolling replace")) {
                throw new IllegalStateException(ip + " could not be removed from the name (gone already, or last)");
            }
            note(ip + ": removed; waiting one TTL (" + Durations.format(ttl) + ")");
            pause.pause(ttl);
            note(ip + ": running " + command.orElseThrow() + " " + ip);
            synchronized (this) {
                commandsRun++;
            }
            command.orElseThrow().run(node);
            note(ip + ": command done");
        } finally {
            registrar.unblock(node);
        }
        note(ip + ": unblocked; waiting for " + count + " answering node(s) in the name");
        Instant deadline = clock.instant().plus(limit);
        Duration poll = ttl.dividedBy(4).compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1)
                : ttl.dividedBy(4);
        while (true) {
            List<InetAddress> now = registrar.addresses().stream().filter(a -> registrar.inRegion(a, region)).toList();
            List<String> failing = now.stream().filter(a -> !registrar.probe(a).ok()).map(IpAddresses::format)
                    .toList();
            if (now.size() >= count && failing.isEmpty()) {
                note(ip + ": replaced; the region has " + now.size() + " answering node(s) again");
                return;
            }
            if (clock.instant().isAfter(deadline)) {
                throw new IllegalStateException(ip + " did not come back within " + Durations.format(limit)
                        + ": the region has " + now.size() + " of " + count + " node(s)"
                        + (failing.isEmpty() ? "" : ", failing probes: " + failing));
            }
            pause.pause(poll);
        }
    }

    private synchronized void note(String line) {
        LOG.info("dns-registration: rolling replace: {}", line);
        log.add(clock.instant() + " " + line);
    }

    private synchronized void finish(String outcome) {
        note(outcome);
        result = Optional.of(outcome);
        running = false;
    }
}
