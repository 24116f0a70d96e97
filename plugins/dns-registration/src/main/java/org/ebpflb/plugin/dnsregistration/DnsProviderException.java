package org.ebpflb.plugin.dnsregistration;

/** The DNS server could not be asked, or refused; the message says why in an operator's words. */
public final class DnsProviderException extends Exception {
    private static final long serialVersionUID = 1L;

    /** @param message why, e.g. "NOTAUTH: the server did not accept the TSIG signature (BADSIG) ..." */
    public DnsProviderException(String message) {
        super(message);
    }

    /**
     * @param message why
     * @param cause the underlying failure
     */
    public DnsProviderException(String message, Throwable cause) {
        super(message, cause);
    }
}
