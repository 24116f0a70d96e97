package org.ebpflb.runtime.admin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.ebpflb.api.dataplane.spi.ConnectionTable;
import org.ebpflb.api.dataplane.spi.ConnectionTable.Connection;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.spi.AdminRequest;
import org.ebpflb.api.spi.AdminResponse;

/**
 * {@code GET /api/v1/services/{name}/connections?target=IP:PORT&sort=age|bytes&limit=N&offset=N}: one page of a
 * service's live connections with the total that match. Bad parameters are refused with 400 and the reason.
 */
final class ConnectionsRoute {
    /** The route. */
    static final String PATH = "/api/v1/services/{name}/connections";
    /** A page's size when {@code limit} is not given. */
    static final int DEFAULT_LIMIT = 100;
    private static final Set<String> PARAMS = Set.of("target", "sort", "limit", "offset");

    private ConnectionsRoute() {
    }

    /**
     * @param table the data plane's connection table, when it keeps one
     * @param request the request
     * @return the page, or the error
     */
    static AdminResponse answer(Optional<ConnectionTable> table, AdminRequest request) {
        String service = request.param("name");
        for (String p : request.query().keySet()) {
            if (!PARAMS.contains(p)) {
                return AdminResponse.error(400, "unknown query parameter '" + p + "' (known: offset, limit, sort, "
                        + "target)");
            }
        }
        ConnectionTable.Query query;
        try {
            Optional<Endpoint> target = Optional.ofNullable(request.query().get("target")).map(t -> endpoint(t));
            query = new ConnectionTable.Query(service, target, sort(request.query().getOrDefault("sort", "age")),
                    number(request, "offset", 0), number(request, "limit", DEFAULT_LIMIT));
        } catch (IllegalArgumentException e) {
            return AdminResponse.error(400, e.getMessage());
        }
        if (table.isEmpty()) {
            return AdminResponse.error(404, "this data plane keeps no connection table");
        }
        return table.get().list(query).map(page -> AdminResponse.ok(body(query, page)))
                .orElseGet(() -> AdminResponse.error(404, "unknown service: " + service));
    }

    private static Endpoint endpoint(String text) {
        try {
            return Endpoint.parse(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("target '" + text + "' must be IP:PORT, or [IP]:PORT for IPv6");
        }
    }

    private static ConnectionTable.Sort sort(String text) {
        return switch (text) {
            case "age" -> ConnectionTable.Sort.AGE;
            case "bytes" -> ConnectionTable.Sort.BYTES;
            default -> throw new IllegalArgumentException("sort '" + text + "' must be age or bytes");
        };
    }

    private static int number(AdminRequest request, String name, int absent) {
        String text = request.query().get(name);
        if (text == null) {
            return absent;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " '" + text + "' must be a whole number");
        }
    }

    private static Map<String, Object> body(ConnectionTable.Query query, ConnectionTable.Page page) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("service", query.service());
        body.put("total", page.total());
        body.put("offset", query.offset());
        body.put("limit", query.limit());
        body.put("sort", query.sort().name().toLowerCase(Locale.ROOT));
        List<Map<String, Object>> rows = page.connections().stream().map(ConnectionsRoute::row).toList();
        body.put("connections", rows);
        return body;
    }

    private static Map<String, Object> row(Connection c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("protocol", c.protocol().name().toLowerCase(Locale.ROOT));
        m.put("client", c.client().toString());
        m.put("service-address", c.serviceAddress().toString());
        m.put("target", c.target().toString());
        m.put("state", c.state());
        m.put("age-ms", c.age().toMillis());
        m.put("idle-ms", c.idle().toMillis());
        m.put("packets-from-client", c.packetsFromClient());
        m.put("packets-to-client", c.packetsToClient());
        m.put("bytes-from-client", c.bytesFromClient());
        m.put("bytes-to-client", c.bytesToClient());
        return m;
    }
}
