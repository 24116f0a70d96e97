package org.ebpflb.runtime.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.ebpflb.api.model.Cidr;
import org.ebpflb.api.model.HashMode;
import org.ebpflb.api.model.IpAddresses;
import org.ebpflb.api.model.ListenSpec;
import org.ebpflb.api.model.Protocol;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.model.SourceRouteSpec;
import org.ebpflb.api.model.TargetSpec;
import org.ebpflb.api.spi.ConfigProblem;
import org.ebpflb.api.spi.Plugin;

/**
 * Reads {@code lb.conf} into an {@link LbConfig}. This is the runtime branch's minimal stand-in with the agreed API:
 * it parses every key the runtime needs and reports parse errors, but does not validate (the config branch's
 * loader replaces it at merge).
 */
public final class ConfigLoader {
    @SuppressWarnings("unused") // the real loader reads the plugins' owned keys; this stand-in ignores them
    private final List<Plugin> plugins;

    /** @param plugins the loaded plugins, whose owned keys the real loader accepts */
    public ConfigLoader(List<Plugin> plugins) {
        this.plugins = List.copyOf(plugins);
    }

    /**
     * @param file the configuration file
     * @return the configuration or the problems; never throws for bad input
     */
    public ConfigResult load(Path file) {
        try {
            Config lb = ConfigFactory.parseFile(file.toFile(), ConfigParseOptions.defaults().setAllowMissing(false))
                    .resolve().getConfig("lb");
            DataplaneSettings dataplane = dataplane(lb);
            List<ServiceSpec> services = new ArrayList<>();
            for (Config s : lb.hasPath("services") ? lb.getConfigList("services") : List.<Config>of()) {
                services.add(service(s, dataplane.tableSize()));
            }
            LbConfig config = new LbConfig(file, string(lb, "instance", "default"),
                    installDir().resolve(string(lb, "plugin-dir", "plugins")), admin(lb), dataplane,
                    lb.hasPath("plugins") ? lb.getConfig("plugins") : ConfigFactory.empty(), services);
            return new ConfigResult(Optional.of(config), List.of());
        } catch (ConfigException e) {
            ConfigProblem problem = e.origin() == null ? new ConfigProblem(file.toString(), -1, e.getMessage())
                    : ConfigProblem.at(e.origin(), e.getMessage().replace(e.origin().description() + ": ", ""));
            return new ConfigResult(Optional.empty(), List.of(problem));
        } catch (IllegalArgumentException e) {
            return new ConfigResult(Optional.empty(), List.of(new ConfigProblem(file.toString(), -1, e.getMessage())));
        }
    }

    private static Path installDir() {
        return Path.of(System.getProperty("lb.home", "")).toAbsolutePath();
    }

    private static AdminSettings admin(Config lb) {
        String listen = string(lb, "admin.listen", "127.0.0.1:9300");
        int colon = listen.lastIndexOf(':');
        InetAddress host = IpAddresses.parseLiteral(listen.substring(0, colon).replace("[", "").replace("]", ""));
        Optional<Path> token = lb.hasPath("admin.token-file")
                ? Optional.of(Path.of(lb.getString("admin.token-file"))) : Optional.empty();
        return new AdminSettings(new InetSocketAddress(host, Integer.parseInt(listen.substring(colon + 1))), token);
    }

    private static DataplaneSettings dataplane(Config lb) {
        Config d = lb.hasPath("dataplane") ? lb.getConfig("dataplane") : ConfigFactory.empty();
        return new DataplaneSettings(string(d, "xdp-mode", "auto"),
                d.hasPath("max-connections") ? d.getLong("max-connections") : 1_000_000,
                d.hasPath("tcp-idle-timeout") ? d.getDuration("tcp-idle-timeout") : Duration.ofSeconds(300),
                d.hasPath("udp-idle-timeout") ? d.getDuration("udp-idle-timeout") : Duration.ofSeconds(30),
                d.hasPath("table-size") ? d.getInt("table-size") : 16381,
                d.hasPath("panic-threshold") ? d.getDouble("panic-threshold") : 0,
                Path.of(string(d, "pin-root", "/sys/fs/bpf")));
    }

    private static ServiceSpec service(Config s, int defaultTableSize) {
        Config l = s.getConfig("listen");
        ListenSpec listen = new ListenSpec(l.hasPath("interfaces") ? l.getStringList("interfaces") : List.of(),
                l.hasPath("address") ? Optional.of(IpAddresses.parseLiteral(l.getString("address"))) : Optional.empty(),
                l.getInt("port"), Protocol.valueOf(string(l, "protocol", "tcp").toUpperCase()));
        HashMode hash = HashMode.valueOf(string(s, "hash", "five-tuple").toUpperCase().replace('-', '_'));
        List<SourceRouteSpec> routes = new ArrayList<>();
        for (Config r : s.hasPath("source-routes") ? s.getConfigList("source-routes") : List.<Config>of()) {
            routes.add(new SourceRouteSpec(Cidr.parse(r.getString("source")), targets(r)));
        }
        return new ServiceSpec(s.getString("name"), listen, hash, targets(s), routes,
                s.hasPath("table-size") ? s.getInt("table-size") : defaultTableSize, s);
    }

    private static List<TargetSpec> targets(Config parent) {
        List<TargetSpec> out = new ArrayList<>();
        for (Config t : parent.hasPath("targets") ? parent.getConfigList("targets") : List.<Config>of()) {
            out.add(new TargetSpec(
                    t.hasPath("ip") ? Optional.of(IpAddresses.parseLiteral(t.getString("ip"))) : Optional.empty(),
                    t.hasPath("host") ? Optional.of(t.getString("host")) : Optional.empty(),
                    t.getInt("port"), t.hasPath("weight") ? t.getInt("weight") : 1, t));
        }
        return out;
    }

    private static String string(Config c, String path, String fallback) {
        return c.hasPath(path) ? c.getString(path) : fallback;
    }
}
