package org.ebpflb.plugin.dnsregistration;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeSet;
import org.ebpflb.api.spi.ConfigProblem;

/**
 * The plugin reads its settings once, at start (the name, the server, the key, the probe listener and the rounds are
 * built from them), so a reload that changes any of them is refused, key by key, instead of being accepted and
 * silently ignored. The TSIG secret counts too: a rotated secret file is a change a reload cannot apply.
 * {@code enabled} and {@code required} are the runtime's to judge.
 */
final class StartOnlySettings {
    private static final List<String> RUNTIME_KEYS = List.of("enabled", "required");
    private static final String WHY = ": a reload cannot apply it (the " + DnsRegistrationPlugin.ID
            + " plugin reads its settings at start); restart lb run to change it";

    private final Config running;
    /** Read at start: the file may be rewritten since. */
    private final Optional<String> runningSecret;

    /** @param running the settings the plugin started with */
    StartOnlySettings(Config running) {
        this.running = withoutRuntimeKeys(running);
        this.runningSecret = secret(running);
    }

    /**
     * @param next the settings a reload would install
     * @return one problem per changed setting, at the line that changed it; empty when nothing changed
     */
    List<ConfigProblem> changes(Config next) {
        Config after = withoutRuntimeKeys(next);
        Map<String, ConfigValue> before = leaves(running);
        Map<String, ConfigValue> now = leaves(after);
        TreeSet<String> keys = new TreeSet<>(before.keySet());
        keys.addAll(now.keySet());
        List<ConfigProblem> problems = new ArrayList<>();
        for (String key : keys) {
            ConfigValue b = before.get(key);
            ConfigValue a = now.get(key);
            if (!Objects.equals(unwrapped(b), unwrapped(a))) {
                problems.add(ConfigProblem.at(origin(b, a), RegistrationSettings.PATH + "." + key + " changed from "
                        + shown(b) + " to " + shown(a) + WHY));
            }
        }
        if (problems.isEmpty() && !runningSecret.equals(secret(after))) {
            ConfigValue file = now.get("tsig.secret-file");
            problems.add(ConfigProblem.at(file.origin(), "the TSIG secret in " + file.unwrapped() + " changed" + WHY));
        }
        return problems;
    }

    private static Config withoutRuntimeKeys(Config settings) {
        Config out = settings;
        for (String key : RUNTIME_KEYS) {
            out = out.withoutPath(key);
        }
        return out;
    }

    /** Every leaf by its path; entrySet leaves null values out, so a null and a missing key compare alike. */
    private static Map<String, ConfigValue> leaves(Config settings) {
        Map<String, ConfigValue> out = new HashMap<>();
        settings.entrySet().forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }

    private static Object unwrapped(ConfigValue value) {
        return value == null ? null : value.unwrapped();
    }

    private static String shown(ConfigValue value) {
        return value == null ? "null" : "'" + value.unwrapped() + "'";
    }

    /** The operator's line: where the new value is, or where the removed one was (not the plugin's defaults). */
    private static ConfigOrigin origin(ConfigValue before, ConfigValue after) {
        if (after != null && operators(after.origin())) {
            return after.origin();
        }
        return before != null && operators(before.origin()) ? before.origin()
                : Objects.requireNonNullElse(after, before).origin();
    }

    /** A value of the operator's file, not of a reference.conf on the class path. */
    private static boolean operators(ConfigOrigin origin) {
        return origin.resource() == null && origin.filename() != null;
    }

    private static Optional<String> secret(Config settings) {
        return RegistrationSettings.read(settings).settings().map(s -> s.tsig().secret());
    }
}
