package org.ebpflb.api.settings;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigUtil;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.math.BigDecimal;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.ebpflb.api.Stable;
import org.ebpflb.api.model.Cidr;
import org.ebpflb.api.model.IpAddresses;
import org.ebpflb.api.spi.ConfigProblem;

/**
 * Reads typed values out of a plugin's settings (or a service's or target's keys) and collects every problem with
 * the file and line of the offending value, so one pass reports all of them. Use the same reader in
 * {@code validateSettings} (return {@link #problems()}) and in {@code start} (build your settings record), so both
 * always agree:
 *
 * <pre>{@code
 * static Settings read(Config config) {
 *     Settings s = Settings.of(config, "lb.plugins.my-plugin");
 *     Duration interval = s.duration("interval");                       // "5s"; must be longer than 0s
 *     int attempts = s.integer("attempts", 1, 10);
 *     Mode mode = s.enumValue("mode", Mode.class);                      // START_EMPTY is written start-empty
 *     List<Cidr> allow = s.list("allow", Settings::cidr);
 *     Optional<Duration> grace = s.optional("grace", Settings::duration); // reference.conf: grace = null
 *     if (s.ok()) { ... build the record ... }
 *     return s;
 * }
 * }</pre>
 *
 * <p>Every getter reads a required key: an absent or {@code null} value is reported as "{@code NAME is not set}",
 * anchored at the block's origin. The runtime gives a plugin its settings with the origin of the operator's
 * {@code lb.plugins.<id>} block (or of {@code lb.plugins} when the operator wrote none), so the operator is sent to
 * their own file, not to a reference.conf. For keys that may be unset, declare them {@code key = null} in the
 * reference.conf and read them through {@link #optional}.
 *
 * <p>When a value is missing or invalid the getter records the problem and returns a placeholder: {@code null} for
 * objects, the lower bound for numbers, {@code false} for booleans. Use the values only when {@link #ok()}.
 *
 * <p>Messages name a value by the block's path and its key ({@code lb.plugins.dns.timeout}, a list element as
 * {@code lb.plugins.dns.servers[1]}) and say what was expected and what was found:
 * {@code lb.plugins.dns.attempts must be at least 1, got 0}.
 */
@Stable
public final class Settings {
    /** The key under which a list element is read; {@link #name} gives the element's own name for it. */
    private static final String ELEMENT = "element";
    private static final Pattern HOSTNAME =
            Pattern.compile("(?=.{1,253}$)[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");

    private final Config config;
    private final String path;
    private final ConfigOrigin anchor;
    private final List<ConfigProblem> problems;
    private final boolean element;
    private final boolean silent;

    private Settings(Config config, String path, ConfigOrigin anchor, List<ConfigProblem> problems, boolean element,
                     boolean silent) {
        this.config = config;
        this.path = path;
        this.anchor = anchor;
        this.problems = problems;
        this.element = element;
        this.silent = silent;
    }

    /**
     * @param config the block to read, e.g. {@code context.config()}, the argument of {@code validateSettings}, or a
     *     target's {@code config()}
     * @param path how messages name the block, e.g. {@code lb.plugins.dns} or {@code health-check}; empty for none
     * @return a reader with no problems yet
     */
    public static Settings of(Config config, String path) {
        return new Settings(config, path, config.root().origin(), new ArrayList<>(), false, false);
    }

    /**
     * @param key a key of this block
     * @return how messages name it, e.g. {@code lb.plugins.dns.timeout}
     */
    public String name(String key) {
        if (element && key.equals(ELEMENT)) {
            return path;
        }
        return path.isEmpty() ? key : path + "." + key;
    }

    /**
     * @param key a key of this block
     * @return whether it holds a value other than {@code null}
     */
    public boolean isSet(String key) {
        return !silent && config.hasPath(key);
    }

    /**
     * @param key a key of this block
     * @return where its value was written, or the block's origin when it is absent
     */
    public ConfigOrigin origin(String key) {
        ConfigValue value = raw(key);
        return value != null ? value.origin() : anchor;
    }

