package org.ebpflb.plugin.dnsregistration;

import java.net.InetAddress;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.ebpflb.api.model.IpAddresses;
import org.xbill.DNS.Name;
import org.xbill.DNS.TextParseException;

/**
 * One block: a TXT record at {@code _blocked.<fqdn>} that keeps a node from adding itself back, written as
 * {@code ip=198.18.0.12 owner=198.18.0.11/5f2a9c expires=2026-12-03T17:02:10Z until=2026-12-03T17:15:00Z}.
 *
 * <p>The owner (the node that took the block) moves {@code expires} forward every round, never past {@code until}, the
 * end the operator asked for. So a block ends at {@code until}, when its owner removes it, or soon after its owner
 * stops refreshing it (a crashed owner leaves no block behind for long).
 *
 * @param address the blocked node
 * @param owner the node holding the lease
 * @param expires until when the block holds unless refreshed
 * @param until the end of the block
 */
record BlockLease(InetAddress address, String owner, Instant expires, Instant until) {
    private static final String LABEL = "_blocked";

    /** Whole seconds, so the text reads well and round-trips. */
    BlockLease {
        expires = expires.truncatedTo(ChronoUnit.SECONDS);
        until = until.truncatedTo(ChronoUnit.SECONDS);
    }

    /**
     * @param fqdn the shared name
     * @return {@code _blocked.<fqdn>}, where the leases live
     */
    static Name recordName(Name fqdn) {
        try {
            return Name.concatenate(Name.fromString(LABEL), fqdn);
        } catch (TextParseException | org.xbill.DNS.NameTooLongException e) {
            throw new IllegalArgumentException("no lease name under " + fqdn, e);
        }
    }

    /**
     * @param now the time
     * @return whether the block holds at {@code now}
     */
    boolean holdsAt(Instant now) {
        return now.isBefore(expires);
    }

    /**
     * @param now the time of the refresh
     * @param span how far a refresh moves {@code expires}
     * @return this lease with {@code expires} moved to {@code now + span}, never past {@code until}
     */
    BlockLease refreshed(Instant now, java.time.Duration span) {
        Instant next = now.plus(span);
        return new BlockLease(address, owner, next.isAfter(until) ? until : next, until);
    }

    /** @return the TXT record's text */
    String text() {
        return "ip=" + IpAddresses.format(address) + " owner=" + owner + " expires=" + expires + " until=" + until;
    }

    /**
     * @param text a TXT record's text
     * @return the lease, empty when the text is not one (such a record is left alone)
     */
    static Optional<BlockLease> parse(String text) {
        Map<String, String> fields = new HashMap<>();
        for (String part : text.trim().split("\\s+")) {
            int eq = part.indexOf('=');
            if (eq > 0) {
                fields.put(part.substring(0, eq), part.substring(eq + 1));
            }
        }
        if (!fields.keySet().containsAll(java.util.List.of("ip", "owner", "expires", "until"))) {
            return Optional.empty();
        }
        try {
            return Optional.of(new BlockLease(IpAddresses.parseLiteral(fields.get("ip")), fields.get("owner"),
                    Instant.parse(fields.get("expires")), Instant.parse(fields.get("until"))));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return Optional.empty();
        }
    }
}
