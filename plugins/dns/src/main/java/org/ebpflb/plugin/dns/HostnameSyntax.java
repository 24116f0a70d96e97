package org.ebpflb.plugin.dns;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Checks hostnames against RFC 1123 and puts them in the one form used as a key. */
final class HostnameSyntax {
    private static final int MAX_NAME = 253;
    private static final int MAX_LABEL = 63;
    private static final Pattern LABEL = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?");
    private static final Pattern DOTTED_QUAD = Pattern.compile("\\d+(\\.\\d+){3}");

    private HostnameSyntax() {
    }

    /**
     * @param host a hostname as configured, optionally with a trailing dot
     * @return what is wrong with it, or empty when it is a valid RFC 1123 hostname
     */
    static Optional<String> problem(String host) {
        String name = stripRootDot(host);
        if (name.isEmpty()) {
            return Optional.of("host is empty");
        }
        if (name.length() > MAX_NAME) {
            return Optional.of("host '" + host + "' is " + name.length() + " characters long; at most " + MAX_NAME
                    + " are allowed");
        }
        if (DOTTED_QUAD.matcher(name).matches() || name.contains(":")) {
            return Optional.of("host '" + host + "' is an IP address; write it as ip = \"" + name + "\"");
        }
        for (String label : name.split("\\.", -1)) {
            if (label.isEmpty()) {
                return Optional.of("host '" + host + "' has an empty label (two dots in a row or a leading dot)");
            }
            if (label.length() > MAX_LABEL) {
                return Optional.of("host '" + host + "' has a label of " + label.length() + " characters; at most "
                        + MAX_LABEL + " are allowed");
            }
            if (!LABEL.matcher(label).matches()) {
                return Optional.of("host '" + host + "' has an invalid label '" + label
                        + "': use letters, digits and inner hyphens only (RFC 1123)");
            }
        }
        return Optional.empty();
    }

    /**
     * @param host a valid hostname
     * @return lower case without a trailing dot: the form used in keys, admin paths and status
     */
    static String normalize(String host) {
        return stripRootDot(host).toLowerCase(Locale.ROOT);
    }

    private static String stripRootDot(String host) {
        return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
    }
}
