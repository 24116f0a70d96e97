package org.ebpflb.api.spi;

import java.util.Locale;
import java.util.Objects;
import org.ebpflb.api.Stable;

/**
 * An admin route a plugin registers in {@link Plugin#start}, declared in {@link Plugin#declaredRoutes()}.
 *
 * @param method GET, POST, PUT or DELETE, as in the {@link AdminRoute}
 * @param path the path template, exactly as in the {@link AdminRoute}
 */
@Stable
public record DeclaredRoute(String method, String path) {
    /** Rejects nulls; upper-cases the method. */
    public DeclaredRoute {
        method = Objects.requireNonNull(method, "method").toUpperCase(Locale.ROOT);
        Objects.requireNonNull(path, "path");
    }

    /**
     * @param route a registered route
     * @return whether it is the one declared here
     */
    public boolean matches(AdminRoute route) {
        return method.equalsIgnoreCase(route.method()) && path.equals(route.path());
    }

    @Override
    public String toString() {
        return method + " " + path;
    }
}
