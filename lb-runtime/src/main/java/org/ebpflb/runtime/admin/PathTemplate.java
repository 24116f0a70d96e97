package org.ebpflb.runtime.admin;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A route path such as {@code /api/v1/services/{name}/explain}: literal segments match exactly, each {@code {x}}
 * segment binds one percent-decoded segment of the request path to {@code x}.
 */
final class PathTemplate {
    private final List<String> segments;

    /** @param template the template */
    PathTemplate(String template) {
        this.segments = split(template);
    }

    /**
     * @param rawPath the request's raw (still percent-encoded) path
     * @return the bound parameters when the path matches
     */
    Optional<Map<String, String>> match(String rawPath) {
        List<String> parts = split(rawPath);
        if (parts.size() != segments.size()) {
            return Optional.empty();
        }
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < parts.size(); i++) {
            String want = segments.get(i);
            String got = URLDecoder.decode(parts.get(i).replace("+", "%2B"), StandardCharsets.UTF_8);
            if (want.startsWith("{") && want.endsWith("}")) {
                if (got.isEmpty()) {
                    return Optional.empty();
                }
                params.put(want.substring(1, want.length() - 1), got);
            } else if (!want.equals(got)) {
                return Optional.empty();
            }
        }
        return Optional.of(params);
    }

    private static List<String> split(String path) {
        String trimmed = path.startsWith("/") ? path.substring(1) : path;
        if (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return List.of(trimmed.split("/", -1));
    }
}
