/**
 * Programs that run inside sandbox namespaces as their own JVMs (started through
 * {@link org.ebpflb.lab.app.JavaCommand} with this process's runtime):
 * {@link org.ebpflb.lab.app.DemoBackend} (HTTP {@code /}, {@code /health}, {@code /stream?seconds=N}, UDP
 * echo; all answer with the backend's name) and {@link org.ebpflb.lab.app.DemoClient} (bounded bursts of
 * new-connection HTTP requests, long-lived streams checked byte by byte, UDP datagrams; prints JSON lines that
 * {@link org.ebpflb.lab.app.ClientOutput} parses). {@link org.ebpflb.lab.app.DemoBackends} starts one
 * backend per backend namespace and waits for each from inside its namespace.
 */
package org.ebpflb.lab.app;
