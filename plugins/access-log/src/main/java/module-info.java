/**
 * The access-log plugin: one JSON line per connection (from the runtime's connection events) to a size-rotated file
 * or to standard output, through a bounded queue so a slow disk never holds up the event reader.
 */
module org.ebpflb.plugin.accesslog {
    requires org.ebpflb.api;
    requires org.slf4j;
    requires com.fasterxml.jackson.databind;

    provides org.ebpflb.api.spi.Plugin with org.ebpflb.plugin.accesslog.AccessLogPlugin;
}
