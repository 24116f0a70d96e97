package org.ebpflb.api.spi;

import java.util.Map;
import org.ebpflb.api.Stable;

/**
 * An admin API response.
 *
 * @param status the HTTP status
 * @param body serialized as JSON; from a plugin, plain values only, as {@link StatusProvider#snapshot()} describes
 */
@Stable
public record AdminResponse(int status, Object body) {
    /**
     * @param body the body
     * @return a 200 response
     */
    public static AdminResponse ok(Object body) {
        return new AdminResponse(200, body);
    }

    /**
     * @param status a 4xx or 5xx status
     * @param reason why the request was refused
     * @return an error response with body {@code {"error": reason}}
     */
    public static AdminResponse error(int status, String reason) {
        return new AdminResponse(status, Map.of("error", reason));
    }
}
