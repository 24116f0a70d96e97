package org.ebpflb.plugin.healthcommon;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.net.URL;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.ebpflb.api.settings.Settings;
import org.ebpflb.api.spi.ConfigKeys;
import org.ebpflb.api.spi.ConfigProblem;
import org.ebpflb.api.spi.DeclaredModifier;
import org.ebpflb.api.spi.FactorKind;
import org.ebpflb.api.spi.FatalStartException;
import org.ebpflb.api.spi.Plugin;
import org.ebpflb.api.spi.PluginContext;
import org.ebpflb.api.spi.WeightModifier;

/**
 * A health-check plugin for a set of probe types. A concrete plugin passes its id and types to this constructor from
 * its public no-argument constructor, and ships a root {@code reference.conf} with
 * {@code lb.plugins.<id> { tick, defaults { interval, timeout, healthy-threshold, unhealthy-threshold,
 * initial-state, jitter, ... } }}.
 *
 * <p>It owns the {@code health-check} key of services and targets for its types, validates those blocks, registers
 * a {@link org.ebpflb.api.spi.WeightModifier} (order {@code ORDER_HEALTH}, kind AVAILABILITY) and a "health" status
 * section, and publishes {@code HealthProbeCompleted} and {@code TargetHealthChanged} events.
 */
public abstract class HealthCheckPlugin implements Plugin {
    private final String id;
    private final Map<String, ProbeType> types;
    private HealthChecker checker;

    /**
     * @param id the plugin id
     * @param types the probe types it handles; names must be unique
     */
    protected HealthCheckPlugin(String id, List<ProbeType> types) {
        this.id = id;
        Map<String, ProbeType> byName = new LinkedHashMap<>();
        for (ProbeType type : types) {
            if (byName.put(type.name(), type) != null) {
                throw new IllegalArgumentException("probe type " + type.name() + " given twice");
            }
        }
        this.types = Map.copyOf(byName);
    }

    @Override
    public final String id() {
        return id;
    }

    /** @return a modifier named after the plugin, order {@code ORDER_HEALTH}, kind AVAILABILITY */
    @Override
    public final List<DeclaredModifier> declaredModifiers() {
        return List.of(new DeclaredModifier(id, WeightModifier.ORDER_HEALTH, FactorKind.AVAILABILITY));
    }

    /** @return the "health" section of {@code lb status}, shared by all health plugins */
    @Override
    public final List<String> declaredStatusSections() {
        return List.of(HealthChecker.SECTION);
    }

    /**
     * Service and target blocks are validated over this plugin's reference.conf defaults; the operator's defaults
     * are checked by {@link #validateSettings}, and blocks merged over them again at start.
     */
    @Override
    public final List<ConfigKeys> configKeys() {
        Config defaults = referenceConfig().getConfig("lb.plugins." + id).getConfig("defaults");
        return List.of(new HealthConfigKeys(new CheckParser(types, defaults), types.keySet()));
    }

    /**
     * Checks {@code tick} and the values of {@code defaults}: each of this plugin's types parses an empty block over
     * them, so a bad default (a negative interval, a timeout not shorter than the interval, an unknown
     * initial-state) is reported at the operator's line by {@code lb validate} and on reload. Unknown keys are the
     * runtime's to report (it checks them against this plugin's reference.conf).
     */
    @Override
    public final List<ConfigProblem> validateSettings(Config settings) {
        Settings s = Settings.of(settings, "lb.plugins." + id);
        s.duration("tick");
        int before = s.problems().size();
        s.object("defaults");
        Set<ConfigProblem> problems = new LinkedHashSet<>(s.problems()); // types sharing a bad default: reported once
        if (s.problems().size() > before) {
            return List.copyOf(problems);
        }
        CheckParser parser = new CheckParser(types, settings.getConfig("defaults"));
        for (String type : types.keySet()) {
            Config block = ConfigFactory.parseMap(Map.of(CheckParser.TYPE, type), "lb.plugins." + id + ".defaults");
            if (parser.parse(block, ConfigFactory.empty()) instanceof CheckParser.Invalid invalid) {
                invalid.problems().forEach(p -> problems.add(new ConfigProblem(p.file(), p.line(),
                        "lb.plugins." + id + ".defaults: " + p.message())));
            }
        }
        return List.copyOf(problems);
    }

    /**
     * Starts checking.
     *
     * @throws FatalStartException when the plugin's settings, or a service's blocks merged over them, are invalid
     */
    @Override
    public final void start(PluginContext context) throws FatalStartException {
        Config config = context.config();
        Set<ConfigProblem> problems = new LinkedHashSet<>(validateSettings(config));
        Settings s = Settings.of(config, "lb.plugins." + id);
        Duration tick = s.duration("tick");
        Settings defaultsBlock = s.object("defaults");
        if (!s.ok()) {
            throw cannotStart(problems);
        }
        Config defaults = config.getConfig("defaults");
        // blocks name their own type; a type in the defaults would silently change the discriminator's default
        Set<String> allowed = new TreeSet<>(new CheckParser(types, defaults).allKeys());
        allowed.remove(CheckParser.TYPE);
        defaultsBlock.rejectUnknownKeys(allowed);
        problems.addAll(s.problems());
        HealthChecker started = new HealthChecker(context, id, types.values(), defaults, tick,
                new SplittableRandom());
        problems.addAll(started.problems());
        if (!problems.isEmpty()) {
            throw cannotStart(problems);
        }
        context.register(started.weightModifier());
        context.register(started.statusProvider());
        started.start();
        checker = started;
    }

    @Override
    public final void stop() {
        if (checker != null) {
            checker.stop();
        }
    }

    private FatalStartException cannotStart(Set<ConfigProblem> problems) {
        return new FatalStartException(id + " cannot start:\n  " + problems.stream().map(ConfigProblem::toString)
                .collect(Collectors.joining("\n  ")));
    }

    private Config referenceConfig() {
        URL url = getClass().getResource("/reference.conf");
        if (url == null) {
            throw new IllegalStateException("plugin " + id + " ships no reference.conf");
        }
        return ConfigFactory.parseURL(url);
    }
}
