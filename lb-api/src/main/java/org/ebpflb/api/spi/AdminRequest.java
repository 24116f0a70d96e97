package org.ebpflb.api.spi;

import java.util.Map;
import java.util.Optional;
import org.ebpflb.api.Stable;

/**
 * An admin API request.
 *
 * @param method the HTTP method
 * @param path the request path
 * @param pathParams values bound to the route's {@code {name}} segments
 * @param query query parameters (first value of each)
 * @param body the request body, already parsed from JSON into maps, lists and scalars; empty map when none
 */
@Stable
public record AdminRequest(String method, String path, Map<String, String> pathParams, Map<String, String> query,
                           Map<String, Object> body) {
    /** Copies the maps. */
    public AdminRequest {
        pathParams = Map.copyOf(pathParams);
        query = Map.copyOf(query);
        body = Map.copyOf(body);
    }

    /**
     * @param name a path parameter
     * @return its value
     */
    public String param(String name) {
        return Optional.ofNullable(pathParams.get(name))
                .orElseThrow(() -> new IllegalArgumentException("no path parameter " + name));
    }
}
