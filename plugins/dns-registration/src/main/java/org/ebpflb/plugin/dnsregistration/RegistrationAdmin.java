package org.ebpflb.plugin.dnsregistration;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.net.InetAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;
import org.ebpflb.api.model.Cidr;
import org.ebpflb.api.model.AddressFamily;
import org.ebpflb.api.model.IpAddresses;
import org.ebpflb.api.spi.AdminRequest;
import org.ebpflb.api.spi.AdminResponse;
import org.ebpflb.api.spi.AdminRoute;
import org.ebpflb.api.spi.DeclaredRoute;
import org.ebpflb.api.spi.StatusProvider;

/**
 * The admin API routes and the {@code lb status} section. Mutating routes take a JSON body; a bad one is refused with
 * 400 and its reason, a DNS server failure with 502 and the server's refusal in words.
 */
final class RegistrationAdmin {
    /** The plugin's state. */
    static final String PATH = "/api/v1/dns-registration";
    /** Body {@code {"ip": "198.18.0.12", "for": "15m"}}: what {@code lb dns block} sends. */
    static final String BLOCK_PATH = PATH + "/block";
    /** Body {@code {"ip": "198.18.0.12"}}: what {@code lb dns unblock} sends. */
    static final String UNBLOCK_PATH = PATH + "/unblock";
    /** Body {@code {"region": "198.18.0.0/24"}} or empty: what {@code lb dns rolling-replace} sends. */
    static final String ROLLING_REPLACE_PATH = PATH + "/rolling-replace";
    /** The status section title. */
    static final String SECTION = "dns-registration";
    /** What {@link #routes()} and {@link #idleRoutes} return, as the plugin declares it. */
    static final List<DeclaredRoute> ROUTES = List.of(new DeclaredRoute("GET", PATH),
            new DeclaredRoute("POST", BLOCK_PATH), new DeclaredRoute("POST", UNBLOCK_PATH),
            new DeclaredRoute("POST", ROLLING_REPLACE_PATH));

    private final Registrar registrar;
    private final RollingReplace replace;
    private final ExecutorService executor;

    /**
     * @param registrar the name's operations
     * @param replace the rolling replace
     * @param executor where a rolling replace runs
     */
    RegistrationAdmin(Registrar registrar, RollingReplace replace, ExecutorService executor) {
        this.registrar = registrar;
        this.replace = replace;
        this.executor = executor;
    }

    /** @return the GET and POST routes */
    List<AdminRoute> routes() {
        return List.of(new AdminRoute("GET", PATH, request -> AdminResponse.ok(snapshot())),
                new AdminRoute("POST", BLOCK_PATH, this::block),
                new AdminRoute("POST", UNBLOCK_PATH, this::unblock),
                new AdminRoute("POST", ROLLING_REPLACE_PATH, this::rollingReplace));
    }

    /** @return the status section: the same data as {@code GET /api/v1/dns-registration} */
    StatusProvider status() {
        return status(this::snapshot);
    }

    /**
     * @param snapshot what the section shows
     * @return the {@value #SECTION} status section
     */
    static StatusProvider status(Supplier<Map<String, ?>> snapshot) {
        return new StatusProvider() {
            @Override
            public String section() {
                return SECTION;
            }

            @Override
            public Map<String, ?> snapshot() {
                return snapshot.get();
            }
        };
    }

    /**
     * @param reason why the plugin is idle
     * @return routes that answer with that reason, so the CLI says it instead of "no such route"
     */
    static List<AdminRoute> idleRoutes(String reason) {
        Map<String, Object> body = Map.of("active", false, "reason", reason);
        AdminRoute.Handler refuse = request -> AdminResponse.error(409, "dns-registration is idle: " + reason);
        return List.of(new AdminRoute("GET", PATH, request -> AdminResponse.ok(body)),
                new AdminRoute("POST", BLOCK_PATH, refuse), new AdminRoute("POST", UNBLOCK_PATH, refuse),
                new AdminRoute("POST", ROLLING_REPLACE_PATH, refuse));
    }

    private Map<String, ?> snapshot() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("active", true);
        out.putAll(registrar.snapshot());
        out.put("rollingReplace", replace.snapshot());
        return out;
    }

    private AdminResponse block(AdminRequest request) {
        Optional<InetAddress> ip = ip(request);
        Object forText = request.body().get("for");
        if (ip.isEmpty()) {
            return badIp(request);
        }
        if (!(forText instanceof String text)) {
            return AdminResponse.error(400, "give the block's length as \"for\", e.g. \"15m\" (1m .. 1h)");
        }
        Duration duration;
        try {
            duration = ConfigFactory.parseMap(Map.of("for", text)).getDuration("for");
        } catch (ConfigException e) {
            return AdminResponse.error(400, "\"for\" must be a duration such as 15m, got '" + text + "'");
        }
        try {
            BlockLease lease = registrar.block(ip.get(), duration);
            return AdminResponse.ok(Map.of("blocked", IpAddresses.format(ip.get()), "until", lease.until().toString(),
                    "owner", lease.owner()));
        } catch (IllegalArgumentException e) {
            return AdminResponse.error(409, e.getMessage());
        } catch (DnsProviderException e) {
            return AdminResponse.error(502, e.getMessage());
        }
    }

    private AdminResponse unblock(AdminRequest request) {
        Optional<InetAddress> ip = ip(request);
        if (ip.isEmpty()) {
            return badIp(request);
        }
        try {
            int removed = registrar.unblock(ip.get());
            if (removed == 0) {
                return AdminResponse.error(404, IpAddresses.format(ip.get()) + " is not blocked");
            }
            return AdminResponse.ok(Map.of("unblocked", IpAddresses.format(ip.get()), "leasesRemoved", removed));
        } catch (DnsProviderException e) {
            return AdminResponse.error(502, e.getMessage());
        }
    }

    private AdminResponse rollingReplace(AdminRequest request) {
        Object regionText = request.body().get("region");
        Optional<Cidr> region = Optional.empty();
        if (regionText != null) {
            try {
                region = Optional.of(Cidr.parse(String.valueOf(regionText)));
            } catch (IllegalArgumentException e) {
                return AdminResponse.error(400, "\"region\" must be a CIDR such as 198.18.0.0/24: " + e.getMessage());
            }
        }
        List<InetAddress> nodes;
        try {
            nodes = replace.begin(region);
        } catch (IllegalStateException e) {
            return AdminResponse.error(409, e.getMessage());
        } catch (DnsProviderException e) {
            return AdminResponse.error(502, e.getMessage());
        }
        Optional<Cidr> chosen = region;
        executor.execute(() -> replace.run(nodes, chosen));
        return new AdminResponse(202, Map.of("started", true,
                "nodes", nodes.stream().map(IpAddresses::format).toList()));
    }

    /** @return the body's {@code ip} when it is an address of this node's family (the name's record type) */
    private Optional<InetAddress> ip(AdminRequest request) {
        if (!(request.body().get("ip") instanceof String text)) {
            return Optional.empty();
        }
        try {
            InetAddress a = IpAddresses.parseLiteral(text);
            return AddressFamily.of(a) == AddressFamily.of(registrar.self()) ? Optional.of(a) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private AdminResponse badIp(AdminRequest request) {
        return AdminResponse.error(400, "\"ip\" must be an " + AddressFamily.of(registrar.self())
                + " address like this node's, got " + request.body().get("ip"));
    }
}
