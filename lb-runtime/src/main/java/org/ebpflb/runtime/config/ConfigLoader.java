package org.ebpflb.runtime.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ebpflb.api.spi.ConfigProblem;
import org.ebpflb.api.spi.Plugin;
import org.ebpflb.runtime.overlay.Overlay;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads the operator's HOCON file over lb-runtime's reference.conf and validates it strictly: unknown keys (with
 * "did you mean"), wrong types, bad addresses and CIDRs, duplicate services, listen clashes, and plugin-owned keys
 * through the owning plugins. The runtime changes' overlay beside the file ({@code <file>.runtime.conf}) is
 * merged over its services first ({@link OverlayMerge}). Every problem is reported as {@code FILE:LINE: message},
 * with FILE as the operator named it; a configuration is returned only when there is none.
 */
public final class ConfigLoader {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigLoader.class);

    private final List<Plugin> plugins;
    private final Config reference;

    /**
     * Creates a loader for one set of loaded plugins; it can load any number of files (start, reloads).
     *
     * @param plugins the loaded plugins: they own service and target keys and have settings under
     *     {@code lb.plugins.<id>}
     * @throws IllegalStateException when lb-runtime's own reference.conf is missing (a packaging error)
     */
    public ConfigLoader(List<Plugin> plugins) {
        this.plugins = List.copyOf(plugins);
        this.reference = OwnResource.read(ConfigLoader.class, "reference.conf")
                .map(text -> ConfigFactory.parseString(text,
                        ConfigParseOptions.defaults().setOriginDescription("lb-runtime reference.conf")))
                .orElseThrow(() -> new IllegalStateException("lb-runtime has no reference.conf"));
    }

    /**
     * Reads and validates a configuration file. Advice that leaves it valid (a table small for its targets, say) is
     * logged as a warning.
     *
     * @param file the file, as the operator named it; problems name it the same way
     * @return the configuration, or every problem found; never throws for bad input
     */
    public ConfigResult load(Path file) {
        return load(file, Optional.empty());
    }

    /**
     * Validates a configuration file with a proposed overlay in place of the one beside it: a runtime change is
     * validated exactly as the file, its own values named by the request they came from.
     *
     * @param file the file, as the operator named it
     * @param overlay the overlay to merge over it
     * @return the configuration, or every problem found
     */
    public ConfigResult load(Path file, Overlay overlay) {
        return load(file, Optional.of(overlay));
    }

    /**
     * @param file a configuration file
     * @return its services by name as written, before validation (what runtime changes refer to); empty when the
     *     file cannot be parsed
     */
    public static Map<String, ConfigObject> mainServices(Path file) {
        try {
            return OverlayMerge.mainServices(ConfigFactory.parseFile(file.toFile(),
                    ConfigParseOptions.defaults().setAllowMissing(false).setSyntax(ConfigSyntax.CONF)));
        } catch (ConfigException e) {
            return Map.of();
        }
    }

    private ConfigResult load(Path file, Optional<Overlay> proposed) {
        Problems problems = new Problems();
        List<String> warnings = new ArrayList<>();
        Optional<LbConfig> config = read(file, proposed, problems)
                .flatMap(resolved -> new LbParser(file, plugins, problems, warnings,
                        reference.getLong("lb.dataplane.table-size")).parse(resolved));
        if (problems.count() > 0) {
            return ConfigResult.invalid(problems.sorted());
        }
        warnings.forEach(LOG::warn);
        return ConfigResult.valid(config.orElseThrow());
    }

    /**
     * reference.conf's {@code services = []} would fill in for a file that lost its services (emptied or truncated
     * by a failed write), and a reload would then remove every service: the operator's file must say it.
     */
    private static void requireServices(Path file, Config user, Problems problems) {
        if (user.root().isEmpty()) {
            problems.add(new ConfigProblem(file.toString(), -1, "is empty (or only comments): nothing to run, and an "
                    + "emptied or truncated file looks like this; write lb { services = [] } to run no service"));
        } else if (!user.hasPathOrNull("lb.services")) {
            String where = "lb.services is not set: list the services, or write services = [] to run none (a file "
                    + "without it is refused, since a truncated file looks like that)";
            if (user.hasPath("lb")) {
                problems.add(user.getValue("lb").origin(), where);
            } else {
                problems.add(new ConfigProblem(file.toString(), -1, where));
            }
        }
    }

    /** The main file with the overlay (the proposed one, else the file beside it) merged into its services. */
    private Optional<Config> read(Path file, Optional<Overlay> proposed, Problems problems) {
        if (!Files.isRegularFile(file)) {
            problems.add(new ConfigProblem(file.toString(), -1, Files.exists(file)
                    ? "is not a regular file" : "no such file"));
            return Optional.empty();
        }
        if (!Files.isReadable(file)) {
            problems.add(new ConfigProblem(file.toString(), -1, "is not readable"));
            return Optional.empty();
        }
        try {
            Config user = ConfigFactory.parseFile(file.toFile(),
                    ConfigParseOptions.defaults().setAllowMissing(false).setSyntax(ConfigSyntax.CONF));
            requireServices(file, user, problems);
            Optional<Overlay> overlay = proposed.isPresent() ? proposed : OverlayReader.read(file, problems);
            return overlay.map(o -> OverlayMerge.merge(user, o, file, problems).withFallback(reference).resolve());
        } catch (ConfigException e) {
            problems.add(e, "");
            return Optional.empty();
        }
    }
}
