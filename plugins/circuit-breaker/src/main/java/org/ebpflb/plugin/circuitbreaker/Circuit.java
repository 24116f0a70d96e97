package org.ebpflb.plugin.circuitbreaker;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.ebpflb.api.settings.Durations;
import org.ebpflb.api.spi.FactorKind;
import org.ebpflb.api.spi.WeightFactor;

/**
 * One target's circuit. CLOSED counts attempts and failures over a sliding window and opens when the error rate
 * exceeds the threshold with enough attempts (if the group's ejection cap allows); OPEN waits {@code open-duration},
 * then goes HALF_OPEN, where one failure opens it again and {@code success-threshold} consecutive successes close it.
 * An operator may force it open or closed; a forced circuit stays so until reset. Not thread-safe: the book guards it.
 */
final class Circuit {
    /**
     * A change of the state in force.
     *
     * @param to the new state
     * @param reason why
     */
    record Transition(CircuitState to, String reason) {
    }

    private final SlidingWindow window = new SlidingWindow();
    private CircuitState state = CircuitState.CLOSED;
    private Optional<CircuitState> forced = Optional.empty();
    private Instant openedAt = Instant.EPOCH;
    private long halfOpenSuccesses;
    private Outcomes halfOpenSeen = Outcomes.NONE;
    private Outcomes lastWindow = Outcomes.NONE;
    private String why = "closed";
    private Optional<String> heldClosed = Optional.empty();

    /** @return the state in force: the forced one, else the breaker's */
    CircuitState state() {
        return forced.orElse(state);
    }

    /** @return whether an operator forced the state */
    boolean isForced() {
        return forced.isPresent();
    }

    /**
     * @param now when the outcomes were read
     * @param seen outcomes since the previous check
     * @param s the service's breaker
     */
    void record(Instant now, Outcomes seen, BreakerSettings s) {
        heldClosed = Optional.empty();
        if (state == CircuitState.CLOSED) {
            window.add(now, seen);
            lastWindow = window.sum(now, s.window());
        } else if (state == CircuitState.HALF_OPEN) {
            halfOpenSeen = halfOpenSeen.plus(seen);
        }
    }

    /**
     * @param s the service's breaker
     * @return why this closed, unforced circuit should open, empty when it should not
     */
    Optional<String> tripReason(BreakerSettings s) {
        if (forced.isPresent() || state != CircuitState.CLOSED || lastWindow.attempts() < s.minRequests()
                || lastWindow.errorPercent() <= s.errorThresholdPct()) {
            return Optional.empty();
        }
        return Optional.of(errors(lastWindow, s) + " above " + pct(s.errorThresholdPct()));
    }

    /** @return the error rate over the window at the last check, in percent */
    double errorPercent() {
        return lastWindow.errorPercent();
    }

    /**
     * @param now now
     * @param reason why
     * @return the transition to OPEN
     */
    Transition open(Instant now, String reason) {
        state = CircuitState.OPEN;
        openedAt = now;
        window.clear();
        lastWindow = Outcomes.NONE;
        why = reason;
        return new Transition(CircuitState.OPEN, reason);
    }

    /**
     * Keeps a circuit that should open closed because its group's ejection cap is reached.
     *
     * @param reason why, for explain
     */
    void holdClosed(String reason) {
        heldClosed = Optional.of(reason);
    }

