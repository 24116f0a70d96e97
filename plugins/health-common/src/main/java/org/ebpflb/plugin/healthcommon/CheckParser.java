package org.ebpflb.plugin.healthcommon;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.ebpflb.api.settings.Durations;
import org.ebpflb.api.settings.Settings;
import org.ebpflb.api.spi.ConfigProblem;

/**
 * Turns {@code health-check} blocks into settings or problems. One code path serves validation (problems with their
 * origins) and the running checker (settings), so both always agree.
 */
final class CheckParser {
    /** The service and target key the health plugins own. */
    public static final String KEY = "health-check";
    /** The discriminating field. */
    public static final String TYPE = "type";
    /** The type of a block that names none. */
    public static final String DEFAULT_TYPE = "tcp";
    /** The type that turns checks off. */
    public static final String NONE = "none";
    /** Keys every type accepts. */
    public static final Set<String> COMMON_KEYS = Set.of(TYPE, "interval", "timeout", "healthy-threshold",
            "unhealthy-threshold", "initial-state", "slow-start", "jitter");
    /** How many intervals slow start lasts when {@code slow-start} is not set. */
    static final int DEFAULT_SLOW_START_INTERVALS = 4;
    private static final double MAX_JITTER = 0.5;
    private static final Duration MAX_SLOW_START = Duration.ofHours(1);

    private final Map<String, ProbeType> types;
    private final Config defaults;

    /**
     * @param types the plugin's probe types by name
     * @param defaults the plugin's {@code defaults} block, the fallback of every block
     */
    public CheckParser(Map<String, ProbeType> types, Config defaults) {
        this.types = Map.copyOf(types);
        this.defaults = defaults;
    }

    /** What a block turned out to be. */
    public sealed interface Outcome {
    }

    /**
     * The block is another plugin's, or switched off.
     *
     * @param type its type
     */
    public record NotMine(String type) implements Outcome {
    }

    /**
     * The block is this plugin's and wrong.
     *
     * @param problems what is wrong, with origins
     */
    public record Invalid(List<ConfigProblem> problems) implements Outcome {
        /** Copies the list. */
        public Invalid {
            problems = List.copyOf(problems);
        }
    }

    /**
     * The block is this plugin's and usable.
     *
     * @param settings the effective settings
     * @param type its probe type
     */
    public record Valid(HealthCheckSettings settings, ProbeType type) implements Outcome {
    }

    /**
     * Reads the {@code health-check} block of a service or target object.
     *
     * @param owner a service or target object
     * @param problems where a non-object {@code health-check} is reported
     * @return the block, empty when absent or not an object
     */
    public static Optional<Config> block(Config owner, List<ConfigProblem> problems) {
        if (!owner.hasPath(KEY)) {
            return Optional.empty();
        }
        ConfigValue value = owner.getValue(KEY);
        if (value.valueType() != ConfigValueType.OBJECT) {
            problems.add(ConfigProblem.at(value.origin(),
                    KEY + " must be an object such as { type = tcp, interval = 5s }"));
            return Optional.empty();
        }
        return Optional.of(owner.getConfig(KEY));
    }

    /**
     * @param own the block written at this place (a service's, or a target's)
     * @param inherited what it overrides: the service's block for a target, empty for a service
     * @return whether the block is this plugin's, and if so its settings or problems
     */
    public Outcome parse(Config own, Config inherited) {
        Config user = own.withFallback(inherited);
        Settings typeOnly = Settings.of(user, KEY);
        String type = typeOnly.isSet(TYPE) ? typeOnly.string(TYPE) : DEFAULT_TYPE;
        if (type == null) {
            return new Invalid(typeOnly.problems());
        }
        ProbeType probeType = types.get(type);
        if (probeType == null) {
            return new NotMine(type);
        }
        Set<String> known = new TreeSet<>(COMMON_KEYS);
        known.addAll(probeType.keys());
        Settings ownKeys = Settings.of(own, KEY + " (type " + probeType.name() + ")");
        ownKeys.rejectUnknownKeys(known);
        Config merged = user.withFallback(defaults);
        Settings s = Settings.of(merged, KEY);
        Duration interval = s.duration("interval");
        Duration timeout = s.duration("timeout");
        if (interval != null && timeout != null && timeout.compareTo(interval) >= 0) {
            s.problem(blame(own, user, merged), s.name("timeout") + " (" + Durations.format(timeout)
                    + ") must be shorter than " + s.name("interval") + " (" + Durations.format(interval) + ")");
        }
        int healthy = s.integer("healthy-threshold", 1, Integer.MAX_VALUE);
        int unhealthy = s.integer("unhealthy-threshold", 1, Integer.MAX_VALUE);
        InitialState initial = s.enumValue("initial-state", InitialState.class);
        Duration slowStart = s.optional("slow-start", (b, k) -> b.duration(k, Duration.ZERO, MAX_SLOW_START))
                .orElseGet(() -> interval == null ? Duration.ZERO : interval.multipliedBy(DEFAULT_SLOW_START_INTERVALS));
        double jitter = s.fraction("jitter", 0, MAX_JITTER);
        List<ConfigProblem> problems = new ArrayList<>(ownKeys.problems());
        problems.addAll(s.problems());
        problems.addAll(probeType.validate(merged));
        if (!problems.isEmpty()) {
            return new Invalid(problems);
        }
        return new Valid(new HealthCheckSettings(type, interval, timeout, healthy, unhealthy, initial, slowStart,
                jitter, merged), probeType);
    }

    /** @return every key a block of any of this plugin's types may hold */
    public Set<String> allKeys() {
        Set<String> all = new TreeSet<>(COMMON_KEYS);
        types.values().forEach(t -> all.addAll(t.keys()));
        return all;
    }

    /**
     * Points at the value the operator set closest to this block: its own over the inherited, then one written in a
     * file over one from a reference.conf (both from the defaults), the timeout by default.
     */
    private static String blame(Config own, Config user, Config merged) {
        boolean ownTimeout = own.hasPath("timeout");
        boolean ownInterval = own.hasPath("interval");
        if (ownTimeout != ownInterval) {
            return ownTimeout ? "timeout" : "interval";
        }
        if (user.hasPath("timeout") || user.hasPath("interval")) {
            return user.hasPath("timeout") ? "timeout" : "interval";
        }
        boolean fileTimeout = operatorFile(merged.getValue("timeout").origin());
        boolean fileInterval = operatorFile(merged.getValue("interval").origin());
        return fileInterval && !fileTimeout ? "interval" : "timeout";
    }

    /** A reference.conf is read from a resource or from text; an operator's config from a file. */
    private static boolean operatorFile(ConfigOrigin origin) {
        return origin.filename() != null && origin.resource() == null;
    }
}
