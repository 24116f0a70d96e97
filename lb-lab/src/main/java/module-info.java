/**
 * The lab: network-namespace sandboxes, the backend and client programs run inside them, {@code lb demo}, and
 * {@link org.ebpflb.lab.DataPlaneLab}, the sandbox with the real distribution's load balancer that the namespace
 * end-to-end tests share. Test and demo infrastructure: the distribution ships it in {@code lab/}, apart from the
 * runtime's {@code lib/}, and nothing shipped in {@code lib/} depends on it.
 */
module org.ebpflb.lab {
    requires org.ebpflb.api;
    requires typesafe.config;
    requires info.picocli;
    requires com.fasterxml.jackson.databind;
    requires jdk.httpserver;
    requires java.net.http;

    exports org.ebpflb.lab;
    exports org.ebpflb.lab.demo;
    exports org.ebpflb.lab.sandbox;
    exports org.ebpflb.lab.app;
    exports org.ebpflb.lab.bench;

    // the backend and client programs parse their options with picocli and print JSON lines with Jackson
    opens org.ebpflb.lab.app to info.picocli, com.fasterxml.jackson.databind;
    opens org.ebpflb.lab.bench to info.picocli;

    provides java.util.spi.ToolProvider with org.ebpflb.lab.demo.DemoTool;
}
