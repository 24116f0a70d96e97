package org.ebpflb.plugin.dnsregistration;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.stream.Collectors;
import org.ebpflb.api.model.AddressFamily;
import org.ebpflb.api.model.IpAddresses;
import org.ebpflb.api.settings.Durations;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TSIGRecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * The RFC 2136 provider: reads the name with plain queries to the zone's primary server and changes it with UPDATE
 * messages signed with TSIG, over TCP. A compare-and-set is an UPDATE whose prerequisite section holds the whole record
 * set as read ("RRset exists, value dependent", or "RRset does not exist" when it was empty): the server applies the
 * update only when the record set is still exactly that one, and answers NXRRSET or YXRRSET otherwise.
 */
public final class Rfc2136Provider implements DnsProvider {
    private static final String TIMEOUT = "timeout";
    private static final String UNREACHABLE = "unreachable";

    private final InetSocketAddress server;
    private final Name zone;
    private final Name name;
    private final Name leaseName;
    /** A or AAAA: this node's address family, which its peers share. */
    private final int recordType;
    private final TSIG tsig;
    private final String keyName;
    private final long ttlSeconds;
    private final Duration timeout;

    /**
     * @param server the zone's primary server
     * @param zone the zone, e.g. {@code lb.example.}
     * @param fqdn the shared name inside the zone
     * @param family the family of the nodes' addresses: IPv4 keeps the name's A records, IPv6 its AAAA records
     * @param tsig the key updates are signed with
     * @param keyName the key's name, for messages
     * @param ttl the TTL of the records this provider adds
     * @param timeout how long one request may take
     */
    public Rfc2136Provider(InetSocketAddress server, Name zone, Name fqdn, AddressFamily family, TSIG tsig,
                           String keyName, Duration ttl, Duration timeout) {
        this.server = server;
        this.zone = zone;
        this.name = fqdn;
        this.recordType = family == AddressFamily.IPV6 ? Type.AAAA : Type.A;
        this.leaseName = BlockLease.recordName(fqdn);
        this.tsig = tsig;
        this.keyName = keyName;
        this.ttlSeconds = ttl.toSeconds();
        this.timeout = timeout;
    }

    @Override
    public Set<InetAddress> addresses() throws DnsProviderException {
        Set<InetAddress> out = new LinkedHashSet<>();
        for (Record r : query(name, recordType)) {
            out.add(withoutName(r instanceof ARecord a ? a.getAddress() : ((AAAARecord) r).getAddress()));
        }
        return out;
    }

    @Override
    public boolean changeAddresses(Set<InetAddress> expected, Set<InetAddress> remove, Set<InetAddress> add)
            throws DnsProviderException {
        return compareAndSet(name, recordType, expected, remove, add, this::addressRecord,
                "change the addresses of " + name);
    }

