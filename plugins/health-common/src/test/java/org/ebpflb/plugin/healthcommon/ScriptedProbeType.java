package org.ebpflb.plugin.healthcommon;

import com.typesafe.config.Config;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.spi.ConfigProblem;

/**
 * A probe type whose verdict per target the test sets, recording each call with the clock's time. It owns one
 * extra key, {@code word}, which must not be "bad", to exercise type-specific validation.
 */
final class ScriptedProbeType implements ProbeType {
    /** What a scripted probe does for one target. */
    @FunctionalInterface
    interface Behaviour {
        ProbeResult run(Endpoint target, HealthCheckSettings settings) throws InterruptedException;
    }

    /** One call. */
    record Call(Endpoint target, Instant at) {
    }

    private final String name;
    private final Clock clock;
    private final Map<Endpoint, Behaviour> behaviours = new ConcurrentHashMap<>();
    private volatile Behaviour fallback;
    final List<Call> calls = new CopyOnWriteArrayList<>();

    ScriptedProbeType(String name, Clock clock, Behaviour fallback) {
        this.name = name;
        this.clock = clock;
        this.fallback = fallback;
    }

    void set(Endpoint target, Behaviour behaviour) {
        behaviours.put(target, behaviour);
    }

    void setAll(Behaviour behaviour) {
        behaviours.clear();
        fallback = behaviour;
    }

    long callsTo(Endpoint target) {
        return calls.stream().filter(c -> c.target().equals(target)).count();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Set<String> keys() {
        return Set.of("word");
    }

    @Override
    public List<ConfigProblem> validate(Config block) {
        if (block.hasPath("word") && block.getString("word").equals("bad")) {
            return List.of(ConfigProblem.at(block.getValue("word").origin(), "health-check.word must not be bad"));
        }
        return List.of();
    }

    @Override
    public Probe bind(Config block) {
        return (target, settings) -> {
            calls.add(new Call(target, clock.instant()));
            return behaviours.getOrDefault(target, fallback).run(target, settings);
        };
    }
}