    /**
     * Reports a problem that no getter can see, such as one value that must be smaller than another.
     *
     * @param key the key to blame; the problem points at its value (or at the block when it is absent)
     * @param message the whole message, e.g. {@code name("timeout") + " must be shorter than " + name("interval")}
     */
    public void problem(String key, String message) {
        problems.add(ConfigProblem.at(origin(key), message));
    }

    /** @return every problem found so far, in the order found */
    public List<ConfigProblem> problems() {
        return List.copyOf(problems);
    }

    /** @return whether no problem was found so far */
    public boolean ok() {
        return problems.isEmpty();
    }

    /**
     * Reads a key that may be unset.
     *
     * @param key a key of this block
     * @param reader the getter to use when it is set, e.g. {@code Settings::duration} or
     *     {@code (s, k) -> s.integer(k, 1, 10)}
     * @param <T> the value type
     * @return the value; empty when unset ({@code null} or absent) or invalid (then the reader recorded a problem)
     */
    public <T> Optional<T> optional(String key, BiFunction<Settings, String, T> reader) {
        if (!isSet(key)) {
            return Optional.empty();
        }
        int before = problems.size();
        T value = reader.apply(this, key);
        return problems.size() == before ? Optional.ofNullable(value) : Optional.empty();
    }

    /**
     * @param key a key of this block
     * @return a string; numbers and booleans are read as written
     */
    public String string(String key) {
        ConfigValue value = required(key);
        if (value == null) {
            return null;
        }
        return switch (value.valueType()) {
            case STRING, NUMBER, BOOLEAN -> config.getString(key);
            default -> wrong(key, "a string", value, null);
        };
    }

    /**
     * @param key a key of this block
     * @return {@code true} or {@code false} (also written {@code yes}/{@code no}, {@code on}/{@code off})
     */
    public boolean bool(String key) {
        ConfigValue value = required(key);
        if (value == null) {
            return false;
        }
        try {
            return config.getBoolean(key);
        } catch (ConfigException.WrongType e) {
            wrong(key, "true or false", value, null);
            return false;
        }
    }

    /**
     * @param key a key of this block
     * @param min the smallest accepted value
     * @param max the largest accepted value; {@link Integer#MAX_VALUE} for no upper bound
     * @return a whole number within {@code min..max} ({@code "80"} is read as 80, so values from the environment work)
     */
    public int integer(String key, int min, int max) {
        ConfigValue value = required(key);
        BigDecimal n = value == null ? null : decimal(value);
        if (value == null || n == null || n.stripTrailingZeros().scale() > 0) {
            return value == null ? min : wrong(key, "a whole number", value, min);
        }
        if (n.compareTo(BigDecimal.valueOf(min)) < 0 || n.compareTo(BigDecimal.valueOf(max)) > 0) {
            problems.add(ConfigProblem.at(value.origin(), name(key) + " must be " + bounds(plain(min),
                    max == Integer.MAX_VALUE ? null : plain(max)) + ", got " + got(value)));
            return min;
        }
        return n.intValueExact();
    }

    /**
     * @param key a key of this block
     * @param min the smallest accepted value
     * @param max the largest accepted value
     * @return a number within {@code min..max}
     */
    public double number(String key, double min, double max) {
        ConfigValue value = required(key);
        BigDecimal n = value == null ? null : decimal(value);
        if (value == null || n == null) {
            return value == null ? min : wrong(key, "a number", value, min);
        }
        double d = n.doubleValue();
        if (!(d >= min && d <= max)) {
            problems.add(ConfigProblem.at(value.origin(),
                    name(key) + " must be " + bounds(plain(min), plain(max)) + ", got " + got(value)));
            return min;
        }
        return d;
    }

