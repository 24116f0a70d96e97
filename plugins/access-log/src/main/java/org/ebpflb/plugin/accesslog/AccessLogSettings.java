package org.ebpflb.plugin.accesslog;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ebpflb.api.settings.Settings;

/**
 * The plugin's settings, {@code lb.plugins.access-log}; defaults and meaning in the plugin's reference.conf.
 *
 * @param stdout true: lines go to standard output; false: to {@code file}
 * @param file the log file
 * @param maxSize the size a file is rotated before exceeding
 * @param maxFiles rotated files kept
 * @param opened whether opened events get a line too
 * @param queue lines that may wait for the writer
 */
record AccessLogSettings(boolean stdout, Path file, long maxSize, int maxFiles, boolean opened, int queue) {
    /** The smallest {@code max-size}: a line must fit. */
    static final long MIN_SIZE = 4096;

    /**
     * @param config {@code lb.plugins.access-log} over the reference.conf
     * @return the reader with every problem found, and the settings when there were none
     */
    static Read read(Config config) {
        Settings s = Settings.of(config, "lb.plugins.access-log");
        String output = s.oneOf("output", List.of("file", "stdout"));
        Path file = s.parsed("file", "an absolute path", AccessLogSettings::absolute);
        Long maxSize = s.parsed("max-size", "a size of at least 4KiB such as 100MiB", AccessLogSettings::size);
        int maxFiles = s.integer("max-files", 1, 1000);
        String log = s.oneOf("log", List.of("closed", "opened-and-closed"));
        int queue = s.integer("queue", 1, 10_000_000);
        return new Read(s, s.ok() ? Optional.of(new AccessLogSettings("stdout".equals(output), file, maxSize,
                maxFiles, "opened-and-closed".equals(log), queue)) : Optional.empty());
    }

    private static Path absolute(String text) {
        Path p = Path.of(text);
        if (!p.isAbsolute() || p.getFileName() == null) {
            throw new IllegalArgumentException("'" + text + "' is not an absolute file path");
        }
        return p;
    }

    /** HOCON's own size syntax (100MiB, 1g, 4096). */
    private static long size(String text) {
        long bytes = ConfigFactory.parseMap(Map.of("size", text)).getBytes("size");
        if (bytes < MIN_SIZE) {
            throw new IllegalArgumentException(text + " is below 4KiB");
        }
        return bytes;
    }

    /**
     * @param reader what was read, with its problems
     * @param settings the settings, when there were no problems
     */
    record Read(Settings reader, Optional<AccessLogSettings> settings) {
    }
}
