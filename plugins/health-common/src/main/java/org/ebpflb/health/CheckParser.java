package org.ebpflb.health;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
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
        String type;
        try {
            type = user.hasPath(TYPE) ? user.getString(TYPE) : DEFAULT_TYPE;
        } catch (ConfigException.WrongType e) {
            return new Invalid(List.of(problem(e, user, KEY + ".type must be a string such as tcp")));
        }
        ProbeType probeType = types.get(type);
        if (probeType == null) {
            return new NotMine(type);
        }
        List<ConfigProblem> problems = new ArrayList<>();
        checkKeys(own, probeType, problems);
        Config merged = user.withFallback(defaults);
        Duration interval = positiveDuration(merged, "interval", problems);
        Duration timeout = positiveDuration(merged, "timeout", problems);
        if (interval != null && timeout != null && timeout.compareTo(interval) >= 0) {
            String blamed = blame(own, user, merged);
            problems.add(ConfigProblem.at(merged.getValue(blamed).origin(), KEY + ".timeout ("
                    + Durations.format(timeout) + ") must be shorter than " + KEY + ".interval ("
                    + Durations.format(interval) + ")"));
        }
        int healthy = threshold(merged, "healthy-threshold", problems);
        int unhealthy = threshold(merged, "unhealthy-threshold", problems);
        InitialState initial = initialState(merged, problems);
        Duration slowStart = slowStart(merged, interval, problems);
        double jitter = jitter(merged, problems);
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
     * Reports keys of {@code block} that none of {@code known} names, with a suggestion.
     *
     * @param block a block as written
     * @param known the keys allowed there
     * @param where how the message names the block, e.g. "health-check (type tcp)"
     * @param problems where to report
     */
    public static void unknownKeys(Config block, Set<String> known, String where, List<ConfigProblem> problems) {
        for (Map.Entry<String, ConfigValue> entry : block.root().entrySet()) {
            String key = entry.getKey();
            if (known.contains(key)) {
                continue;
            }
            String hint = DidYouMean.closest(key, known).map(k -> "; did you mean '" + k + "'?")
                    .orElseGet(() -> "; known keys: " + String.join(", ", new TreeSet<>(known)));
            problems.add(ConfigProblem.at(entry.getValue().origin(),
                    "unknown key '" + key + "' in " + where + hint));
        }
    }

    private static void checkKeys(Config own, ProbeType type, List<ConfigProblem> problems) {
        Set<String> known = new TreeSet<>(COMMON_KEYS);
        known.addAll(type.keys());
        unknownKeys(own, known, KEY + " (type " + type.name() + ")", problems);
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

    private static Duration positiveDuration(Config c, String key, List<ConfigProblem> problems) {
        try {
            Duration d = c.getDuration(key);
            if (d.isNegative() || d.isZero()) {
                problems.add(ConfigProblem.at(c.getValue(key).origin(), KEY + "." + key + " must be longer than 0s"));
                return null;
            }
            return d;
        } catch (ConfigException e) {
            problems.add(problem(e, c, KEY + "." + key + " must be a duration such as 5s"));
            return null;
        }
    }

    private static int threshold(Config c, String key, List<ConfigProblem> problems) {
        try {
            int n = c.getInt(key);
            if (n < 1) {
                problems.add(ConfigProblem.at(c.getValue(key).origin(),
                        KEY + "." + key + " must be at least 1, got " + n));
            }
            return n;
        } catch (ConfigException e) {
            problems.add(problem(e, c, KEY + "." + key + " must be a whole number of at least 1"));
            return 0;
        }
    }

    private static InitialState initialState(Config c, List<ConfigProblem> problems) {
        String key = "initial-state";
        String message = KEY + "." + key + " must be healthy or unhealthy";
        try {
            String value = c.getString(key);
            return switch (value) {
                case "healthy" -> InitialState.HEALTHY;
                case "unhealthy" -> InitialState.UNHEALTHY;
                default -> {
                    problems.add(ConfigProblem.at(c.getValue(key).origin(), message + ", got '" + value + "'"));
                    yield InitialState.HEALTHY;
                }
            };
        } catch (ConfigException e) {
            problems.add(problem(e, c, message));
            return InitialState.HEALTHY;
        }
    }

    private static Duration slowStart(Config c, Duration interval, List<ConfigProblem> problems) {
        String key = "slow-start";
        if (!c.hasPath(key)) {
            return interval == null ? Duration.ZERO : interval.multipliedBy(DEFAULT_SLOW_START_INTERVALS);
        }
        try {
            Duration d = c.getDuration(key);
            if (d.isNegative()) {
                problems.add(ConfigProblem.at(c.getValue(key).origin(),
                        KEY + "." + key + " must not be negative (0s disables slow start)"));
            }
            return d;
        } catch (ConfigException e) {
            problems.add(problem(e, c, KEY + "." + key + " must be a duration such as 20s (0s disables)"));
            return Duration.ZERO;
        }
    }

    /** Accepts a fraction (0.1) or a percentage string ("10%"). */
    private static double jitter(Config c, List<ConfigProblem> problems) {
        String key = "jitter";
        String message = KEY + "." + key + " must be a fraction of the interval between 0 and " + MAX_JITTER
                + " (e.g. 0.1) or a percentage up to 50% (e.g. \"10%\")";
        ConfigValue value;
        try {
            value = c.getValue(key);
        } catch (ConfigException e) {
            problems.add(problem(e, c, message));
            return 0;
        }
        double fraction;
        if (value.valueType() == ConfigValueType.NUMBER) {
            fraction = ((Number) value.unwrapped()).doubleValue();
        } else if (value.valueType() == ConfigValueType.STRING
                && ((String) value.unwrapped()).trim().endsWith("%")) {
            String text = ((String) value.unwrapped()).trim();
            try {
                fraction = Double.parseDouble(text.substring(0, text.length() - 1).trim()) / 100;
            } catch (NumberFormatException e) {
                problems.add(ConfigProblem.at(value.origin(), message + ", got '" + text + "'"));
                return 0;
            }
        } else {
            problems.add(ConfigProblem.at(value.origin(), message + ", got " + value.render()));
            return 0;
        }
        if (!(fraction >= 0 && fraction <= MAX_JITTER)) {
            problems.add(ConfigProblem.at(value.origin(), message + ", got " + value.render()));
            return 0;
        }
        return fraction;
    }

    private static ConfigProblem problem(ConfigException e, Config c, String message) {
        ConfigOrigin origin = e.origin() != null ? e.origin() : c.origin();
        String detail = e instanceof ConfigException.Missing ? " (missing from the defaults too)" : "";
        return ConfigProblem.at(origin, message + detail);
    }
}