    /**
     * Moves OPEN to HALF_OPEN once {@code open-duration} passed, and judges HALF_OPEN by what it saw.
     *
     * @param now now
     * @param s the service's breaker
     * @return the transition, if any
     */
    Optional<Transition> advance(Instant now, BreakerSettings s) {
        if (state == CircuitState.OPEN && !now.isBefore(openedAt.plus(s.openDuration()))) {
            state = CircuitState.HALF_OPEN;
            halfOpenSuccesses = 0;
            halfOpenSeen = Outcomes.NONE;
            why = "open-duration " + Durations.format(s.openDuration()) + " passed";
            return forced.isPresent() ? Optional.empty() : Optional.of(new Transition(CircuitState.HALF_OPEN, why));
        }
        if (state != CircuitState.HALF_OPEN) {
            return Optional.empty();
        }
        Outcomes seen = halfOpenSeen;
        halfOpenSeen = Outcomes.NONE;
        if (seen.failures() > 0) {
            Transition t = open(now, seen.failures() + " failure(s) while half-open");
            return forced.isPresent() ? Optional.empty() : Optional.of(t);
        }
        halfOpenSuccesses += seen.successes();
        if (halfOpenSuccesses >= s.successThreshold()) {
            state = CircuitState.CLOSED;
            window.clear();
            lastWindow = Outcomes.NONE;
            why = halfOpenSuccesses + " consecutive successes while half-open";
            return forced.isPresent() ? Optional.empty() : Optional.of(new Transition(CircuitState.CLOSED, why));
        }
        return Optional.empty();
    }

    /**
     * An operator's command; every command is reported as a transition, also one that confirms the state.
     *
     * @param command open, close or reset
     * @return the state in force afterwards and why
     */
    Transition command(Command command) {
        switch (command) {
            case OPEN -> forced = Optional.of(CircuitState.OPEN);
            case CLOSE -> forced = Optional.of(CircuitState.CLOSED);
            case RESET -> {
                forced = Optional.empty();
                state = CircuitState.CLOSED;
                window.clear();
                lastWindow = Outcomes.NONE;
                why = "reset by an operator";
            }
        }
        return new Transition(state(), command == Command.RESET ? why
                : "forced " + state().label() + " by an operator");
    }

    /**
     * @param now now
     * @param s the service's breaker
     * @return the factor: 0 open, {@code half-open-factor} half-open, 1 closed; with the reason for explain
     */
    WeightFactor factor(Instant now, BreakerSettings s) {
        if (forced.isPresent()) {
            double v = forced.get() == CircuitState.OPEN ? 0 : 1;
            return new WeightFactor(v, FactorKind.AVAILABILITY, "forced " + forced.get().label());
        }
        return switch (state) {
            case OPEN -> new WeightFactor(0, FactorKind.AVAILABILITY, "open: " + why + "; half-open in "
                    + Durations.format(remaining(now, s)));
            case HALF_OPEN -> new WeightFactor(s.halfOpenFactor(), FactorKind.AVAILABILITY, "half-open: "
                    + halfOpenSuccesses + " of " + s.successThreshold() + " successes");
            case CLOSED -> WeightFactor.neutral(FactorKind.AVAILABILITY, heldClosed.map(h -> "closed: " + h)
                    .orElseGet(() -> "closed: " + errors(lastWindow, s)));
        };
    }

    /**
     * @param now now
     * @param s the service's breaker
     * @return the status section's row
     */
    Map<String, Object> describe(Instant now, BreakerSettings s) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("state", state().label());
        out.put("forced", forced.isPresent());
        out.put("error-rate-pct", Math.round(lastWindow.errorPercent() * 10) / 10.0);
        out.put("attempts", lastWindow.attempts());
        out.put("failures", lastWindow.failures());
        out.put("factor", factor(now, s).value());
        out.put("reason", factor(now, s).reason());
        return out;
    }

    private Duration remaining(Instant now, BreakerSettings s) {
        Duration d = Duration.between(now, openedAt.plus(s.openDuration()));
        return d.isNegative() ? Duration.ZERO : Duration.ofSeconds(d.getSeconds() + (d.getNano() > 0 ? 1 : 0));
    }

    private static String errors(Outcomes w, BreakerSettings s) {
        if (w.attempts() < s.minRequests()) {
            return w.attempts() + " attempts in " + Durations.format(s.window()) + " (fewer than " + s.minRequests()
                    + " are not judged)";
        }
        return pct(w.errorPercent()) + " errors (" + w.failures() + " of " + w.attempts() + ") in "
                + Durations.format(s.window());
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.0f%%", v);
    }
}
