package org.ebpflb.plugin.dnsregistration;

/** The DNS server could not be asked, or refused; the message says why in an operator's words. */
public final class DnsProviderException extends Exception {
    /** The {@link #result()} of a failure the provider did not classify. */
    public static final String ERROR = "error";
    private static final long serialVersionUID = 1L;

    /** What kind of failure, for counting: a lower-case DNS code, {@code timeout}, {@code unreachable}. */
    private final String result;

    /** @param message why, e.g. "NOTAUTH: the server did not accept the TSIG signature (BADSIG) ..." */
    public DnsProviderException(String message) {
        this(ERROR, message, null);
    }

    /**
     * @param result what kind of failure: a lower-case DNS code ({@code notauth}, {@code refused}), {@code timeout},
     *     {@code unreachable}
     * @param message why
     * @param cause the underlying failure, or null
     */
    public DnsProviderException(String result, String message, Throwable cause) {
        super(message, cause);
        this.result = result;
    }

    /** @return what kind of failure, for counting; {@value #ERROR} when not classified */
    public String result() {
        return result;
    }
}
