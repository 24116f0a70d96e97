package org.ebpflb.plugin.dnsregistration;

import java.net.InetAddress;
import java.time.Clock;
import java.util.Set;
import org.ebpflb.api.event.DnsRegistrationUpdated;
import org.ebpflb.api.event.EventBus;

/**
 * Publishes the outcome of every change sent to the DNS server as a {@link DnsRegistrationUpdated} event (the
 * metrics plugin counts them), whichever provider sends it. Reads are passed through uncounted.
 */
final class CountedDnsProvider implements DnsProvider {
    static final String SUCCESS = "success";
    static final String CONFLICT = "conflict";

    private final DnsProvider dns;
    private final String fqdn;
    private final EventBus events;
    private final Clock clock;

    /**
     * @param dns the provider that sends the changes
     * @param fqdn the shared name, for the events
     * @param events where outcomes are published
     * @param clock when they happened
     */
    CountedDnsProvider(DnsProvider dns, String fqdn, EventBus events, Clock clock) {
        this.dns = dns;
        this.fqdn = fqdn;
        this.events = events;
        this.clock = clock;
    }

    @Override
    public Set<InetAddress> addresses() throws DnsProviderException {
        return dns.addresses();
    }

    @Override
    public boolean changeAddresses(Set<InetAddress> expected, Set<InetAddress> remove, Set<InetAddress> add)
            throws DnsProviderException {
        return counted(() -> dns.changeAddresses(expected, remove, add));
    }

    @Override
    public Set<String> leases() throws DnsProviderException {
        return dns.leases();
    }

    @Override
    public boolean changeLeases(Set<String> expected, Set<String> remove, Set<String> add)
            throws DnsProviderException {
        return counted(() -> dns.changeLeases(expected, remove, add));
    }

    @Override
    public String describe() {
        return dns.describe();
    }

    private boolean counted(Change change) throws DnsProviderException {
        try {
            boolean applied = change.send();
            publish(applied ? SUCCESS : CONFLICT);
            return applied;
        } catch (DnsProviderException e) {
            publish(e.result());
            throw e;
        }
    }

    private void publish(String result) {
        events.publish(new DnsRegistrationUpdated(clock.instant(), fqdn, result));
    }

    /** One change sent to the server. */
    @FunctionalInterface
    private interface Change {
        boolean send() throws DnsProviderException;
    }
}
