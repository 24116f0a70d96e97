/**
 * The sni plugin: TLS services routed by the ClientHello's server name without terminating TLS. It accepts the
 * connections of services with {@code sni-routes} in user space, picks a backend of the matching route's group through
 * the {@code BackendSelector} (the kernel's own tables), optionally writes a PROXY protocol v2 header, and relays.
 */
module org.ebpflb.plugin.sni {
    requires org.ebpflb.api;
    requires org.slf4j;
    // the splice relay's libc binding (jnr-ffi is in the runtime's boot layer, as lb-bpf uses it)
    requires org.jnrproject.ffi;
    requires org.objectweb.asm;

    // jnr-ffi generates the native stubs outside this module: the binding's package must be exported to all
    exports org.ebpflb.plugin.sni.libc;

    provides org.ebpflb.api.spi.Plugin with org.ebpflb.plugin.sni.SniPlugin;
}
