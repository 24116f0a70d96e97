/**
 * The ebpf-lb plugin API: the one entry interface {@link org.ebpflb.api.spi.Plugin}, the records it exchanges
 * with the runtime, the events plugins publish and subscribe to, and the data-plane ports plugins may use. The
 * data-plane provider interface ({@code org.ebpflb.api.dataplane.spi}) is exported to lb-runtime and lb-bpf only.
 * Nothing here has behaviour beyond value checks; every public type is a promise to plugin authors.
 */
@SuppressWarnings("module") // the qualified exports name modules built after this one
module org.ebpflb.api {
    requires transitive typesafe.config;

    exports org.ebpflb.api;
    exports org.ebpflb.api.model;
    exports org.ebpflb.api.event;
    exports org.ebpflb.api.dataplane;
    exports org.ebpflb.api.spi;
    exports org.ebpflb.api.settings;
    exports org.ebpflb.api.dataplane.spi to org.ebpflb.runtime, org.ebpflb.bpf;
}
