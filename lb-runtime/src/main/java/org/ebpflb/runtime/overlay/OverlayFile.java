package org.ebpflb.runtime.overlay;

import com.typesafe.config.ConfigRenderOptions;
import com.typesafe.config.ConfigValue;
import com.typesafe.config.ConfigValueFactory;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.ebpflb.runtime.overlay.ServiceChange.Defined;
import org.ebpflb.runtime.overlay.ServiceChange.Edited;
import org.ebpflb.runtime.overlay.ServiceChange.Removed;

/**
 * The overlay's file, {@code <config>.runtime.conf} beside the configuration file, in HOCON:
 * <pre>
 * changes = [
 *   { service = api, define { name = api, listen { ... }, targets = [ ... ] }, replaces = false }
 *   { service = old, remove = true }
 *   { service = web, add-targets = [ { ip = "198.18.1.4", port = 8080, weight = 10 } ],
 *     remove-targets = [ "198.18.1.3:8080" ], weights = [ { target = "198.18.1.2:8080", weight = 5, was = 50 } ] }
 * ]
 * </pre>
 * It is written as a whole to a temporary file in the same directory, flushed to disk and renamed over the old one,
 * so a crash leaves either the old or the new overlay, never a torn one.
 */
public final class OverlayFile {
    /** Appended to the configuration file's name. */
    public static final String SUFFIX = ".runtime.conf";
    private static final String HEADER = """
            # ebpf-lb runtime changes, merged over %s by lb run and every reload.
            # Written by lb target ..., lb service ... and the admin API; lb runtime diff shows it, lb runtime clear
            # drops it. Edit the main file instead of this one.
            """;

    private OverlayFile() {
    }

    /**
     * @param config the configuration file
     * @return its overlay's path
     */
    public static Path beside(Path config) {
        return config.resolveSibling(config.getFileName() + SUFFIX);
    }

    /**
     * Writes the overlay, or deletes the file when the overlay is empty.
     *
     * @param config the configuration file
     * @param overlay the overlay
     * @throws IOException when it cannot be written; the old file is then untouched
     */
    public static void write(Path config, Overlay overlay) throws IOException {
        Path file = beside(config);
        if (overlay.changes().isEmpty()) {
            Files.deleteIfExists(file);
            return;
        }
        String text = HEADER.formatted(config.getFileName()) + render(overlay);
        Path temp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(StandardCharsets.UTF_8.encode(text));
            out.force(true);
        }
        try {
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    /**
     * @param overlay the overlay
     * @return its HOCON text, as the file holds it (without the header)
     */
    public static String render(Overlay overlay) {
        List<Object> changes = new ArrayList<>();
        for (ServiceChange change : overlay.changes()) {
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("service", change.service());
            switch (change) {
                case Defined d -> {
                    entry.put("define", d.definition());
                    entry.put("replaces", d.replaces());
                }
                case Removed r -> entry.put("remove", true);
                case Edited e -> {
                    if (!e.addTargets().isEmpty()) {
                        entry.put("add-targets", e.addTargets());
                    }
                    if (!e.removeTargets().isEmpty()) {
                        entry.put("remove-targets", e.removeTargets());
                    }
                    if (!e.weights().isEmpty()) {
                        entry.put("weights", e.weights().stream().map(w -> Map.of("target", w.target(),
                                "weight", w.weight(), "was", w.was())).toList());
                    }
                }
            }
            changes.add(entry);
        }
        ConfigValue root = ConfigValueFactory.fromMap(Map.of("changes", changes), "runtime changes");
        return root.render(ConfigRenderOptions.defaults().setOriginComments(false).setComments(false)
                .setJson(false));
    }
}
