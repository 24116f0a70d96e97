package org.ebpflb.plugin.dns;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.PortUnreachableException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeoutException;
import org.ebpflb.api.settings.Durations;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * Resolves a name by asking the configured servers directly, in order, with dnsjava; never through
 * {@link InetAddress}, whose JVM-wide cache would hide TTLs and changes. A server that times out, fails (SERVFAIL,
 * REFUSED) or cannot be reached is skipped for the next; NXDOMAIN and an empty answer are definitive.
 * The servers must be recursive resolvers, or authoritative for the names and the targets of their CNAMEs.
 */
final class AddressResolver {
    private static final int MAX_CNAME_HOPS = 8;
    private static final Comparator<InetAddress> BY_BYTES =
            Comparator.<InetAddress>comparingInt(a -> a.getAddress().length)
                    .thenComparing(InetAddress::getAddress, Arrays::compareUnsigned);

    private final List<InetSocketAddress> servers;
    private final List<SimpleResolver> resolvers = new ArrayList<>();
    private final Duration timeout;
    private final int attempts;

    /**
     * @param servers asked in this order
     * @param timeout how long one query waits
     * @param attempts queries per server before a timeout moves on
     */
    AddressResolver(List<InetSocketAddress> servers, Duration timeout, int attempts) {
        this.servers = List.copyOf(servers);
        this.timeout = timeout;
        this.attempts = attempts;
        for (InetSocketAddress server : this.servers) {
            SimpleResolver resolver = new SimpleResolver(server);
            resolver.setTimeout(timeout);
            resolvers.add(resolver);
        }
    }

    /** @return the servers, in the order they are asked */
    List<InetSocketAddress> servers() {
        return servers;
    }

    /**
     * Blocks for at most servers x attempts x timeout.
     *
     * @param name an absolute name
     * @param type the record type: {@link Type#A} or {@link Type#AAAA}
     * @return the addresses, or why there are none
     */
    Resolution resolve(Name name, int type) {
        List<String> tried = new ArrayList<>();
        String reason = "no server";
        for (int i = 0; i < servers.size(); i++) {
            InetSocketAddress server = servers.get(i);
            String where = ServerAddress.format(server);
            Optional<Message> response = Optional.empty();
            for (int attempt = 1; attempt <= attempts && response.isEmpty(); attempt++) {
                try {
                    response = Optional.of(resolvers.get(i).send(Message.newQuery(
                            Record.newRecord(name, type, DClass.IN))));
                } catch (IOException e) {
                    if (!isTimeout(e)) {
                        reason = e instanceof PortUnreachableException ? "port unreachable" : "I/O error";
                        tried.add(reason + " from " + where
                                + (e instanceof PortUnreachableException ? "" : " (" + e.getMessage() + ")"));
                        break;
                    }
                    reason = "timeout";
                    if (attempt == attempts) {
                        tried.add("timeout from " + where + " (" + attempts + " attempt" + (attempts > 1 ? "s" : "")
                                + " of " + Durations.format(timeout) + ")");
                    }
                }
            }
            if (response.isEmpty()) {
                continue;
            }
            int rcode = response.get().getRcode();
            if (rcode == Rcode.NOERROR) {
                return addresses(name, type, response.get().getSection(Section.ANSWER), server)
                        .orElseGet(() -> new Resolution.Failure("empty answer",
                                "empty answer from " + where + " (the name has no " + Type.string(type)
                                        + " record)"));
            }
            if (rcode == Rcode.NXDOMAIN) {
                return new Resolution.Failure("NXDOMAIN", "NXDOMAIN from " + where + " (no such name)");
            }
            reason = Rcode.string(rcode);
            tried.add(reason + " from " + where);
        }
        return new Resolution.Failure(reason, String.join("; ", tried));
    }

    /** Follows the CNAME chain inside the answer to the records of the requested type. */
    private static Optional<Resolution> addresses(Name name, int type, List<Record> answer,
                                                  InetSocketAddress server) {
        Name current = name;
        long ttl = Long.MAX_VALUE;
        for (int hop = 0; hop <= MAX_CNAME_HOPS; hop++) {
            TreeSet<InetAddress> found = new TreeSet<>(BY_BYTES);
            Optional<CNAMERecord> alias = Optional.empty();
            for (Record r : answer) {
                if (!r.getName().equals(current)) {
                    continue;
                }
                if (r.getType() == type) {
                    address(r).ifPresent(found::add);
                    ttl = Math.min(ttl, r.getTTL());
                } else if (r instanceof CNAMERecord cname) {
                    alias = Optional.of(cname);
                }
            }
            if (!found.isEmpty()) {
                return Optional.of(new Resolution.Answer(List.copyOf(found), Duration.ofSeconds(ttl), server));
            }
            if (alias.isEmpty()) {
                return Optional.empty();
            }
            ttl = Math.min(ttl, alias.get().getTTL());
            current = alias.get().getTarget();
        }
        return Optional.empty();
    }

    /** The record's address without the owner name dnsjava attaches, so it prints and compares as a bare address. */
    private static Optional<InetAddress> address(Record r) {
        InetAddress named = r instanceof ARecord a ? a.getAddress()
                : r instanceof AAAARecord aaaa ? aaaa.getAddress() : null;
        if (named == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.getByAddress(named.getAddress()));
        } catch (UnknownHostException e) {
            throw new IllegalStateException("dnsjava returned an address of " + named.getAddress().length
                    + " bytes", e);
        }
    }

    private static boolean isTimeout(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SocketTimeoutException || t instanceof TimeoutException) {
                return true;
            }
        }
        return false;
    }
}
