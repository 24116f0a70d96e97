/**
 * {@code lb demo}: a load-balancing lab in network namespaces with real backends, real clients and the installed load
 * balancer, and the pieces the namespace end-to-end tests share with it.
 *
 * <h2>Entry point</h2>
 * The CLI's {@code demo} command calls {@link org.ebpflb.lab.demo.Demo#run(java.io.PrintWriter,
 * java.nio.file.Path)} with standard output and the installation directory, and exits with what it returns: 0 done,
 * 1 not root (it prints {@value org.ebpflb.lab.demo.Demo#NEEDS_ROOT}) or a bad {@code LB_DEMO_REQUESTS}, 2
 * incomplete installation or a failed step; Ctrl-C ends the JVM with 130 after the teardown. It prints a progress
 * line per step ({@code [demo] ...}) and numbers the six parts ({@code [demo] 1/6 ...}). {@code tools/demo} in the
 * source tree builds the distribution when needed and runs it.
 *
 * <h2>What the demo does</h2>
 * <ol>
 * <li>Takes {@code /run/ebpf-lb-demo.lock} (a second demo at the same time is refused: it would sweep this one's
 * namespaces), sweeps namespaces {@code lbdemo-*} left by a killed run; mounts a bpffs of its own at
 * {@code /run/ebpf-lb-demo/bpffs} before entering any namespace (under {@code ip netns exec}, /sys/fs/bpf is not the
 * host's bpffs).</li>
 * <li>Builds the sandbox (block 0: 198.18.0.0/21; see {@link org.ebpflb.lab.sandbox.AddressPlan}) and starts
 * three {@link org.ebpflb.lab.app.DemoBackend} JVMs, one per backend namespace.</li>
 * <li>Writes {@code /run/ebpf-lb-demo/lb.conf}: service {@code web} on VIP:80 (198.18.2.1), weights 50/30/20,
 * {@code dataplane.pin-root} = the demo's bpffs, listen interface = the LB's client-facing veth {@code cli0}, admin API
 * on 127.0.0.1:9300 (inside the LB namespace), and an http (or tcp) health check (interval 1s, unhealthy after 2
 * failures) when {@code plugins/health-http} (or {@code plugins/health-tcp}) exists.</li>
 * <li>Runs {@code <lbHome>/bin/lb run -c lb.conf} inside the LB namespace, waits for {@code GET /api/v1/status} (via
 * curl inside that namespace) and for the VIP to answer from the client namespace.</li>
 * <li>1/6: {@code LB_DEMO_REQUESTS} (default 1000) requests from the client namespace, each on a new TCP connection,
 * printed per backend against the configured weights (weight, expected %, actual %, requests:
 * {@link org.ebpflb.lab.demo.SpreadTable}).</li>
 * <li>2/6: rewrites the config with backend-1's weight 50 &rarr; 10, runs {@code lb reload} (SIGHUP to the JVM if
 * that fails), waits until the explain trace shows the new base weight, measures again.</li>
 * <li>3/6: prints {@code lb explain web}, run inside the LB namespace.</li>
 * <li>4/6 (with a health plugin): kills backend-2, waits until its effective weight is 0, measures (backend-2 marked
 * "(down)", expected 0%), restarts it, waits until it is back and, after slow start, at its full weight, measures.
 * Without a health plugin the part is skipped with a note.</li>
 * <li>5/6: with {@code plugins/drain}, opens 6 long streams, drains backend-3 ({@code lb drain}), measures
 * (backend-3 marked "(drained)", expected 0%), waits with {@code lb drain --wait} until its streams ended, reports how
 * many streams finished byte-exact, undrains; otherwise prints "drain: not available yet (no drain plugin
 * installed)".</li>
 * <li>6/6: adds {@code web6}, the IPv6 twin of {@code web} (VIP 2001:db8:0:2::1 port 80, the same backends by their
 * IPv6 addresses, weights 50/30/20, the same health check), at runtime with {@code lb service add --file}, waits for
 * it to answer over IPv6 and measures it from the client over IPv6 (the sandbox is dual stack).</li>
 * <li>Prints a summary ({@link org.ebpflb.lab.demo.Measurement}): per measurement answered, failed, the largest
 * deviation from the weights and the backends that were out.</li>
 * <li>Always, also on failure and Ctrl-C (a shutdown hook): stops the load balancer and backends (their process
 * groups), deletes the namespaces, unmounts the bpffs, removes /run/ebpf-lb-demo (the configuration, the
 * runtime overlay and the web6 snippet) and the lock file.</li>
 * </ol>
 *
 * <h2>Packages</h2>
 * <ul>
 * <li>{@code org.ebpflb.lab.sandbox}: the namespaces, addresses and exec helpers; used by the demo and by
 * namespace e2e tests in any module (they depend on lb-runtime with test scope).</li>
 * <li>{@code org.ebpflb.lab.app}: the backend and client programs run inside namespaces as separate JVMs
 * with this process's java, module path and class path.</li>
 * <li>this package: the demo's orchestration, used by the CLI; the distribution's end-to-end tests also use
 * {@link org.ebpflb.lab.demo.DemoLoadBalancer} (launch {@code bin/lb run} in the LB namespace) and
 * {@link org.ebpflb.lab.demo.DemoBpffs} (a pin root outside /sys).</li>
 * </ul>
 */
package org.ebpflb.lab.demo;
