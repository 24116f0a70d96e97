/**
 * The sni plugin: TLS services routed by the ClientHello's server name without terminating TLS. It accepts the
 * connections of services with {@code sni-routes} in user space, picks a backend of the matching route's group through
 * the {@code BackendSelector} (the kernel's own tables), optionally writes a PROXY protocol v2 header, and relays.
 */
module org.ebpflb.plugin.sni {
    requires org.ebpflb.api;
    requires org.slf4j;

    provides org.ebpflb.api.spi.Plugin with org.ebpflb.plugin.sni.SniPlugin;
}