    /**
     * A share written either as a fraction ({@code 0.1}) or as a percentage string ({@code "10%"}).
     *
     * @param key a key of this block
     * @param min the smallest accepted fraction, e.g. 0
     * @param max the largest accepted fraction, e.g. 0.5 for 50%
     * @return the fraction within {@code min..max}
     */
    public double fraction(String key, double min, double max) {
        ConfigValue value = required(key);
        if (value == null) {
            return min;
        }
        BigDecimal n = null;
        if (value.valueType() == ConfigValueType.NUMBER) {
            n = decimal(value);
        } else if (value.valueType() == ConfigValueType.STRING && config.getString(key).trim().endsWith("%")) {
            String text = config.getString(key).trim();
            BigDecimal percent = decimal(text.substring(0, text.length() - 1).trim());
            n = percent == null ? null : percent.movePointLeft(2);
        }
        double d = n == null ? Double.NaN : n.doubleValue();
        if (!(d >= min && d <= max)) {
            double example = Math.round((min + (max - min) / 5) * 100) / 100.0;
            problems.add(ConfigProblem.at(value.origin(), name(key) + " must be a fraction between " + plain(min)
                    + " and " + plain(max) + " (e.g. " + plain(example) + ") or a percentage between "
                    + plain(min * 100) + "% and " + plain(max * 100) + "% (e.g. \"" + plain(example * 100) + "%\"), got "
                    + got(value)));
            return min;
        }
        return d;
    }

    /**
     * @param key a key of this block
     * @return a duration longer than zero, written with a unit such as {@code 5s} or {@code 250ms}
     */
    public Duration duration(String key) {
        Duration d = anyDuration(key);
        if (d != null && (d.isZero() || d.isNegative())) {
            problems.add(ConfigProblem.at(config.getValue(key).origin(),
                    name(key) + " must be longer than 0s, got " + Durations.format(d)));
            return null;
        }
        return d;
    }

    /**
     * @param key a key of this block
     * @param min the shortest accepted duration; {@link Duration#ZERO} accepts {@code 0s} (e.g. "0s disables")
     * @param max the longest accepted duration
     * @return a duration within {@code min..max}, written with a unit such as {@code 5s}
     */
    public Duration duration(String key, Duration min, Duration max) {
        Duration d = anyDuration(key);
        if (d != null && (d.compareTo(min) < 0 || d.compareTo(max) > 0)) {
            String bounds = d.compareTo(max) > 0 ? "at most " + Durations.format(max)
                    : min.isZero() ? "0s or longer" : "at least " + Durations.format(min);
            problems.add(ConfigProblem.at(config.getValue(key).origin(),
                    name(key) + " must be " + bounds + ", got " + Durations.format(d)));
            return null;
        }
        return d;
    }

