package org.ebpflb.runtime.config;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueType;
import java.math.BigDecimal;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.ebpflb.api.settings.DidYouMean;

/**
 * Reads typed values out of config objects. A value of the wrong type is recorded as a problem naming the expected
 * type, and reads as empty; an absent or null value reads as empty without a problem. Scalars convert the way HOCON
 * converts them ({@code "80"} is an integer), so values substituted from the environment work.
 */
final class Values {
    private final Problems problems;

    /** @param problems where wrong types are recorded */
    Values(Problems problems) {
        this.problems = problems;
    }

    /** @return whether the object holds a non-null value at the key */
    static boolean has(ConfigObject object, String key) {
        ConfigValue value = object.get(key);
        return value != null && value.valueType() != ConfigValueType.NULL;
    }

    /** Records a problem unless the object holds a non-null value at the key; returns whether it does. */
    boolean require(ConfigObject object, String key) {
        if (has(object, key)) {
            return true;
        }
        ConfigValue value = object.get(key);
        if (value != null) {
            problems.add(value.origin(), "'" + key + "' needs a value (found null)");
        } else {
            problems.add(object.origin(), "missing required key '" + key + "'");
        }
        return false;
    }

    Optional<String> string(ConfigObject object, String key) {
        return present(object, key).flatMap(v -> string(v, key));
    }

    /** @param what how to name the value in a message: its key, or e.g. "each interface" */
    Optional<String> string(ConfigValue value, String what) {
        return switch (value.valueType()) {
            case STRING, NUMBER, BOOLEAN -> Optional.of(ConfigFactory.empty().withValue("v", value).getString("v"));
            default -> wrongType(value, what, "a string");
        };
    }

    /** A string naming a file system path. */
    Optional<Path> path(ConfigObject object, String key) {
        return string(object, key).flatMap(text -> {
            try {
                return Optional.of(Path.of(text));
            } catch (InvalidPathException e) {
                problems.add(object.get(key).origin(), "'" + key + "' is not a valid path: " + e.getReason());
                return Optional.empty();
            }
        });
    }

    /** A string that must be one of {@code allowed}; otherwise the message lists them and suggests the closest. */
    Optional<String> choice(ConfigObject object, String key, List<String> allowed) {
        Optional<String> value = string(object, key);
        if (value.isPresent() && !allowed.contains(value.get())) {
            problems.add(object.get(key).origin(), key + " '" + value.get() + "' is not one of "
                    + String.join(", ", allowed) + DidYouMean.hint(value.get(), allowed));
            return Optional.empty();
        }
        return value;
    }

