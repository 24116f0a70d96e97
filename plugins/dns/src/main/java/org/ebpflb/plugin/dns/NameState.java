package org.ebpflb.plugin.dns;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * What is known about one name; replaced as a whole after each resolution.
 *
 * @param addresses the last-known-good addresses, sorted; empty until the first success
 * @param lastResolution when the last query finished, successful or not
 * @param lastSuccess when the last successful query finished
 * @param ttl the TTL of the last successful answer
 * @param server the server that gave the last successful answer, as ip:port
 * @param nextRefresh when the next query is due
 * @param consecutiveFailures failures since the last success
 * @param lastError the last failure's detail; cleared by a success
 */
record NameState(List<InetAddress> addresses, Optional<Instant> lastResolution, Optional<Instant> lastSuccess,
                 Optional<Duration> ttl, Optional<String> server, Optional<Instant> nextRefresh,
                 int consecutiveFailures, Optional<String> lastError) {
    /** Copies the list. */
    NameState {
        addresses = List.copyOf(addresses);
    }

    /** @return the state of a name never asked */
    static NameState unresolved() {
        return new NameState(List.of(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.empty(), 0, Optional.empty());
    }

    /**
     * @param at when the answer came
     * @param answer the answer
     * @param next when to ask again
     * @return the state after a success
     */
    NameState succeeded(Instant at, Resolution.Answer answer, Instant next) {
        return new NameState(answer.addresses(), Optional.of(at), Optional.of(at), Optional.of(answer.ttl()),
                Optional.of(ServerAddress.format(answer.server())), Optional.of(next), 0, Optional.empty());
    }

    /**
     * @param at when the query gave up
     * @param failure what went wrong
     * @param next when to ask again
     * @return the state after a failure: the addresses stay
     */
    NameState failed(Instant at, Resolution.Failure failure, Instant next) {
        return new NameState(addresses, Optional.of(at), lastSuccess, ttl, server, Optional.of(next),
                consecutiveFailures + 1, Optional.of(failure.detail()));
    }
}
