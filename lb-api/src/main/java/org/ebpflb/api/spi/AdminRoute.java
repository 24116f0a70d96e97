package org.ebpflb.api.spi;

import org.ebpflb.api.Stable;

/**
 * An admin API route a plugin adds. Paths are templates with {@code {name}} segments, e.g.
 * {@code /api/v1/dns/{service}/{host}/resolve}. Methods other than GET are mutating and need the bearer token when
 * one is configured.
 *
 * @param method GET, POST, PUT or DELETE
 * @param path the path template
 * @param handler what answers
 */
@Stable
public record AdminRoute(String method, String path, Handler handler) {
    /** Answers one request. */
    @FunctionalInterface
    public interface Handler {
        /**
         * @param request the request with path parameters bound
         * @return the response; its body is serialized as JSON
         * @throws Exception answered as 500 with the message as reason
         */
        AdminResponse handle(AdminRequest request) throws Exception;
    }
}
