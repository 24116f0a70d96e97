/** Test doubles for plugin authors: a plugin context that records registrations, a manual clock, a sync event bus. */
module org.ebpflb.testkit {
    requires transitive org.ebpflb.api;
    requires transitive org.junit.jupiter.api;

    exports org.ebpflb.testkit;
}
