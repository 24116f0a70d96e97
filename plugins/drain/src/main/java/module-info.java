/**
 * The drain plugin: takes a target out of new connections while its established ones finish, with admin routes,
 * a status section and events; drains are kept beside the pinned data-plane state.
 */
module org.ebpflb.plugin.drain {
    requires org.ebpflb.api;
    requires org.slf4j;

    provides org.ebpflb.api.spi.Plugin with org.ebpflb.plugin.drain.DrainPlugin;
}
