/**
 * The health probing benchmark, run on demand by {@code plugins/health-tcp/bench.sh}, never by {@code mvn verify}
 * (these sources are compiled only with the {@code bench} profile). Results and method: docs/PERFORMANCE.md, "Health
 * probing at scale".
 *
 * <ul>
 *   <li>{@link org.ebpflb.plugin.healthtcp.bench.HealthProbeBench}: the driver, in the root namespace; builds
 *       the lab's netns sandbox (lb-lab) and starts the two processes below inside it.</li>
 *   <li>{@link org.ebpflb.plugin.healthtcp.bench.BenchListeners}: one process in the backend namespace listening on
 *       every target port (accept, close), with a control socket that closes or reopens one address's ports.</li>
 *   <li>{@link org.ebpflb.plugin.healthtcp.bench.ProbeLoad}: the prober JVM in the load balancer's namespace: the
 *       health-tcp plugin on lb-testkit's context with a measuring event bus; CPU, heap, probe intervals, and the
 *       down/up transitions when one address's listeners close and reopen.</li>
 * </ul>
 *
 * <p>Nothing depends on this package. It depends on the plugin, lb-testkit and the lab's sandbox.
 */
package org.ebpflb.plugin.healthtcp.bench;
