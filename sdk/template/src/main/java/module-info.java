/** My ebpf-lb plugin: one LOAD weight modifier scaling every target by its {@code factor} setting. */
module com.example.myplugin {
    requires org.ebpflb.api;
    requires org.slf4j; // the runtime's: log lines go through its logback pipeline

    provides org.ebpflb.api.spi.Plugin with com.example.myplugin.MyPlugin;
}