    @Override
    public Set<String> leases() throws DnsProviderException {
        return query(leaseName, Type.TXT).stream().map(r -> String.join("", ((TXTRecord) r).getStrings()))
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    @Override
    public boolean changeLeases(Set<String> expected, Set<String> remove, Set<String> add)
            throws DnsProviderException {
        return compareAndSet(leaseName, Type.TXT, expected, remove, add, this::txtRecord,
                "change the block leases " + leaseName);
    }

    @Override
    public String describe() {
        return name + " at " + IpAddresses.withPort(server.getAddress(), server.getPort());
    }

    /**
     * dnsjava attaches the owner name to the address; two addresses compare by their bytes alone anyway. An AAAA
     * record stays IPv6 even when it holds an IPv4-mapped address.
     */
    private static InetAddress withoutName(InetAddress address) throws DnsProviderException {
        byte[] raw = address.getAddress();
        try {
            return raw.length == 4 ? InetAddress.getByAddress(raw) : Inet6Address.getByAddress(null, raw, -1);
        } catch (UnknownHostException e) {
            throw new DnsProviderException(DnsProviderException.ERROR,
                    "the server answered an address of unexpected length", e);
        }
    }

    private Record addressRecord(InetAddress address, long ttl) {
        if (recordType == Type.A && address instanceof Inet4Address) {
            return new ARecord(name, DClass.IN, ttl, address);
        }
        if (recordType == Type.AAAA && address instanceof Inet6Address) {
            return new AAAARecord(name, DClass.IN, ttl, address);
        }
        throw new IllegalArgumentException(IpAddresses.format(address) + " is not an "
                + (recordType == Type.A ? "IPv4" : "IPv6") + " address: " + name + " keeps "
                + Type.string(recordType) + " records");
    }

    private Record txtRecord(String text, long ttl) {
        return new TXTRecord(leaseName, DClass.IN, ttl, text);
    }

    /**
     * One UPDATE: the prerequisite "the record set is exactly {@code expected}" (RFC 2136 2.4.2), or "it does not
     * exist" (2.4.3) when that is empty, then the deletions and additions.
     */
    private <T> boolean compareAndSet(Name owner, int type, Set<T> expected, Set<T> remove, Set<T> add,
                                      BiFunction<T, Long, Record> record, String what) throws DnsProviderException {
        Update update = new Update(zone);
        if (expected.isEmpty()) {
            update.absent(owner, type);
        } else {
            expected.forEach(v -> update.present(record.apply(v, 0L)));
        }
        remove.forEach(v -> update.delete(record.apply(v, 0L)));
        add.forEach(v -> update.add(record.apply(v, ttlSeconds)));
        return apply(update, what);
    }

    private List<Record> query(Name owner, int type) throws DnsProviderException {
        Message response = send(Message.newQuery(Record.newRecord(owner, type, DClass.IN)), false,
                "read " + owner + " " + Type.string(type));
        int rcode = response.getRcode();
        if (rcode != Rcode.NOERROR && rcode != Rcode.NXDOMAIN) {
            throw new DnsProviderException(code(rcode), "reading " + owner + " " + Type.string(type) + " from "
                    + serverText() + " failed: " + Rcode.string(rcode), null);
        }
        return response.getSection(Section.ANSWER).stream()
                .filter(r -> r.getType() == type && r.getName().equals(owner)).toList();
    }

    private boolean apply(Update update, String what) throws DnsProviderException {
        Message response = send(update, true, what);
        int rcode = response.getRcode();
        if (rcode == Rcode.NOERROR) {
            return true;
        }
        if (rcode == Rcode.NXRRSET || rcode == Rcode.YXRRSET) {
            return false; // the prerequisite failed: someone changed the record set since it was read
        }
        throw new DnsProviderException(code(rcode), refusal(what, rcode, response.getTSIG()), null);
    }

    private Message send(Message message, boolean signed, String what) throws DnsProviderException {
        SimpleResolver resolver = new SimpleResolver(server);
        resolver.setTCP(true);
        resolver.setTimeout(timeout);
        if (signed) {
            resolver.setTSIGKey(tsig);
        }
        try {
            return resolver.send(message);
        } catch (SocketTimeoutException e) {
            throw new DnsProviderException(TIMEOUT, "timeout: " + serverText() + " did not answer within "
                    + Durations.format(timeout) + " (" + what + ")", e);
        } catch (IOException e) {
            String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            if (detail.toLowerCase(Locale.ROOT).contains("timed out")) {
                throw new DnsProviderException(TIMEOUT, "timeout: " + serverText() + " did not answer within "
                        + Durations.format(timeout) + " (" + what + ")", e);
            }
            throw new DnsProviderException(UNREACHABLE, "cannot reach " + serverText() + " (" + what + "): " + detail,
                    e);
        }
    }

    /** Says in words what an UPDATE's error means, the TSIG error included (NOTAUTH alone does not say why). */
    private String refusal(String what, int rcode, TSIGRecord answerTsig) {
        String code = Rcode.string(rcode);
        int tsigError = answerTsig == null ? Rcode.NOERROR : answerTsig.getError();
        String prefix = serverText() + " refused to " + what + ": ";
        if (tsigError == Rcode.BADSIG) {
            return prefix + code + "/BADSIG: the TSIG signature did not verify, so the secret of key '" + keyName
                    + "' differs from the server's";
        }
        if (tsigError == Rcode.BADKEY) {
            return prefix + code + "/BADKEY: the server does not know TSIG key '" + keyName
                    + "' (or knows it with another algorithm)";
        }
        if (tsigError == Rcode.BADTIME) {
            return prefix + code + "/BADTIME: the clocks of this host and the server differ by more than "
                    + TSIG.FUDGE.toSeconds() + "s";
        }
        return prefix + switch (rcode) {
            case Rcode.REFUSED -> "REFUSED: the server's policy does not let key '" + keyName + "' update " + name
                    + " (update-policy / allow-update of zone " + zone + ")";
            case Rcode.NOTAUTH -> "NOTAUTH: the server is not authoritative for zone " + zone;
            case Rcode.NOTZONE -> "NOTZONE: " + name + " is not inside zone " + zone;
            case Rcode.SERVFAIL -> "SERVFAIL: the server failed to apply the update";
            default -> code;
        };
    }

    /** The DNS code as a result label: NOTAUTH counts as {@code notauth}, whatever the TSIG error said. */
    private static String code(int rcode) {
        return Rcode.string(rcode).toLowerCase(Locale.ROOT);
    }

    private String serverText() {
        return "DNS server " + IpAddresses.withPort(server.getAddress(), server.getPort());
    }
}
