package org.ebpflb.lab.app;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.ebpflb.api.model.Endpoint;

/**
 * What one {@link DemoClient} run does; every part is bounded in count and by {@link #deadline()}.
 *
 * @param target where to send (a VIP:port, or a backend directly)
 * @param requests HTTP requests, each on a new connection (0: none), at most {@value #MAX_REQUESTS}
 * @param parallel requests in flight at once, 1..64
 * @param streams long-lived streaming connections held open at the same time (0: none), at most 64
 * @param streamSeconds how long each stream lasts
 * @param udpDatagrams UDP datagrams, each from a new socket (0: none), at most {@value #MAX_REQUESTS}
 * @param deadline the whole run's time limit
 * @param rate requests started per second at most, spread evenly (0: as fast as {@code parallel} allows), at most
 *     {@value #MAX_RATE}: steady traffic for watching a change happen
 * @param requestLog whether the report lists every request with its start time and outcome
 */
public record ClientPlan(Endpoint target, int requests, int parallel, int streams, int streamSeconds,
                         int udpDatagrams, Duration deadline, int rate, boolean requestLog) {
    /** Upper bound of requests and datagrams per run. */
    public static final int MAX_REQUESTS = 100_000;
    /** Upper bound of {@link #rate()}. */
    public static final int MAX_RATE = 10_000;

    /** Rejects unbounded or nonsensical plans. */
    public ClientPlan {
        check("requests", requests, 0, MAX_REQUESTS);
        check("parallel", parallel, 1, 64);
        check("streams", streams, 0, 64);
        check("stream seconds", streamSeconds, 1, BackendServer.MAX_STREAM_SECONDS);
        check("udp datagrams", udpDatagrams, 0, MAX_REQUESTS);
        check("rate", rate, 0, MAX_RATE);
        if (deadline.isNegative() || deadline.isZero() || deadline.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("deadline " + deadline + " is outside (0, 1h]");
        }
        if (streams > 0 && deadline.toSeconds() <= streamSeconds) {
            throw new IllegalArgumentException("deadline " + deadline.toSeconds() + "s leaves no room for "
                    + streamSeconds + "s streams");
        }
    }

    /**
     * A plan without pacing or request log.
     *
     * @param target where to send
     * @param requests HTTP requests, each on a new connection
     * @param parallel requests in flight at once
     * @param streams long-lived streaming connections
     * @param streamSeconds how long each stream lasts
     * @param udpDatagrams UDP datagrams
     * @param deadline the whole run's time limit
     */
    public ClientPlan(Endpoint target, int requests, int parallel, int streams, int streamSeconds, int udpDatagrams,
                      Duration deadline) {
        this(target, requests, parallel, streams, streamSeconds, udpDatagrams, deadline, 0, false);
    }

    /**
     * @param target where to send
     * @param requests how many requests
     * @return a request-only plan: 4 in parallel, 60 s deadline
     */
    public static ClientPlan requests(Endpoint target, int requests) {
        return new ClientPlan(target, requests, 4, 0, 1, 0, Duration.ofSeconds(60));
    }

    /**
     * @param n stream count
     * @param seconds stream length
     * @return this plan with streams, its deadline extended to leave room for them
     */
    public ClientPlan withStreams(int n, int seconds) {
        Duration d = deadline.toSeconds() > seconds + 10L ? deadline : Duration.ofSeconds(seconds + 30L);
        return new ClientPlan(target, requests, parallel, n, seconds, udpDatagrams, d, rate, requestLog);
    }

    /**
     * @param n datagram count
     * @return this plan with a UDP burst
     */
    public ClientPlan withUdp(int n) {
        return new ClientPlan(target, requests, parallel, streams, streamSeconds, n, deadline, rate, requestLog);
    }

    /**
     * @param perSecond requests started per second at most
     * @param limit the run's time limit, which must leave room for {@code requests / perSecond} seconds
     * @return this plan paced, with a request log
     */
    public ClientPlan steady(int perSecond, Duration limit) {
        return new ClientPlan(target, requests, parallel, streams, streamSeconds, udpDatagrams, limit, perSecond,
                true);
    }

    /** @return the arguments {@link DemoClient} takes for this plan */
    public List<String> arguments() {
        List<String> args = new ArrayList<>(List.of("--target", target.toString(),
                "--requests", Integer.toString(requests), "--parallel", Integer.toString(parallel),
                "--streams", Integer.toString(streams), "--stream-seconds", Integer.toString(streamSeconds),
                "--udp", Integer.toString(udpDatagrams), "--deadline-seconds", Long.toString(deadline.toSeconds())));
        if (rate > 0) {
            args.addAll(List.of("--rate", Integer.toString(rate)));
        }
        if (requestLog) {
            args.add("--request-log");
        }
        return List.copyOf(args);
    }

    private static void check(String what, int v, int min, int max) {
        if (v < min || v > max) {
            throw new IllegalArgumentException(what + " " + v + " is outside " + min + ".." + max);
        }
    }
}
