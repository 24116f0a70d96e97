package org.ebpflb.lab.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.ebpflb.api.model.Endpoint;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine;

/**
 * Main class of a demo client process. Runs one {@link ClientPlan}: opens its streams, sends its requests (each on a
 * new connection) while the streams run, then its UDP datagrams, and prints one JSON line per report
 * ({@link ClientOutput} parses them back). Exits 0 when the run completed, whatever the outcomes; 2 on bad arguments.
 */
@Command(name = "demo-client", mixinStandardHelpOptions = true,
        description = "A bounded demo client: new-connection HTTP requests, long-lived streams, UDP datagrams.")
public final class DemoClient implements Callable<Integer> {
    @Option(names = "--target", required = true, description = "ip:port to talk to")
    String target;

    @Option(names = "--requests", defaultValue = "0", description = "HTTP requests, one new connection each")
    int requests;

    @Option(names = "--parallel", defaultValue = "4", description = "requests in flight at once")
    int parallel;

    @Option(names = "--streams", defaultValue = "0", description = "long-lived /stream connections held at once")
    int streams;

    @Option(names = "--stream-seconds", defaultValue = "2", description = "length of each stream")
    int streamSeconds;

    @Option(names = "--udp", defaultValue = "0", description = "UDP datagrams, one new socket each")
    int udp;

    @Option(names = "--deadline-seconds", defaultValue = "60", description = "time limit of the whole run")
    int deadlineSeconds;

    @Option(names = "--rate", defaultValue = "0", description = "requests started per second at most (0: unpaced)")
    int rate;

    @Option(names = "--request-log", description = "list every request with its start time and outcome")
    boolean requestLog;

    /** Creates the command; picocli fills in the options. */
    public DemoClient() {
        // options are fields set by picocli
    }

    /**
     * @param args see {@code --help}
     */
    public static void main(String[] args) {
        System.exit(new CommandLine(new DemoClient()).execute(args));
    }

    /**
     * @param plan what to do
     * @return the command line that runs it in a new JVM
     */
    public static List<String> commandLine(ClientPlan plan) {
        return JavaCommand.forMain(DemoClient.class, plan.arguments());
    }

    @Override
    public Integer call() throws Exception {
        ClientPlan plan;
        try {
            plan = new ClientPlan(Endpoint.parse(target), requests, parallel, streams, streamSeconds, udp,
                    Duration.ofSeconds(deadlineSeconds), rate, requestLog);
        } catch (IllegalArgumentException e) {
            System.err.println("demo-client: " + e.getMessage());
            return 2;
        }
        for (ClientReport r : run(plan)) {
            System.out.println(ClientOutput.toJsonLine(r));
        }
        return 0;
    }

    /**
     * Runs a plan in this JVM.
     *
     * @param plan what to do
     * @return the reports: requests, then streams by index, then UDP (parts the plan skips are absent)
     * @throws Exception when a stream's worker fails unexpectedly
     */
    public static List<ClientReport> run(ClientPlan plan) throws Exception {
        Deadline deadline = Deadline.in(plan.deadline());
        List<ClientReport> reports = new ArrayList<>();
        try (ExecutorService streamWorkers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<StreamReport>> open = new ArrayList<>();
            for (int i = 0; i < plan.streams(); i++) {
                StreamProbe probe = new StreamProbe(plan.target(), i, plan.streamSeconds(), deadline);
                open.add(streamWorkers.submit(probe::run));
            }
            if (plan.requests() > 0) {
                reports.add(new RequestBurst(plan.target(), plan.requests(), plan.parallel(), plan.rate(),
                        plan.requestLog(), deadline).run());
            }
            for (Future<StreamReport> f : open) {
                reports.add(f.get());
            }
        }
        if (plan.udpDatagrams() > 0) {
            reports.add(new UdpBurst(plan.target(), plan.udpDatagrams(), deadline).run());
        }
        return reports;
    }
}
