package org.ebpflb.plugin.dnsregistration;

import com.typesafe.config.Config;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.ebpflb.api.event.WeightsApplied;
import org.ebpflb.api.model.AddressFamily;
import org.ebpflb.api.model.IpAddresses;
import org.ebpflb.api.settings.Durations;
import org.ebpflb.api.spi.ConfigProblem;
import org.ebpflb.api.spi.DeclaredRoute;
import org.ebpflb.api.spi.Plugin;
import org.ebpflb.api.spi.PluginContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The dns-registration plugin: keeps this node's address in a shared DNS name while its services have healthy
 * targets, probes the other nodes of the name and removes failed ones, takes it out again on a clean shutdown, and
 * offers blocks and a rolling replace through the admin API. Idle until {@code fqdn}, {@code zone} and {@code server}
 * are set.
 */
public final class DnsRegistrationPlugin implements Plugin {
    /** The plugin id, its directory name and its settings key under {@code lb.plugins}. */
    public static final String ID = "dns-registration";
    private static final Logger LOG = LoggerFactory.getLogger(DnsRegistrationPlugin.class);

    private AutoCloseable weights;
    private RoundLoop loop;
    private Registrar registrar;
    private ProbeListener listener;
    private volatile StartOnlySettings startedWith;

    /** Creates the plugin; {@link #start} does the work. */
    public DnsRegistrationPlugin() {
        // ServiceLoader needs a public no-argument constructor
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<DeclaredRoute> declaredRoutes() {
        return RegistrationAdmin.ROUTES;
    }

    @Override
    public List<String> declaredStatusSections() {
        return List.of(RegistrationAdmin.SECTION);
    }

    /** On a running instance (a reload) a changed setting is refused too: they are read at start only. */
    @Override
    public List<ConfigProblem> validateSettings(Config settings) {
        List<ConfigProblem> problems = new ArrayList<>(RegistrationSettings.read(settings).reader().problems());
        StartOnlySettings started = startedWith;
        if (started != null && problems.isEmpty()) {
            problems.addAll(started.changes(settings));
        }
        return problems;
    }

    @Override
    public void start(PluginContext context) {
        startedWith = new StartOnlySettings(context.config());
        RegistrationSettings.Result read = RegistrationSettings.read(context.config());
        if (!read.configured()) {
            String reason = "fqdn, zone and server are not set";
            RegistrationAdmin.idleRoutes(reason).forEach(context::register);
            context.register(RegistrationAdmin.status(() -> Map.of("active", false, "reason", reason)));
            return;
        }
        RegistrationSettings settings = read.settings().orElseThrow(() -> new IllegalStateException(
                "invalid settings:\n  " + read.reader().problems().stream().map(ConfigProblem::toString)
                        .collect(Collectors.joining("\n  "))));
        InetAddress self = OwnAddress.of(settings.address(), context.model());
        RegistrationSettings.TsigKey key = settings.tsig();
        DnsProvider dns = new CountedDnsProvider(new Rfc2136Provider(settings.server(), settings.zone(),
                settings.fqdn(), AddressFamily.of(self), key.tsig(), key.name(), settings.ttl(), settings.probeTimeout()),
                settings.fqdn().toString(true), context.events(), context.clock());
        SecureRandom random = new SecureRandom();
        String owner = IpAddresses.format(self) + "/" + HexFormat.of().formatHex(random.generateSeed(3));
        ProbeListener probes = settings.probeListener()
                ? new ProbeListener(new InetSocketAddress(self, settings.tcpPort())) : null;
        RegistrationGate gate = new RegistrationGate();
        Registrar r = new Registrar(dns, new TcpProber(settings.tcpPort(), settings.tls(), settings.probeTimeout()),
                context.executor(), context.clock(), settings, self, owner, () -> gate.blocker(context.model()),
                open -> Optional.ofNullable(probes).ifPresent(p -> p.set(open)), context.events());
        RollingReplace replace = new RollingReplace(r, settings.replaceCommand()
                .map(c -> new ReplaceCommand(c, settings.replaceTimeout())), settings.ttl(),
                settings.replaceTimeout(), context.clock(), Thread::sleep);
        RegistrationAdmin admin = new RegistrationAdmin(r, replace, context.executor());
        admin.routes().forEach(context::register);
        context.register(admin.status());
        RoundLoop rounds = new RoundLoop(r::round, settings.checkInterval(), context.scheduler(), context.executor(),
                random);
        // a change of this node's health is acted on at once, not at the next round
        weights = context.events().subscribe(WeightsApplied.class, e -> {
            if (gate.apply(e)) {
                rounds.now();
            }
        });
        registrar = r;
        listener = probes;
        loop = rounds;
        LOG.info("dns-registration: {} registers as {} in {} (owner {}, check every {})", IpAddresses.format(self),
                settings.fqdn(), dns.describe(), owner, Durations.format(settings.checkInterval()));
        rounds.now();
    }

    /** Deregisters this node (a clean shutdown) and releases the leases it holds. */
    @Override
    public void stop() {
        if (weights != null) {
            try {
                weights.close();
            } catch (Exception e) {
                LOG.warn("dns-registration: could not unsubscribe from weight events", e);
            }
        }
        if (loop != null) {
            loop.close();
        }
        if (registrar != null) {
            registrar.deregister();
        }
        if (listener != null) {
            listener.close();
        }
    }
}
