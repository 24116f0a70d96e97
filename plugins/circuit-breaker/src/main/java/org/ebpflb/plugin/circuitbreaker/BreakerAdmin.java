package org.ebpflb.plugin.circuitbreaker;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.spi.AdminRequest;
import org.ebpflb.api.spi.AdminResponse;
import org.ebpflb.api.spi.AdminRoute;
import org.ebpflb.api.spi.PluginContext;
import org.ebpflb.api.spi.StatusProvider;

/** The circuit-breaker's admin route ({@code open|close|reset}) and its {@code lb status} section. */
final class BreakerAdmin implements StatusProvider {
    /** Forces or resets one circuit. */
    static final String PATH = "/api/v1/services/{name}/targets/{ip:port}/circuit/{action}";
    /** The status section's title. */
    static final String SECTION = "circuits";

    private final PluginContext context;
    private final BreakerBook book;

    /**
     * @param context for the model
     * @param book the circuits
     */
    BreakerAdmin(PluginContext context, BreakerBook book) {
        this.context = context;
        this.book = book;
    }

    /** @return the one route */
    List<AdminRoute> routes() {
        return List.of(new AdminRoute("POST", PATH, this::command));
    }

    @Override
    public String section() {
        return SECTION;
    }

    /** @return per watched service, one row per target */
    @Override
    public Map<String, ?> snapshot() {
        return book.snapshot();
    }

    private AdminResponse command(AdminRequest request) {
        String name = request.param("name");
        Optional<Command> command = Command.parse(request.param("action"));
        if (command.isEmpty()) {
            return AdminResponse.error(400, "unknown action '" + request.param("action") + "'; use open, close or "
                    + "reset");
        }
        if (!request.body().isEmpty()) {
            return AdminResponse.error(400, "a circuit command takes no body");
        }
        if (context.model().service(name).isEmpty()) {
            return AdminResponse.error(404, "no service '" + name + "'");
        }
        Endpoint target;
        try {
            target = Endpoint.parse(request.param("ip:port"));
        } catch (IllegalArgumentException e) {
            return AdminResponse.error(400, e.getMessage());
        }
        if (!book.watches(name)) {
            return AdminResponse.error(409, "service '" + name + "' has no circuit-breaker block");
        }
        Optional<Map<String, Object>> row = book.command(name, target, command.get());
        return row.map(AdminResponse::ok)
                .orElseGet(() -> AdminResponse.error(404, "service '" + name + "' has no target " + target));
    }
}