    /**
     * An enum constant, written in kebab case: {@code START_EMPTY} is {@code start-empty}. A misspelt value gets a
     * suggestion: {@code mode must be fail or start-empty, got 'start-empy' (did you mean 'start-empty'?)}.
     *
     * @param key a key of this block
     * @param type the enum
     * @param <E> the enum type
     * @return the constant
     */
    public <E extends Enum<E>> E enumValue(String key, Class<E> type) {
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            names.add(constant.name().toLowerCase(Locale.ROOT).replace('_', '-'));
        }
        String chosen = oneOf(key, names);
        return chosen == null ? null : type.getEnumConstants()[names.indexOf(chosen)];
    }

    /**
     * @param key a key of this block
     * @param allowed the accepted values, in the order the message lists them
     * @return one of {@code allowed}; a misspelt value gets a suggestion
     */
    public String oneOf(String key, Collection<String> allowed) {
        String text = string(key);
        if (text == null || allowed.contains(text)) {
            return text;
        }
        problems.add(ConfigProblem.at(config.getValue(key).origin(), name(key) + " must be " + alternatives(allowed)
                + ", got '" + text + "'" + DidYouMean.hint(text, allowed)));
        return null;
    }

    /**
     * @param key a key of this block
     * @return a literal IPv4 or IPv6 address; never asks a resolver
     */
    public InetAddress ipAddress(String key) {
        return parsed(key, "an IP address such as 198.18.0.1 or 2001:db8::1", IpAddresses::parseLiteral);
    }

    /**
     * @param key a key of this block
     * @return an address prefix such as {@code 10.0.0.0/8}, host bits clear
     */
    public Cidr cidr(String key) {
        return parsed(key, "a CIDR such as 10.0.0.0/8", Cidr::parse);
    }

    /**
     * A host and port: {@code host:port}, {@code ip:port}, {@code [v6]:port}, or without the port when
     * {@code defaultPort} is given. A literal address is returned resolved (without a lookup); a hostname is
     * returned unresolved, for the plugin to resolve when and how it wants.
     *
     * @param key a key of this block
     * @param defaultPort the port when none is written, or 0 when the port is required
     * @return the address
     */
    public InetSocketAddress hostPort(String key, int defaultPort) {
        String expected = (defaultPort == 0 ? "host:port" : "host or host:port") + " (IPv6 as [addr]:port)";
        return parsed(key, expected, text -> parseHostPort(text, defaultPort));
    }

    /**
     * A string turned into a value by a parser of the plugin's own. When the parser throws an
     * {@link IllegalArgumentException} with a message, the problem reads "NAME must be EXPECTED: MESSAGE"; any other
     * exception reads "NAME must be EXPECTED, got 'TEXT'".
     *
     * @param key a key of this block
     * @param expected what the value should look like, e.g. {@code a time of day such as 22:00}
     * @param parser turns the text into a value, throwing when it cannot
     * @param <T> the value type
     * @return the parsed value
     */
    public <T> T parsed(String key, String expected, Function<String, T> parser) {
        String text = string(key);
        if (text == null) {
            return null;
        }
        try {
            return parser.apply(text);
        } catch (IllegalArgumentException e) {
            String reason = e.getMessage() != null ? ": " + e.getMessage() : ", got '" + text + "'";
            problems.add(ConfigProblem.at(config.getValue(key).origin(), name(key) + " must be " + expected + reason));
        } catch (RuntimeException e) {
            problems.add(ConfigProblem.at(config.getValue(key).origin(),
                    name(key) + " must be " + expected + ", got '" + text + "'"));
        }
        return null;
    }

    /**
     * Reads a list, each element with the same getter. Invalid elements are reported (as {@code NAME[i]}) and left
     * out.
     *
     * @param key a key of this block
     * @param reader the getter for one element, e.g. {@code Settings::cidr} or
     *     {@code (s, k) -> s.hostPort(k, 53)}
     * @param <T> the element type
     * @return the valid elements, in order
     */
    public <T> List<T> list(String key, BiFunction<Settings, String, T> reader) {
        ConfigValue value = required(key);
        List<T> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        if (value.valueType() != ConfigValueType.LIST) {
            wrong(key, "a list [ ... ]", value, null);
            return out;
        }
        List<? extends ConfigValue> elements = config.getList(key);
        for (int i = 0; i < elements.size(); i++) {
            ConfigValue e = elements.get(i);
            Settings one = new Settings(ConfigFactory.empty().withValue(ELEMENT, e), name(key) + "[" + i + "]",
                    e.origin(), problems, true, false);
            T t = reader.apply(one, ELEMENT);
            if (t != null) {
                out.add(t);
            }
        }
        return out;
    }

    /**
     * A nested block, read with the same problem list. When it is absent or not an object, that is reported once and
     * the returned reader yields placeholders without further problems.
     *
     * @param key a key of this block
     * @return a reader for the block, naming its keys {@code NAME.key}
     */
    public Settings object(String key) {
        ConfigValue value = required(key);
        if (value != null && value.valueType() != ConfigValueType.OBJECT) {
            wrong(key, "an object { ... }", value, null);
        }
        boolean usable = value != null && value.valueType() == ConfigValueType.OBJECT;
        Config block = usable ? config.getConfig(key) : ConfigFactory.empty();
        return new Settings(block, name(key), usable ? value.origin() : origin(key), problems, false, !usable);
    }

    /**
     * Reports every key of this block that {@code accepted} does not name, with a suggestion. The runtime already
     * does this for {@code lb.plugins.<id>} against the reference.conf; use it for blocks the runtime does not know,
     * such as a service key's object.
     *
     * @param accepted the keys this block may hold
     */
    public void rejectUnknownKeys(Collection<String> accepted) {
        if (silent) {
            return;
        }
        for (String key : new TreeSet<>(config.root().keySet())) {
            if (!accepted.contains(key)) {
                String where = path.isEmpty() ? "" : " in " + path;
                String hint = DidYouMean.suggest(key, accepted).map(s -> " (did you mean '" + s + "'?)")
                        .orElseGet(() -> " (known keys: " + String.join(", ", new TreeSet<>(accepted)) + ")");
                problems.add(ConfigProblem.at(config.root().get(key).origin(), "unknown key '" + key + "'" + where
                        + hint));
            }
        }
    }

    /** The value at a required key, or null after reporting that it is not set. */
    private ConfigValue required(String key) {
        if (silent) {
            return null;
        }
        if (config.hasPath(key)) {
            return config.getValue(key);
        }
        ConfigValue written = raw(key);
        boolean operatorsNull = written != null && written.origin().filename() != null
                && written.origin().resource() == null;
        problems.add(ConfigProblem.at(operatorsNull ? written.origin() : anchor, name(key) + " is not set"));
        return null;
    }

    /** The value at a key including an explicit {@code null}, which {@link Config#getValue} refuses to return. */
    private ConfigValue raw(String key) {
        ConfigValue value = config.root();
        for (String part : ConfigUtil.splitPath(key)) {
            if (!(value instanceof ConfigObject object)) {
                return null;
            }
            value = object.get(part);
        }
        return value;
    }

    private Duration anyDuration(String key) {
        ConfigValue value = required(key);
        if (value == null) {
            return null;
        }
        if (value.valueType() == ConfigValueType.STRING) {
            try {
                return config.getDuration(key);
            } catch (ConfigException.BadValue e) {
                // reported below
            }
        }
        return wrong(key, "a duration with a unit such as 5s or 250ms", value, null);
    }

    private <T> T wrong(String key, String expected, ConfigValue value, T placeholder) {
        problems.add(ConfigProblem.at(value.origin(), name(key) + " must be " + expected + ", got " + got(value)));
        return placeholder;
    }

    private static InetSocketAddress parseHostPort(String text, int defaultPort) {
        String host = text;
        String port = null;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || !(close == text.length() - 1 || text.charAt(close + 1) == ':')) {
                throw new IllegalStateException("unclosed ["); // reported as "got 'TEXT'"
            }
            host = text.substring(1, close);
            port = close == text.length() - 1 ? null : text.substring(close + 2);
        } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
            host = text.substring(0, text.indexOf(':'));
            port = text.substring(text.indexOf(':') + 1);
        }
        int p = port == null ? defaultPort : port.matches("\\d{1,5}") ? Integer.parseInt(port) : -1;
        if (p < 1 || p > 65535) {
            throw new IllegalStateException("no port, or outside 1..65535");
        }
        if (host.contains(":") || host.matches("[0-9.]+")) {
            return new InetSocketAddress(IpAddresses.parseLiteral(host), p);
        }
        if (!HOSTNAME.matcher(host).matches()) {
            throw new IllegalStateException("not a hostname");
        }
        return InetSocketAddress.createUnresolved(host, p);
    }

    private static BigDecimal decimal(ConfigValue value) {
        return switch (value.valueType()) {
            case NUMBER, STRING -> decimal(String.valueOf(value.unwrapped()).trim());
            default -> null;
        };
    }

    private static BigDecimal decimal(String text) {
        try {
            return new BigDecimal(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String bounds(String min, String max) {
        return max == null ? "at least " + min : "between " + min + " and " + max;
    }

    private static String alternatives(Collection<String> allowed) {
        List<String> all = List.copyOf(allowed);
        if (all.size() == 1) {
            return all.get(0);
        }
        return String.join(", ", all.subList(0, all.size() - 1)) + " or " + all.get(all.size() - 1);
    }

    /** @return how a message shows a value the operator wrote: {@code 'text'}, {@code 300}, {@code an object} */
    private static String got(ConfigValue value) {
        return switch (value.valueType()) {
            case STRING -> "'" + value.unwrapped() + "'";
            case OBJECT -> "an object";
            case LIST -> "a list";
            case NULL -> "null";
            default -> value.render(ConfigRenderOptions.concise());
        };
    }

    private static String plain(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
