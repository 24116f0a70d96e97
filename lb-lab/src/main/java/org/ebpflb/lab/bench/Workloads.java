package org.ebpflb.lab.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.ebpflb.lab.sandbox.CommandFailedException;
import org.ebpflb.lab.sandbox.CommandResult;
import org.ebpflb.lab.sandbox.Netns;

/**
 * The workloads, run from the client's namespace against one topology: wrk with keep-alive, wrk with a new
 * connection per request, and iperf3 transfers each way; the machine's CPU time is sampled around each.
 *
 * @param duration how long each wrk run lasts
 * @param connections wrk's concurrent connections
 * @param transferBytes bytes per iperf3 transfer
 * @param transfers transfers each way (the figure is their median)
 */
record Workloads(Duration duration, int connections, long transferBytes, int transfers) {
    private static final Duration SLACK = Duration.ofSeconds(60);
    private static final String SERVER_BUSY = "the server is busy";
    private static final int BUSY_RETRIES = 25;

    /**
     * @param system what the topology holds
     * @param round the round number
     * @param topology the ready topology
     * @return the figures
     */
    Measurement run(BenchSystem system, int round, BenchTopology topology) {
        CpuTimes before = CpuTimes.now();
        WrkResult keepAlive = wrk(topology, false);
        CpuTimes afterKeepAlive = CpuTimes.now();
        WrkResult newConnections = wrk(topology, true);
        CpuTimes afterNew = CpuTimes.now();
        List<IperfResult> uploads = transfers(topology, false);
        List<IperfResult> downloads = transfers(topology, true);
        CpuTimes afterBulk = CpuTimes.now();
        long bulkBytes = uploads.stream().mapToLong(IperfResult::bytes).sum()
                + downloads.stream().mapToLong(IperfResult::bytes).sum();
        return new Measurement(system, round, keepAlive, newConnections,
                Measurement.median(uploads.stream().mapToDouble(IperfResult::megabytesPerSecond).toArray()),
                Measurement.median(downloads.stream().mapToDouble(IperfResult::megabytesPerSecond).toArray()),
                afterKeepAlive.since(before), afterNew.since(afterKeepAlive), afterBulk.since(afterNew), bulkBytes);
    }

    private WrkResult wrk(BenchTopology topology, boolean newConnectionPerRequest) {
        List<String> argv = new ArrayList<>(List.of("wrk", "-t2", "-c" + connections,
                "-d" + Math.max(1, duration.toSeconds()) + "s", "--latency"));
        if (newConnectionPerRequest) {
            argv.addAll(List.of("-H", "Connection: close"));
        }
        argv.add("http://" + topology.target().getHostAddress() + ":" + BenchTopology.HTTP_PORT + "/");
        CommandResult r = topology.client().exec(argv).within(duration.plus(SLACK)).run();
        if (!r.ok()) {
            throw new CommandFailedException(r);
        }
        return WrkResult.parse(r.stdout());
    }

    private List<IperfResult> transfers(BenchTopology topology, boolean download) {
        List<IperfResult> results = new ArrayList<>();
        for (int i = 0; i < transfers; i++) {
            List<String> argv = new ArrayList<>(List.of("iperf3", "--json", "-c", topology.target().getHostAddress(),
                    "-p", Integer.toString(BenchTopology.BULK_PORT), "-n", Long.toString(transferBytes)));
            if (download) {
                argv.add("-R");
            }
            results.add(transfer(topology, argv));
        }
        return results;
    }

    // iperf3 exits non-zero on failure but still prints its JSON report, which says why. Its server runs one test at
    // a time and counts the readiness probe's connection as one until the close has passed through the middle.
    private static IperfResult transfer(BenchTopology topology, List<String> argv) {
        for (int attempt = 1; ; attempt++) {
            String report = topology.client().exec(argv).within(SLACK).run().stdout();
            try {
                return IperfResult.parse(report);
            } catch (IllegalArgumentException e) {
                if (!e.getMessage().contains(SERVER_BUSY) || attempt == BUSY_RETRIES) {
                    throw e;
                }
                Netns.pause(Duration.ofMillis(200));
            }
        }
    }
}
