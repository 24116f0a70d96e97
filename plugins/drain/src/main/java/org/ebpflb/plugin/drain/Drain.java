package org.ebpflb.plugin.drain;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.settings.Durations;

/**
 * One drain: a target taken out of new connections while its established ones finish.
 *
 * @param service the service name
 * @param target the drained backend
 * @param started when the drain began
 * @param timeout how long established connections may take
 * @param onTimeout what happens to connections left at the timeout
 * @param state where it stands
 * @param active the target's active connections at the last check
 * @param ended when it completed or timed out
 * @param reset flows forgotten at the timeout ({@code on-timeout = reset})
 */
record Drain(String service, Endpoint target, Instant started, Duration timeout, OnTimeout onTimeout,
             DrainState state, long active, Optional<Instant> ended, long reset) {
    /**
     * @param service the service
     * @param target the backend
     * @param started when
     * @param timeout how long connections may take
     * @param onTimeout what happens at the timeout
     * @return a drain that has not been checked yet
     */
    static Drain begin(String service, Endpoint target, Instant started, Duration timeout, OnTimeout onTimeout) {
        return new Drain(service, target, started, timeout, onTimeout, DrainState.DRAINING, -1, Optional.empty(), 0);
    }

    /** @return when the timeout passes */
    Instant deadline() {
        return started.plus(timeout);
    }

    /**
     * @param now the check's time
     * @param activeNow the target's active connections
     * @return the drain after one check: completed at 0 connections, timed out past the deadline, else still
     *     draining with the new count; a finished drain only records the count
     */
    Drain check(Instant now, long activeNow) {
        if (state != DrainState.DRAINING) {
            return new Drain(service, target, started, timeout, onTimeout, state, activeNow, ended, reset);
        }
        if (activeNow == 0) {
            return new Drain(service, target, started, timeout, onTimeout, DrainState.COMPLETED, 0,
                    Optional.of(now), 0);
        }
        if (!now.isBefore(deadline())) {
            return new Drain(service, target, started, timeout, onTimeout, DrainState.TIMEOUT, activeNow,
                    Optional.of(now), 0);
        }
        return new Drain(service, target, started, timeout, onTimeout, state, activeNow, ended, reset);
    }

    /**
     * @param flows flows the data plane forgot at the timeout
     * @return this drain with the count
     */
    Drain withReset(long flows) {
        return new Drain(service, target, started, timeout, onTimeout, state, active, ended, flows);
    }

    /**
     * @param now the current time
     * @return time from the start to the end, or to now while draining
     */
    Duration elapsed(Instant now) {
        return Duration.between(started, ended.orElse(now));
    }

    /**
     * @param now the current time
     * @return why the target is out, for {@code lb explain}
     */
    String reason(Instant now) {
        String secs = Durations.format(elapsed(now));
        return switch (state) {
            case DRAINING -> "draining: " + (active < 0 ? "not checked yet" : active + " active") + ", " + secs
                    + " of " + Durations.format(timeout);
            case COMPLETED -> "drained: completed after " + secs;
            case TIMEOUT -> "drained: timed out after " + secs + " with " + active + " active"
                    + (onTimeout == OnTimeout.RESET ? ", " + reset + " flows reset" : ", kept");
        };
    }

    /**
     * @param now the current time
     * @return the admin API's and the status section's view
     */
    Map<String, Object> describe(Instant now) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("service", service);
        out.put("target", target.toString());
        out.put("state", state.label());
        out.put("active", active < 0 ? null : active);
        out.put("started", started.toString());
        out.put("elapsed", Durations.format(elapsed(now)));
        out.put("timeout", Durations.format(timeout));
        out.put("on-timeout", onTimeout.configValue());
        if (state == DrainState.TIMEOUT && onTimeout == OnTimeout.RESET) {
            out.put("reset-flows", reset);
        }
        out.put("reason", reason(now));
        return out;
    }
}
