package org.ebpflb.plugin.dnsregistration;

import java.net.InetAddress;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;

/**
 * An in-memory name with the provider's compare-and-set semantics, for the round logic's tests. A test can make the
 * next change fail as a server would ({@link #failNext}), or let another writer change the name between a read and
 * the write that follows it ({@link #beforeNextChange}).
 */
final class FakeDnsProvider implements DnsProvider {
    final Set<InetAddress> addresses = new LinkedHashSet<>();
    final Set<String> leases = new LinkedHashSet<>();
    int changes;
    /** The fewest addresses the name had after any change. */
    int fewest = Integer.MAX_VALUE;
    int staleChanges;
    private Optional<String> failure = Optional.empty();
    private String failureResult = DnsProviderException.ERROR;
    private Runnable beforeNextChange = () -> { };

    /** @param reason makes every request fail with this reason until {@link #heal()} */
    void failNext(String reason) {
        failNext(DnsProviderException.ERROR, reason);
    }

    /**
     * @param result the failure's kind, as a provider classifies it
     * @param reason makes every request fail with this reason until {@link #heal()}
     */
    void failNext(String result, String reason) {
        failureResult = result;
        failure = Optional.of(reason);
    }

    void heal() {
        failure = Optional.empty();
    }

    /** @param other runs once, just before the next change is compared: another node writing in between */
    void beforeNextChange(Runnable other) {
        beforeNextChange = other;
    }

    @Override
    public synchronized Set<InetAddress> addresses() throws DnsProviderException {
        check();
        return Set.copyOf(addresses);
    }

    @Override
    public synchronized boolean changeAddresses(Set<InetAddress> expected, Set<InetAddress> remove,
                                                Set<InetAddress> add) throws DnsProviderException {
        check();
        runInterloper();
        if (!Set.copyOf(addresses).equals(Set.copyOf(expected))) {
            staleChanges++;
            return false;
        }
        addresses.removeAll(remove);
        addresses.addAll(add);
        changes++;
        fewest = Math.min(fewest, addresses.size());
        return true;
    }

    @Override
    public synchronized Set<String> leases() throws DnsProviderException {
        check();
        return Set.copyOf(leases);
    }

    @Override
    public synchronized boolean changeLeases(Set<String> expected, Set<String> remove, Set<String> add)
            throws DnsProviderException {
        check();
        if (!Set.copyOf(leases).equals(Set.copyOf(expected))) {
            staleChanges++;
            return false;
        }
        leases.removeAll(remove);
        leases.addAll(add);
        return true;
    }

    @Override
    public String describe() {
        return "fake";
    }

    private void runInterloper() {
        Runnable r = beforeNextChange;
        beforeNextChange = () -> { };
        r.run();
    }

    private void check() throws DnsProviderException {
        if (failure.isPresent()) {
            throw new DnsProviderException(failureResult, failure.get(), null);
        }
    }
}
