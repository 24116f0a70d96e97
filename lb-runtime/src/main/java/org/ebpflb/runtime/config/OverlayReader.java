package org.ebpflb.runtime.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigSyntax;
import com.typesafe.config.ConfigValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.ebpflb.api.spi.ConfigProblem;
import org.ebpflb.runtime.overlay.Overlay;
import org.ebpflb.runtime.overlay.OverlayFile;
import org.ebpflb.runtime.overlay.ServiceChange;

/**
 * Reads the overlay file beside a configuration file ({@link OverlayFile}) strictly: unknown keys, wrong types and a
 * service changed twice are problems at the overlay's own {@code FILE:LINE}. A missing file is an empty overlay.
 */
public final class OverlayReader {
    private static final Set<String> ROOT = Set.of("changes");
    private static final Set<String> CHANGE = Set.of("service", "define", "replaces", "remove", "add-targets",
            "remove-targets", "weights");
    private static final Set<String> WEIGHT = Set.of("target", "weight", "was");

    private final Problems problems;
    private final Values values;

    private OverlayReader(Problems problems) {
        this.problems = problems;
        this.values = new Values(problems);
    }

    /**
     * @param config the configuration file
     * @return the overlay beside it, or its problems
     */
    public static OverlayResult read(Path config) {
        Problems problems = new Problems();
        Overlay overlay = read(config, problems).orElse(Overlay.EMPTY);
        return new OverlayResult(overlay, problems.sorted());
    }

    /**
     * Parses one service object sent as text (a runtime change), with problems worded as the file's are.
     *
     * @param text the service object in HOCON
     * @param origin how messages name it, e.g. {@code request service add snippet.conf}
     * @return the object, or its syntax problems
     */
    public static Snippet snippet(String text, String origin) {
        try {
            return new Snippet(Optional.of(ConfigFactory.parseString(text, ConfigParseOptions.defaults()
                    .setSyntax(ConfigSyntax.CONF).setOriginDescription(origin)).resolve().root()), List.of());
        } catch (ConfigException e) {
            Problems problems = new Problems();
            problems.add(e, "");
            return new Snippet(Optional.empty(), problems.sorted());
        }
    }

    /**
     * A service object sent as text.
     *
     * @param service the object, when it parsed
     * @param problems why it did not
     */
    public record Snippet(Optional<ConfigObject> service, List<ConfigProblem> problems) {
        /** Copies the list. */
        public Snippet {
            problems = List.copyOf(problems);
        }
    }

    /** @return the overlay, empty when there is none or it has problems (recorded) */
    static Optional<Overlay> read(Path config, Problems problems) {
        Path file = OverlayFile.beside(config);
        if (!Files.exists(file)) {
            return Optional.of(Overlay.EMPTY);
        }
        int before = problems.count();
        try {
            Config parsed = ConfigFactory.parseFile(file.toFile(),
                    ConfigParseOptions.defaults().setAllowMissing(false).setSyntax(ConfigSyntax.CONF)).resolve();
            Optional<Overlay> overlay = new OverlayReader(problems).overlay(parsed.root());
            return problems.count() == before ? overlay : Optional.empty();
        } catch (ConfigException e) {
            problems.add(e, "");
            return Optional.empty();
        }
    }

    private Optional<Overlay> overlay(ConfigObject root) {
        UnknownKeys.check(root, ROOT, problems);
        List<ServiceChange> changes = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (ConfigValue element : values.list(root, "changes").map(List::copyOf).orElse(List.of())) {
            values.object(element, "each change").flatMap(this::change).ifPresent(change -> {
                if (!seen.add(change.service())) {
                    problems.add(change.origin(), "service '" + change.service() + "' is changed twice");
                }
                changes.add(change);
            });
        }
        return Optional.of(new Overlay(changes));
    }

    private Optional<ServiceChange> change(ConfigObject change) {
        UnknownKeys.check(change, CHANGE, problems);
        values.require(change, "service");
        Optional<String> service = values.string(change, "service");
        if (service.isEmpty()) {
            return Optional.empty();
        }
        if (Values.has(change, "define")) {
            return values.object(change, "define").map(definition -> new ServiceChange.Defined(service.get(),
                    values.bool(change, "replaces").orElse(false), definition, change.origin()));
        }
        if (Values.has(change, "remove")) {
            return values.bool(change, "remove").filter(remove -> remove)
                    .map(remove -> new ServiceChange.Removed(service.get(), change.origin()));
        }
        List<ConfigObject> add = values.list(change, "add-targets").stream().flatMap(ConfigList::stream)
                .map(t -> values.object(t, "each added target")).flatMap(Optional::stream).toList();
        List<String> remove = Values.has(change, "remove-targets")
                ? values.stringList(change, "remove-targets", "each removed target").orElse(List.of()) : List.of();
        List<ServiceChange.WeightChange> weights = values.list(change, "weights").stream().flatMap(ConfigList::stream)
                .map(w -> values.object(w, "each weight")).flatMap(Optional::stream).map(this::weight)
                .flatMap(Optional::stream).toList();
        return Optional.of(new ServiceChange.Edited(service.get(), add, remove, weights, change.origin()));
    }

    private Optional<ServiceChange.WeightChange> weight(ConfigObject weight) {
        UnknownKeys.check(weight, WEIGHT, problems);
        WEIGHT.forEach(key -> values.require(weight, key));
        Optional<String> target = values.string(weight, "target");
        Optional<Long> was = values.integer(weight, "was", 1, Integer.MAX_VALUE);
        if (target.isEmpty() || was.isEmpty() || !Values.has(weight, "weight")) {
            return Optional.empty();
        }
        return Optional.of(new ServiceChange.WeightChange(target.get(), weight.get("weight"), was.get(),
                weight.origin()));
    }

    /**
     * An overlay as read from its file.
     *
     * @param overlay the overlay; empty when there are problems
     * @param problems each as {@code FILE:LINE: message}
     */
    public record OverlayResult(Overlay overlay, List<ConfigProblem> problems) {
        /** Copies the list. */
        public OverlayResult {
            problems = List.copyOf(problems);
        }
    }
}
