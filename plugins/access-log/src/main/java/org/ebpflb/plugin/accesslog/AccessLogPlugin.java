package org.ebpflb.plugin.accesslog;

import com.typesafe.config.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.ebpflb.api.event.ConnectionEvent;
import org.ebpflb.api.spi.ConfigProblem;
import org.ebpflb.api.spi.FatalStartException;
import org.ebpflb.api.spi.Plugin;
import org.ebpflb.api.spi.PluginContext;
import org.ebpflb.api.spi.StatusProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The access-log plugin: subscribes to {@link ConnectionEvent}s and writes one JSON line per closed connection (or
 * per opened and closed) to a size-rotated file or to standard output; an "access-log" status section with lines
 * written, dropped (queue full) and failed. Settings take effect at start; a reload does not move the file. Off by
 * default ({@code enabled = false}).
 */
public final class AccessLogPlugin implements Plugin {
    /** The plugin id. */
    public static final String ID = "access-log";
    private static final Logger LOG = LoggerFactory.getLogger(AccessLogPlugin.class);

    private AccessLogWriter writer;
    private AutoCloseable subscription;

    /** Creates the plugin; {@link #start} does the work. */
    public AccessLogPlugin() {
        // ServiceLoader needs a public no-argument constructor
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<ConfigProblem> validateSettings(Config settings) {
        return AccessLogSettings.read(settings).reader().problems();
    }

    @Override
    public List<String> declaredStatusSections() {
        return List.of(ID);
    }

    @Override
    public void start(PluginContext context) throws FatalStartException {
        AccessLogSettings.Read read = AccessLogSettings.read(context.config());
        AccessLogSettings s = read.settings().orElseThrow(() -> new FatalStartException(ID + ": invalid settings:\n  "
                + read.reader().problems().stream().map(ConfigProblem::toString).collect(Collectors.joining("\n  "))));
        if (context.offline()) {
            return; // an offline round (lb explain, lb plugins) sees no connection and opens no file
        }
        LineSink sink;
        if (s.stdout()) {
            sink = LineSink.stdout(System.out);
        } else {
            if (!Files.isDirectory(s.file().getParent())) {
                throw new FatalStartException(ID + ": the directory of file " + s.file() + " does not exist");
            }
            try {
                sink = new RotatingFile(s.file(), s.maxSize(), s.maxFiles());
            } catch (IOException e) {
                throw new FatalStartException(ID + ": cannot open " + s.file() + ": " + e);
            }
        }
        writer = new AccessLogWriter(sink, s.queue(), s.opened());
        subscription = context.events().subscribe(ConnectionEvent.class, writer::offer);
        context.register(new StatusProvider() {
            @Override
            public String section() {
                return ID;
            }

            @Override
            public Map<String, ?> snapshot() {
                return writer.status();
            }
        });
        LOG.info("access-log: {} lines to {}", s.opened() ? "opened and closed" : "closed",
                s.stdout() ? "stdout" : s.file());
    }

    @Override
    public void stop() {
        try {
            if (subscription != null) {
                subscription.close();
            }
            if (writer != null) {
                writer.close();
            }
        } catch (Exception e) {
            LOG.warn("access-log: closing failed: {}", e.toString());
        }
    }
}
