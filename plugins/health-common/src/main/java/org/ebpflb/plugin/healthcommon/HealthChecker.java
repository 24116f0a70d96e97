package org.ebpflb.plugin.healthcommon;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import org.ebpflb.api.event.LbEvent;
import org.ebpflb.api.event.TargetHealthChanged;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.ServiceModel;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.model.Target;
import org.ebpflb.api.model.TargetSpec;
import org.ebpflb.api.spi.ConfigProblem;
import org.ebpflb.api.spi.FactorKind;
import org.ebpflb.api.spi.PluginContext;
import org.ebpflb.api.spi.StatusProvider;
import org.ebpflb.api.spi.WeightFactor;
import org.ebpflb.api.spi.WeightModifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the targets of one health plugin: follows the service model, starts due probes on the context's
 * virtual-thread executor, applies their results to each target's state machine, publishes events, and answers the
 * weight pipeline and {@code lb status}.
 *
 * <p>All scheduling happens in {@link #tick(Instant)}: a single periodic task (every {@code tick}) re-reads the
 * model, fails probes that overran their timeout, and starts the probes that are due. No thread waits per target;
 * a virtual thread exists only while a probe is in flight, and a target whose probe still runs is skipped. Tests
 * call {@code tick} directly with a manual clock.
 */
public final class HealthChecker {
    /** The title of the {@code lb status} section every health plugin adds to. */
    public static final String SECTION = "health";

    private static final Logger LOG = LoggerFactory.getLogger(HealthChecker.class);
    private static final String PANIC = "panic: all targets unhealthy, traffic spread over all";

    private final PluginContext context;
    private final String pluginId;
    private final CheckParser parser;
    private final Set<String> typeNames;
    private final Duration tick;
    private final RandomGenerator random;
    private final Map<Key, TargetState> states = new ConcurrentHashMap<>();

    private volatile Map<Key, String> unchecked = Map.of();
    private volatile Map<String, Map<String, List<Endpoint>>> groups = Map.of();
    private volatile ServiceModel syncedModel;
    private List<Target> syncedTargets;
    private ScheduledFuture<?> ticking;
    private boolean stopped;

    /** A checked backend: one check per service and address, however many groups list it. */
    private record Key(String service, Endpoint endpoint) {
    }

    /** How a target is checked, or why it is not. */
    private record Resolution(HealthCheckSettings settings, Probe probe, String uncheckedReason) {
    }

    /**
     * @param context the plugin's context (model, clock, executor, events)
     * @param pluginId the plugin id, shown in traces and status
     * @param types the probe types the plugin handles
     * @param defaults the plugin's {@code defaults} block
     * @param tick how often {@link #start()} ticks; also the grace a probe gets past its timeout before the
     *     scheduler fails it
     * @param random the jitter source; seed it in tests
     */
    public HealthChecker(PluginContext context, String pluginId, Collection<ProbeType> types, Config defaults,
                         Duration tick, RandomGenerator random) {
        this.context = context;
        this.pluginId = pluginId;
        this.parser = new CheckParser(types.stream().collect(Collectors.toMap(ProbeType::name, t -> t)), defaults);
        this.typeNames = types.stream().map(ProbeType::name).collect(Collectors.toUnmodifiableSet());
        this.tick = tick;
        this.random = random;
    }

    /** Ticks now, then every {@code tick} on the context's scheduler. */
    public void start() {
        tick(context.clock().instant());
        long period = tick.toNanos();
        synchronized (this) {
            if (!stopped) {
                ticking = context.scheduler().scheduleAtFixedRate(this::tickSafely, period, period,
                        TimeUnit.NANOSECONDS);
            }
        }
    }

    /** Stops ticking and cancels the probes in flight; their results are dropped. */
    public synchronized void stop() {
        stopped = true;
        if (ticking != null) {
            ticking.cancel(false);
        }
        states.values().forEach(TargetState::remove);
        states.clear();
    }

    /**
     * One scheduling round: follow the model, fail overdue probes, start due ones, and ask for a reconcile when a
     * slow start moved a step.
     *
     * @param now the current time from the context's clock
     */
    public void tick(Instant now) {
        List<LbEvent> events = new ArrayList<>();
        boolean moved = false;
        synchronized (this) {
            if (stopped) {
                return;
            }
            sync(now);
            for (TargetState state : states.values()) {
                events.addAll(state.expire(now, tick));
                TargetState.Attempt attempt = state.dispatchIfDue(now, random, events);
                if (attempt != null) {
                    submit(state, attempt);
                }
                moved |= state.factorMoved(now);
            }
        }
        publish(events);
        if (moved) {
            context.requestReconcile();
        }
    }

    /**
     * @param target a concrete target
     * @return the health factor: 0 unhealthy, 0.25..0.75 during slow start, 1 healthy or not checked here
     */
    public WeightFactor factor(Target target) {
        if (context.model() != syncedModel) {
            // a reload the next tick has not seen yet: new targets must start in their initial state
            synchronized (this) {
                sync(context.clock().instant());
            }
        }
        Key key = new Key(target.service(), target.endpoint());
        TargetState state = states.get(key);
        if (state != null) {
            return state.factor(context.clock().instant());
        }
        return WeightFactor.neutral(FactorKind.AVAILABILITY,
                unchecked.getOrDefault(key, "not checked by " + pluginId + " yet"));
    }

    /**
     * @param service a service name
     * @param endpoint a backend
     * @return its health, when this checker checks it
     */
    public Optional<TargetHealth> health(String service, Endpoint endpoint) {
        TargetState state = states.get(new Key(service, endpoint));
        return state == null ? Optional.empty() : Optional.of(state.view(context.clock().instant()));
    }

    /** @return the modifier to register: {@link WeightModifier#ORDER_HEALTH}, kind AVAILABILITY */
    public WeightModifier weightModifier() {
        return new WeightModifier() {
            @Override
            public String name() {
                return pluginId;
            }

            @Override
            public int order() {
                return ORDER_HEALTH;
            }

            @Override
            public WeightFactor factor(Target target) {
                return HealthChecker.this.factor(target);
            }
        };
    }

    /** @return the "health" section of {@code lb status} */
    public StatusProvider statusProvider() {
        return new StatusProvider() {
            @Override
            public String section() {
                return SECTION;
            }

            @Override
            public Object snapshot() {
                return HealthChecker.this.snapshot();
            }
        };
    }

    /**
     * @return per service: each group's health summary (with the panic note when all its targets are unhealthy)
     *     and each checked target's state; plain maps and lists, ready for JSON
     */
    public Map<String, Object> snapshot() {
        Instant now = context.clock().instant();
        Map<String, Object> services = new LinkedHashMap<>();
        Map<String, List<TargetState>> byService = states.values().stream()
                .collect(Collectors.groupingBy(TargetState::service));
        groups.forEach((service, serviceGroups) -> {
            List<Map<String, Object>> targets = new ArrayList<>();
            byService.getOrDefault(service, List.of()).stream()
                    .sorted(Comparator.comparing(s -> s.endpoint().toString()))
                    .forEach(s -> targets.add(targetStatus(s.view(now))));
            if (targets.isEmpty()) {
                return;
            }
            List<Map<String, Object>> groupList = new ArrayList<>();
            serviceGroups.forEach((group, endpoints) -> {
                long mine = endpoints.stream().filter(e -> states.containsKey(new Key(service, e))).count();
                long unhealthy = endpoints.stream().map(e -> states.get(new Key(service, e)))
                        .filter(s -> s != null && !s.healthy()).count();
                Map<String, Object> g = new LinkedHashMap<>();
                g.put("group", group);
                g.put("targets", endpoints.size());
                g.put("checked", mine);
                g.put("unhealthy", unhealthy);
                // only when this plugin checks every target of the group and all fail; the runtime decides panic
                if (!endpoints.isEmpty() && unhealthy == endpoints.size()) {
                    g.put("panic", PANIC);
                }
                groupList.add(g);
            });
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("groups", groupList);
            s.put("targets", targets);
            services.put(service, s);
        });
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("checked-by", pluginId);
        root.put("services", services);
        return root;
    }

    /**
     * Resolves every target of the current model with these settings, as {@link #tick} would.
     *
     * @return problems of this plugin's blocks once merged over the plugin's defaults
     */
    public List<ConfigProblem> problems() {
        HealthConfigKeys keys = new HealthConfigKeys(parser, typeNames);
        return context.model().services().stream().flatMap(s -> keys.validate(s).stream()).distinct().toList();
    }

    private static Map<String, Object> targetStatus(TargetHealth h) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("target", h.target().toString());
        t.put("type", h.type());
        t.put("healthy", h.healthy());
        t.put("state", h.state());
        t.put("last-result", h.lastResult().map(r -> r.success() ? "pass" : "fail").orElse("none"));
        t.put("latency-ms", h.lastResult().map(r -> r.latency().toNanos() / 1e6).orElse(null));
        t.put("reason", h.lastResult().map(ProbeResult::reason).orElse("no probe yet"));
        t.put("consecutive-successes", h.consecutiveSuccesses());
        t.put("consecutive-failures", h.consecutiveFailures());
        if (h.state().equals("slow-start")) {
            t.put("ramp", Math.round(h.weightFactor() * 100) + "%");
        }
        t.put("weight-factor", h.weightFactor());
        t.put("factor-reason", h.reason());
        t.put("last-change", h.lastChange().toString());
        t.put("probing", h.probing());
        t.put("probes", h.probes());
        t.put("skipped", h.skipped());
        return t;
    }

    private void tickSafely() {
        try {
            tick(context.clock().instant());
        } catch (RuntimeException e) {
            // a periodic task that throws is never run again: log and keep ticking
            LOG.error("{}: health-check tick failed", pluginId, e);
        }
    }

    private void submit(TargetState state, TargetState.Attempt attempt) {
        try {
            context.executor().execute(() -> run(state, attempt));
        } catch (RejectedExecutionException e) {
            state.complete(attempt, null, context.clock().instant());
        }
    }

    private void run(TargetState state, TargetState.Attempt attempt) {
        ProbeResult result;
        try {
            if (!state.begin(attempt)) {
                throw new InterruptedException("cancelled before it started");
            }
            result = attempt.probe().probe(state.endpoint(), attempt.settings());
            if (result == null) {
                result = ProbeResult.failure(elapsed(attempt), "probe returned no result");
            }
        } catch (InterruptedException e) {
            result = null;
        } catch (RuntimeException e) {
            LOG.debug("{}: probe of {} {} threw", pluginId, state.service(), state.endpoint(), e);
            result = ProbeResult.failure(elapsed(attempt), "probe error: " + e);
        }
        List<LbEvent> events = state.complete(attempt, result, context.clock().instant());
        Thread.interrupted(); // a cancel that raced the probe's return must not leak into the executor's thread
        publish(events);
    }

    private Duration elapsed(TargetState.Attempt attempt) {
        Duration d = Duration.between(attempt.start(), context.clock().instant());
        return d.isNegative() ? Duration.ZERO : d;
    }

    private void publish(List<LbEvent> events) {
        for (LbEvent event : events) {
            if (event instanceof TargetHealthChanged changed) {
                LOG.info("{} {} is now {}: {}", changed.service(), changed.target(),
                        changed.healthy() ? "healthy" : "unhealthy", changed.reason());
            }
            context.events().publish(event);
        }
    }

    /** Follows the model: new targets start per initial-state, changed settings apply, removed targets stop. */
    private void sync(Instant now) {
        ServiceModel model = context.model();
        List<Target> targets = model.targets();
        if (stopped || (model == syncedModel && targets == syncedTargets)) {
            return;
        }
        Map<String, ServiceSpec> services = new HashMap<>();
        model.services().forEach(s -> services.put(s.name(), s));
        Map<Object, Map<Object, Resolution>> resolved = new IdentityHashMap<>();
        Map<Key, TargetState> keep = new HashMap<>();
        Map<Key, String> notChecked = new HashMap<>();
        Map<String, Map<String, List<Endpoint>>> groupIndex = new LinkedHashMap<>();
        for (Target target : targets) {
            groupIndex.computeIfAbsent(target.service(), s -> new LinkedHashMap<>())
                    .computeIfAbsent(target.group(), g -> new ArrayList<>()).add(target.endpoint());
            Key key = new Key(target.service(), target.endpoint());
            ServiceSpec service = services.get(target.service());
            if (service == null || keep.containsKey(key) || notChecked.containsKey(key)) {
                continue; // the same backend in another group keeps the settings of its first listing
            }
            TargetState existing = states.get(key);
            if (existing != null && existing.configuredFrom(service.config(), target.spec())) {
                keep.put(key, existing);
                continue;
            }
            Resolution r = resolve(service, target.spec(), resolved);
            if (r.uncheckedReason() != null) {
                notChecked.put(key, r.uncheckedReason());
            } else if (existing != null) {
                existing.reconfigure(r.settings(), r.probe(), service.config(), target.spec(), now);
                keep.put(key, existing);
            } else {
                keep.put(key, new TargetState(key.service(), key.endpoint(), r.settings(), r.probe(),
                        service.config(), target.spec(), now, random));
            }
        }
        states.forEach((key, state) -> {
            if (keep.get(key) != state) {
                state.remove();
            }
        });
        states.keySet().retainAll(keep.keySet());
        states.putAll(keep);
        unchecked = Map.copyOf(notChecked);
        groups = groupIndex;
        syncedTargets = targets;
        syncedModel = model;
    }

    /** Parses and binds once per service block and target block, however many addresses share them. */
    private Resolution resolve(ServiceSpec service, TargetSpec spec, Map<Object, Map<Object, Resolution>> cache) {
        List<ConfigProblem> shapeProblems = new ArrayList<>();
        Optional<Config> serviceBlock = CheckParser.block(service.config(), shapeProblems);
        Optional<Config> targetBlock = CheckParser.block(spec.config(), shapeProblems);
        // targets without a block of their own share the service's resolution
        Object targetKey = spec.config().hasPath(CheckParser.KEY) ? spec : CheckParser.KEY;
        return cache.computeIfAbsent(service.config(), s -> new IdentityHashMap<>()).computeIfAbsent(targetKey, t -> {
            if (!shapeProblems.isEmpty()) {
                return invalid(service, spec, shapeProblems);
            }
            if (serviceBlock.isEmpty() && targetBlock.isEmpty()) {
                return new Resolution(null, null, "no health-check configured");
            }
            CheckParser.Outcome outcome = targetBlock.isPresent()
                    ? parser.parse(targetBlock.get(), serviceBlock.orElse(ConfigFactory.empty()))
                    : parser.parse(serviceBlock.get(), ConfigFactory.empty());
            return switch (outcome) {
                case CheckParser.NotMine n -> new Resolution(null, null, CheckParser.NONE.equals(n.type())
                        ? "health checks off (type = none)" : "type " + n.type() + " is not checked by " + pluginId);
                case CheckParser.Invalid i -> invalid(service, spec, i.problems());
                case CheckParser.Valid v -> bind(service, spec, v);
            };
        });
    }

    private Resolution bind(ServiceSpec service, TargetSpec spec, CheckParser.Valid valid) {
        try {
            return new Resolution(valid.settings(), valid.type().bind(valid.settings().block()), null);
        } catch (RuntimeException e) { // a third-party type's bind must not stop the checks of every other target
            LOG.warn("{}: health check of {} {} not running: {}", pluginId, service.name(), spec.label(),
                    e.getMessage());
            return new Resolution(null, null, "health check not running: " + e.getMessage());
        }
    }

    private Resolution invalid(ServiceSpec service, TargetSpec spec, List<ConfigProblem> problems) {
        LOG.warn("{}: health check of {} {} not running: {}", pluginId, service.name(), spec.label(), problems);
        return new Resolution(null, null, "health check not running: " + problems.get(0));
    }
}
