package org.ebpflb.plugin.dnsregistration;

import java.net.InetAddress;
import java.util.Set;

/**
 * Where the shared name lives: its address records and the block leases beside them. Every change is a
 * compare-and-set: it applies only while the record set still equals what the caller read, so two nodes changing the
 * name at once never erase each other's records. RFC 2136 is the one implementation ({@link Rfc2136Provider}); a
 * cloud DNS API can be another (its change batches compare the old record set the same way).
 *
 * <p>Public only so that tests outside this package can drive the real provider; the package is not exported.
 */
public interface DnsProvider {
    /**
     * @return the address records of the name now; empty when it has none
     * @throws DnsProviderException when the server cannot be asked or refuses
     */
    Set<InetAddress> addresses() throws DnsProviderException;

    /**
     * Removes and adds address records in one atomic change, if the record set still equals {@code expected}.
     *
     * @param expected the record set as the caller read it
     * @param remove records to delete
     * @param add records to add
     * @return false when the record set changed since it was read (nothing was changed)
     * @throws DnsProviderException when the server cannot be asked or refuses
     */
    boolean changeAddresses(Set<InetAddress> expected, Set<InetAddress> remove, Set<InetAddress> add)
            throws DnsProviderException;

    /**
     * @return the texts of the block leases now; empty when there are none
     * @throws DnsProviderException when the server cannot be asked or refuses
     */
    Set<String> leases() throws DnsProviderException;

    /**
     * Removes and adds lease texts in one atomic change, if the lease set still equals {@code expected}.
     *
     * @param expected the lease texts as the caller read them
     * @param remove texts to delete
     * @param add texts to add
     * @return false when the lease set changed since it was read (nothing was changed)
     * @throws DnsProviderException when the server cannot be asked or refuses
     */
    boolean changeLeases(Set<String> expected, Set<String> remove, Set<String> add) throws DnsProviderException;

    /** @return the server and name, for messages */
    String describe();
}
