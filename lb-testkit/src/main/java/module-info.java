/**
 * Test doubles for plugin authors: a plugin context that records registrations, a manual clock, a recording event
 * bus, HOCON service models, and one bounded wait. Independent of any test framework.
 */
module org.ebpflb.testkit {
    requires transitive org.ebpflb.api;

    exports org.ebpflb.testkit;
}
