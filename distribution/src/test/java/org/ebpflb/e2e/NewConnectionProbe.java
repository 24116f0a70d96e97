package org.ebpflb.e2e;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.ebpflb.lab.DataPlaneLab;
import org.ebpflb.lab.sandbox.NsProcess;

/**
 * New connections, one after the other, from the first client to the VIP while something happens to the load
 * balancer: a bash loop running {@code curl -m 1} (every request a new TCP connection) about every 50 ms inside the
 * client namespace, printing the wall-clock time in milliseconds and the HTTP status of each. Bounded by count and
 * time; stopped by the test.
 */
final class NewConnectionProbe {
    private static final int MAX_REQUESTS = 1200;
    private static final int MAX_SECONDS = 90;

    private final NsProcess process;

    private NewConnectionProbe(NsProcess process) {
        this.process = process;
    }

    static NewConnectionProbe start(DataPlaneLab lab, String label) {
        String url = "http://" + lab.web() + "/";
        String loop = "end=$((SECONDS+" + MAX_SECONDS + ")); i=0; "
                + "while [ $i -lt " + MAX_REQUESTS + " ] && [ $SECONDS -lt $end ]; do "
                + "t=$(date +%s%3N); c=$(curl -s -o /dev/null -m 1 -w '%{http_code}' " + url + "); "
                + "echo \"$t $c\"; i=$((i+1)); sleep 0.05; done";
        return new NewConnectionProbe(lab.sandbox().start(lab.sandbox().client(), label,
                List.of("bash", "-c", loop)));
    }

    void stop() {
        process.stop(Duration.ofSeconds(3));
    }

    /**
     * @param from start of the window of interest (epoch ms), e.g. when the JVM was signalled
     * @param to its end, e.g. when the new JVM answered
     * @return outcomes before, inside and after the window; a request counts where it started
     */
    Windows windows(long from, long to) {
        int[] ok = new int[3];
        int[] failed = new int[3];
        List<String> failures = new ArrayList<>();
        for (String line : process.stdout().lines().toList()) {
            String[] f = line.strip().split(" ");
            if (f.length != 2) {
                continue; // a line cut by the stop
            }
            long t = Long.parseLong(f[0]);
            int window = t < from ? 0 : t < to ? 1 : 2;
            if (f[1].equals("200")) {
                ok[window]++;
            } else {
                failed[window]++;
                failures.add("+" + (t - from) + "ms:" + f[1]);
            }
        }
        return new Windows(ok[0], failed[0], ok[1], failed[1], ok[2], failed[2], failures);
    }

    /**
     * Outcomes of the probe's requests around an event.
     *
     * @param beforeOk answered before the event
     * @param failedBefore failed before
     * @param downOk answered from the signal until the new JVM was ready
     * @param failedDown failed then
     * @param afterOk answered afterwards
     * @param failedAfter failed afterwards
     * @param failures each failure: start time relative to the event and curl's status
     */
    record Windows(int beforeOk, int failedBefore, int downOk, int failedDown, int afterOk, int failedAfter,
                   List<String> failures) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "before %d ok / %d failed, during the restart %d ok / %d failed,"
                    + " after %d ok / %d failed%s", beforeOk, failedBefore, downOk, failedDown, afterOk, failedAfter,
                    failures.isEmpty() ? "" : "; failures " + failures);
        }
    }
}
