/**
 * The ebpf-lb runtime: the {@code lb} command line, configuration, the plugin manager (one module layer per plugin
 * directory), the weight pipeline and Maglev tables, the reconciler that owns data-plane writes, and the admin API.
 * Only the distribution depends on this module; plugins see lb-api alone.
 */
module org.ebpflb.runtime {
    requires org.ebpflb.api;
    requires org.ebpflb.bpf;
    requires typesafe.config;
    requires org.slf4j;
    requires info.picocli;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.datatype.jsr310;
    requires com.fasterxml.jackson.datatype.jdk8;
    requires jdk.httpserver;
    requires java.net.http;
    requires jdk.unsupported; // sun.misc.Signal for SIGHUP

    exports org.ebpflb.runtime.cli;

    opens org.ebpflb.runtime.cli to info.picocli;
    opens org.ebpflb.runtime.view to com.fasterxml.jackson.databind;

    uses org.ebpflb.api.spi.Plugin;
    // lb demo: the lab's ToolProvider, on the module path only when the launcher runs the demo
    uses java.util.spi.ToolProvider;
}
