/** The health-tcp plugin: a target is healthy when a TCP connection to it opens within the timeout. */
module org.ebpflb.plugin.healthtcp {
    requires org.ebpflb.api;
    requires org.ebpflb.plugin.healthcommon;

    provides org.ebpflb.api.spi.Plugin with org.ebpflb.plugin.healthtcp.TcpHealthPlugin;
}
