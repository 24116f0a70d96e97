/**
 * An example third-party ebpf-lb plugin, built against lb-api alone: takes the targets it lists out of rotation
 * during a daily maintenance window.
 */
module com.example.maintenance {
    requires org.ebpflb.api;
    requires org.slf4j; // provided by the runtime: log lines go through its logback pipeline

    provides org.ebpflb.api.spi.Plugin with com.example.maintenance.MaintenanceWindowPlugin;
}
