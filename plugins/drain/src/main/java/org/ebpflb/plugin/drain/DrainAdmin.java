package org.ebpflb.plugin.drain;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.spi.AdminRequest;
import org.ebpflb.api.spi.AdminResponse;
import org.ebpflb.api.spi.AdminRoute;
import org.ebpflb.api.spi.PluginContext;
import org.ebpflb.api.spi.StatusProvider;

/** The drain plugin's admin routes and its {@code lb status} section. */
final class DrainAdmin {
    /** Drains or undrains one target. */
    static final String TARGET_PATH = "/api/v1/services/{name}/targets/{ip:port}/drain";
    /** Lists every drain. */
    static final String LIST_PATH = "/api/v1/drains";
    private static final String TIMEOUT = "timeout";
    private static final String ON_TIMEOUT = "on-timeout";
    private static final Set<String> BODY_KEYS = Set.of(TIMEOUT, ON_TIMEOUT);

    private final PluginContext context;
    private final DrainBook book;
    private final Supplier<DrainSettings> settings;

    /**
     * @param context for the model
     * @param book the drains
     * @param settings the current plugin settings (a reload may change them)
     */
    DrainAdmin(PluginContext context, DrainBook book, Supplier<DrainSettings> settings) {
        this.context = context;
        this.book = book;
        this.settings = settings;
    }

    /** @return POST and DELETE of a target's drain, GET of every drain */
    List<AdminRoute> routes() {
        return List.of(new AdminRoute("POST", TARGET_PATH, this::drain),
                new AdminRoute("DELETE", TARGET_PATH, this::undrain),
                new AdminRoute("GET", LIST_PATH, request -> AdminResponse.ok(list())));
    }

    /** @return the "drains" section: every drain, and whether drains survive a restart here */
    StatusProvider status() {
        return new StatusProvider() {
            @Override
            public String section() {
                return "drains";
            }

            @Override
            public Object snapshot() {
                return list();
            }
        };
    }

    private Map<String, Object> list() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kept-across-restart", book.survivesRestart());
        out.put("drains", book.snapshot());
        return out;
    }

    private AdminResponse drain(AdminRequest request) {
        Resolved r = resolve(request);
        if (r.refusal() != null) {
            return r.refusal();
        }
        Set<String> unknown = new TreeSet<>(request.body().keySet());
        unknown.removeAll(BODY_KEYS);
        if (!unknown.isEmpty()) {
            return AdminResponse.error(400, "unknown field(s) " + unknown + "; a drain takes " + new TreeSet<>(
                    BODY_KEYS));
        }
        DrainSettings s = settings.get();
        Duration timeout = serviceTimeout(r.service()).orElse(s.defaultTimeout());
        Object requested = request.body().get(TIMEOUT);
        if (requested != null) {
            Optional<Duration> parsed = duration(requested);
            if (parsed.isEmpty()) {
                return AdminResponse.error(400, "timeout must be a positive duration such as \"30s\", got "
                        + requested);
            }
            timeout = parsed.get();
        }
        OnTimeout onTimeout = s.onTimeout();
        Object mode = request.body().get(ON_TIMEOUT);
        if (mode != null) {
            Optional<OnTimeout> parsed = OnTimeout.parse(mode.toString());
            if (parsed.isEmpty()) {
                return AdminResponse.error(400, "on-timeout must be keep or reset, got " + mode);
            }
            onTimeout = parsed.get();
        }
        DrainBook.Started started = book.start(r.service().name(), r.target(), timeout, onTimeout);
        Map<String, Object> body = row(started.drain());
        body.put("created", started.created());
        body.put("kept-across-restart", started.kept());
        return AdminResponse.ok(body);
    }

    private AdminResponse undrain(AdminRequest request) {
        Resolved r = resolve(request);
        if (r.refusal() != null) {
            return r.refusal();
        }
        Optional<Drain> ended = book.end(r.service().name(), r.target(), "undrained");
        if (ended.isEmpty()) {
            return AdminResponse.error(404, r.target() + " of service '" + r.service().name() + "' is not drained");
        }
        Map<String, Object> body = row(ended.get());
        body.put("ended", ended.get().state() == DrainState.DRAINING ? "cancelled" : "undrained");
        return AdminResponse.ok(body);
    }

    private Map<String, Object> row(Drain drain) {
        return drain.describe(context.clock().instant());
    }

    /** The request's service and target, or why it is refused. */
    private record Resolved(ServiceSpec service, Endpoint target, AdminResponse refusal) {
    }

    private Resolved resolve(AdminRequest request) {
        String name = request.param("name");
        Optional<ServiceSpec> service = context.model().service(name);
        if (service.isEmpty()) {
            return new Resolved(null, null, AdminResponse.error(404, "no service '" + name + "'"));
        }
        Endpoint target;
        try {
            target = Endpoint.parse(request.param("ip:port"));
        } catch (IllegalArgumentException e) {
            return new Resolved(null, null, AdminResponse.error(400, e.getMessage()));
        }
        boolean known = context.model().targets().stream()
                .anyMatch(t -> t.service().equals(name) && t.endpoint().equals(target));
        if (!known) {
            return new Resolved(null, null, AdminResponse.error(404, "service '" + name + "' has no target "
                    + target));
        }
        return new Resolved(service.get(), target, null);
    }

    private static Optional<Duration> serviceTimeout(ServiceSpec service) {
        if (!service.config().hasPath(DrainSettings.DRAIN_TIMEOUT)) {
            return Optional.empty();
        }
        return Optional.of(service.config().getDuration(DrainSettings.DRAIN_TIMEOUT)); // validated at load
    }

    private static Optional<Duration> duration(Object value) {
        if (!(value instanceof String text)) {
            return Optional.empty();
        }
        try {
            Duration d = ConfigFactory.parseMap(Map.of(TIMEOUT, text)).getDuration(TIMEOUT);
            return d.isNegative() || d.isZero() ? Optional.empty() : Optional.of(d);
        } catch (ConfigException e) {
            return Optional.empty();
        }
    }
}
