package org.ebpflb.plugin.dns;

/**
 * One resolved name: a hostname within a service. The same name in two services is resolved twice, so each
 * service's status and refresh settings stand alone.
 *
 * @param service the service name
 * @param host the hostname, normalized
 */
record NameKey(String service, String host) {
    /**
     * @param service the service name
     * @param host a hostname as configured or typed into an admin path
     * @return the key
     */
    static NameKey of(String service, String host) {
        return new NameKey(service, HostnameSyntax.normalize(host));
    }

    @Override
    public String toString() {
        return "service '" + service + "', host '" + host + "'";
    }
}
