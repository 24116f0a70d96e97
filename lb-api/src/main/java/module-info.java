/**
 * The ebpf-lb plugin API: the one entry interface {@link org.ebpflb.api.spi.Plugin}, the records it exchanges
 * with the runtime, the events plugins publish and subscribe to, and the data-plane ports.
 * Nothing here has behaviour beyond value checks; every public type is a promise to plugin authors.
 */
module org.ebpflb.api {
    requires transitive typesafe.config;

    exports org.ebpflb.api;
    exports org.ebpflb.api.model;
    exports org.ebpflb.api.event;
    exports org.ebpflb.api.dataplane;
    exports org.ebpflb.api.spi;
    exports org.ebpflb.api.settings;

    opens org.ebpflb.api;

    uses org.ebpflb.api.spi.Plugin;
}