    /** An integral number within {@code min..max}; the range message reads e.g. {@code port 70000 is outside 1..65535}. */
    Optional<Long> integer(ConfigObject object, String key, long min, long max) {
        Optional<ConfigValue> value = present(object, key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Optional<BigDecimal> number = decimal(value.get());
        if (number.isEmpty() || number.get().stripTrailingZeros().scale() > 0) {
            return wrongType(value.get(), key, "an integer");
        }
        BigDecimal n = number.get();
        if (n.compareTo(BigDecimal.valueOf(min)) < 0 || n.compareTo(BigDecimal.valueOf(max)) > 0) {
            String plain = n.stripTrailingZeros().toPlainString();
            problems.add(value.get().origin(), max == Long.MAX_VALUE || max == Integer.MAX_VALUE
                    ? key + " " + plain + " must be at least " + min
                    : key + " " + plain + " is outside " + min + ".." + max);
            return Optional.empty();
        }
        return Optional.of(n.longValueExact());
    }

    /** A number within {@code min..max}. */
    Optional<Double> number(ConfigObject object, String key, double min, double max) {
        Optional<ConfigValue> value = present(object, key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        Optional<BigDecimal> number = decimal(value.get());
        if (number.isEmpty()) {
            return wrongType(value.get(), key, "a number");
        }
        double n = number.get().doubleValue();
        if (n < min || n > max) {
            problems.add(value.get().origin(), key + " " + number.get().toPlainString() + " is outside "
                    + plain(min) + ".." + plain(max));
            return Optional.empty();
        }
        return Optional.of(n);
    }

    Optional<Boolean> bool(ConfigObject object, String key) {
        return present(object, key).flatMap(value -> {
            try {
                return Optional.of(ConfigFactory.empty().withValue("v", value).getBoolean("v"));
            } catch (ConfigException.WrongType e) {
                return wrongType(value, key, "true or false");
            }
        });
    }

    /** A positive HOCON duration with a unit; a bare number is refused because its unit would be a guess. */
    Optional<Duration> duration(ConfigObject object, String key) {
        Optional<ConfigValue> value = present(object, key);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        if (value.get().valueType() != ConfigValueType.STRING) {
            return wrongType(value.get(), key, "a duration with a unit such as 30s");
        }
        Duration duration;
        try {
            duration = ConfigFactory.empty().withValue("v", value.get()).getDuration("v");
        } catch (ConfigException.BadValue e) {
            return wrongType(value.get(), key, "a duration with a unit such as 30s");
        }
        if (duration.isNegative() || duration.isZero()) {
            problems.add(value.get().origin(), key + " must be longer than zero (found " + render(value.get()) + ")");
            return Optional.empty();
        }
        return Optional.of(duration);
    }

    Optional<ConfigObject> object(ConfigObject object, String key) {
        return present(object, key).flatMap(v -> object(v, key));
    }

    /** @param what how to name the value in a message: its key, or e.g. "each service" */
    Optional<ConfigObject> object(ConfigValue value, String what) {
        return value instanceof ConfigObject o ? Optional.of(o) : wrongType(value, what, "an object { ... }");
    }

    Optional<ConfigList> list(ConfigObject object, String key) {
        return present(object, key).flatMap(v -> v instanceof ConfigList l ? Optional.of(l)
                : wrongType(v, key, "a list [ ... ]"));
    }

    /** A list of strings; empty when the list or any element has the wrong type. */
    Optional<List<String>> stringList(ConfigObject object, String key, String elementName) {
        Optional<ConfigList> list = list(object, key);
        if (list.isEmpty()) {
            return Optional.empty();
        }
        List<String> strings = new ArrayList<>();
        for (ConfigValue element : list.get()) {
            Optional<String> s = string(element, elementName);
            if (s.isEmpty()) {
                return Optional.empty();
            }
            strings.add(s.get());
        }
        return Optional.of(strings);
    }

    private static Optional<ConfigValue> present(ConfigObject object, String key) {
        return has(object, key) ? Optional.of(object.get(key)) : Optional.empty();
    }

    private static Optional<BigDecimal> decimal(ConfigValue value) {
        return switch (value.valueType()) {
            case NUMBER, STRING -> {
                try {
                    yield Optional.of(new BigDecimal(String.valueOf(value.unwrapped()).trim()));
                } catch (NumberFormatException e) {
                    yield Optional.empty();
                }
            }
            default -> Optional.empty();
        };
    }

    private <T> Optional<T> wrongType(ConfigValue value, String what, String expected) {
        String subject = what.contains(" ") ? what : "'" + what + "'";
        problems.add(value.origin(), subject + " must be " + expected + " (found " + describe(value) + ")");
        return Optional.empty();
    }

    /** @return e.g. {@code string "eighty"}, {@code number 300}, {@code an object} */
    static String describe(ConfigValue value) {
        return switch (value.valueType()) {
            case OBJECT -> "an object";
            case LIST -> "a list";
            case NULL -> "null";
            default -> value.valueType().name().toLowerCase(Locale.ROOT) + " " + render(value);
        };
    }

    static String render(ConfigValue value) {
        return value.render(ConfigRenderOptions.concise());
    }

    private static String plain(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
