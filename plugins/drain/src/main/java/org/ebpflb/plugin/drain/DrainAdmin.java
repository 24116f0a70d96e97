package org.ebpflb.plugin.drain;

import com.typesafe.config.ConfigFactory;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.function.Supplier;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.settings.Settings;
import org.ebpflb.api.spi.AdminRequest;
import org.ebpflb.api.spi.AdminResponse;
import org.ebpflb.api.spi.AdminRoute;
import org.ebpflb.api.spi.DeclaredRoute;
import org.ebpflb.api.spi.ConfigProblem;
import org.ebpflb.api.spi.PluginContext;
import org.ebpflb.api.spi.StatusProvider;

/** The drain plugin's admin routes and its {@code lb status} section, "drains". */
final class DrainAdmin implements StatusProvider {
    /** Drains or undrains one target. */
    static final String TARGET_PATH = "/api/v1/services/{name}/targets/{ip:port}/drain";
    /** Lists every drain. */
    static final String LIST_PATH = "/api/v1/drains";
    /** The routes, as the plugin declares them. */
    static final List<DeclaredRoute> ROUTES = List.of(new DeclaredRoute("POST", TARGET_PATH),
            new DeclaredRoute("DELETE", TARGET_PATH), new DeclaredRoute("GET", LIST_PATH));
    /** The status section's title. */
    static final String SECTION = "drains";
    private static final String TIMEOUT = "timeout";
    private static final String ON_TIMEOUT = "on-timeout";
    private static final Set<String> BODY_KEYS = Set.of(TIMEOUT, ON_TIMEOUT);

    private final PluginContext context;
    private final DrainBook book;
    private final Supplier<DrainSettings> settings;
    private final TablesWatch tables;
    private final Duration applyWait;

    /**
     * @param context for the model
     * @param book the drains
     * @param settings the current plugin settings (a reload may change them)
     * @param tables tells when tables without a drained target are applied
     * @param applyWait how long a drain request waits for them
     */
    DrainAdmin(PluginContext context, DrainBook book, Supplier<DrainSettings> settings, TablesWatch tables,
               Duration applyWait) {
        this.context = context;
        this.book = book;
        this.settings = settings;
        this.tables = tables;
        this.applyWait = applyWait;
    }

    /** @return POST and DELETE of a target's drain, GET of every drain */
    List<AdminRoute> routes() {
        return List.of(new AdminRoute("POST", TARGET_PATH, this::drain),
                new AdminRoute("DELETE", TARGET_PATH, this::undrain),
                new AdminRoute("GET", LIST_PATH, request -> AdminResponse.ok(list())));
    }

    @Override
    public String section() {
        return SECTION;
    }

    /** @return every drain, and whether drains survive a restart here */
    @Override
    public Map<String, ?> snapshot() {
        return list();
    }

    private Map<String, Object> list() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("kept-across-restart", book.survivesRestart());
        out.put("drains", book.snapshot());
        return out;
    }

    private AdminResponse drain(AdminRequest request) throws InterruptedException {
        Resolved r = resolve(request);
        if (r.refusal() != null) {
            return r.refusal();
        }
        Settings fields = Settings.of(ConfigFactory.parseMap(request.body(), "the request body"), "");
        fields.rejectUnknownKeys(BODY_KEYS);
        DrainSettings s = settings.get();
        Duration timeout = fields.optional(TIMEOUT, Settings::duration)
                .orElseGet(() -> serviceTimeout(r.service()).orElse(s.defaultTimeout()));
        OnTimeout onTimeout = fields.optional(ON_TIMEOUT, (f, k) -> f.enumValue(k, OnTimeout.class))
                .orElse(s.onTimeout());
        if (!fields.ok()) {
            return AdminResponse.error(400, fields.problems().stream().map(ConfigProblem::message)
                    .collect(Collectors.joining("; ")));
        }
        DrainBook.Key key = new DrainBook.Key(r.service().name(), r.target());
        CompletableFuture<Void> applied = tables.expect(key);
        DrainBook.Started started = book.start(key.service(), key.target(), timeout, onTimeout);
        boolean out = false;
        if (started.created()) {
            try {
                applied.get(applyWait.toMillis(), TimeUnit.MILLISECONDS);
                out = true;
            } catch (TimeoutException | ExecutionException e) {
                // answered below: the drain runs, the tables may already have had the target at weight 0
            }
        }
        tables.forget(key);
        Map<String, Object> body = row(started.drain());
        body.put("created", started.created());
        body.put("kept-across-restart", started.kept());
        body.put("tables-applied", out);
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
}
