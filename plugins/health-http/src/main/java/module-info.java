/** The health-http plugin: a target is healthy when GET path answers an expected status within the timeout. */
module org.ebpflb.plugin.healthhttp {
    requires org.ebpflb.api;
    requires org.ebpflb.plugin.healthcommon;

    provides org.ebpflb.api.spi.Plugin with org.ebpflb.plugin.healthhttp.HttpHealthPlugin;
}
