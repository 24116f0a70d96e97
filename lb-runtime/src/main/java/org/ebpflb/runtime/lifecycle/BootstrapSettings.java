package org.ebpflb.runtime.lifecycle;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import com.typesafe.config.ConfigResolveOptions;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Optional;
import org.ebpflb.api.model.IpAddresses;

/**
 * The few settings needed before the configuration can be validated: where plugins live (validation needs the
 * plugins' owned keys) and where the admin API of a running instance answers (for {@code status}, {@code reload},
 * {@code explain}, which must work even when the file on disk is broken). Read leniently: whatever cannot be read
 * falls back to its default, and the full load reports the problem with its line.
 *
 * @param pluginDir the plugin directory, resolved against the install directory
 * @param operatorPlugins the operator's {@code lb.plugins} subtree, empty when unreadable
 * @param adminListen the admin API address
 * @param tokenFile the admin token file, if configured
 * @param unreadable why the file could not be read, when defaults stand in for all of it
 * @param instance the instance name (for {@code lb stop --detach})
 * @param pinRoot the bpffs holding the instance's pinned state
 * @param allowWritablePluginDir whether plugins may be loaded from files other users can change
 */
public record BootstrapSettings(Path pluginDir, Config operatorPlugins, InetSocketAddress adminListen,
                                Optional<Path> tokenFile, Optional<String> unreadable, String instance,
                                Path pinRoot, boolean allowWritablePluginDir) {
    private static final String DEFAULT_PLUGIN_DIR = "plugins";
    private static final String DEFAULT_ADMIN = "127.0.0.1:9300";

    /**
     * @param file the configuration file
     * @return its bootstrap settings, defaults for anything unreadable
     */
    public static BootstrapSettings read(Path file) {
        Config lb;
        Optional<String> unreadable = Optional.empty();
        try {
            Config root = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false))
                    .withFallback(ConfigFactory.defaultReference(BootstrapSettings.class.getClassLoader()))
                    .resolve(ConfigResolveOptions.defaults().setAllowUnresolved(true));
            lb = root.hasPath("lb") ? root.getConfig("lb") : ConfigFactory.empty();
        } catch (ConfigException e) {
            lb = ConfigFactory.empty(); // the full load reports it with FILE:LINE
            unreadable = Optional.of(file + " cannot be read (" + e.getMessage() + ")");
        }
        return new BootstrapSettings(
                InstallDir.home().resolve(string(lb, "plugin-dir", DEFAULT_PLUGIN_DIR)),
                object(lb, "plugins"),
                address(string(lb, "admin.listen", DEFAULT_ADMIN)),
                lb.hasPath("admin.token-file") ? Optional.of(Path.of(string(lb, "admin.token-file", "")))
                        : Optional.empty(),
                unreadable,
                string(lb, "instance", "default"),
                Path.of(string(lb, "dataplane.pin-root", "/sys/fs/bpf")),
                "true".equals(string(lb, "allow-writable-plugin-dir", "false")));
    }

    /**
     * @param text {@code ip:port} or {@code [ipv6]:port}
     * @return the socket address; the default 127.0.0.1:9300 when the text is not a literal address and port
     */
    static InetSocketAddress address(String text) {
        try {
            int colon = text.lastIndexOf(':');
            String host = text.substring(0, colon);
            if (host.startsWith("[") && host.endsWith("]")) {
                host = host.substring(1, host.length() - 1);
            }
            return new InetSocketAddress(IpAddresses.parseLiteral(host), Integer.parseInt(text.substring(colon + 1)));
        } catch (RuntimeException e) {
            return new InetSocketAddress(IpAddresses.parseLiteral("127.0.0.1"), 9300);
        }
    }

    private static String string(Config c, String path, String fallback) {
        try {
            return c.hasPath(path) ? c.getString(path) : fallback;
        } catch (ConfigException e) {
            return fallback;
        }
    }

    private static Config object(Config c, String path) {
        try {
            return c.hasPath(path) ? c.getConfig(path) : ConfigFactory.empty();
        } catch (ConfigException e) {
            return ConfigFactory.empty();
        }
    }
}
