package org.ebpflb.plugin.dns;

import com.typesafe.config.ConfigException;

/** Turns typesafe-config exceptions into messages that a {@code FILE:LINE:} prefix does not repeat. */
final class ConfigMessages {
    private ConfigMessages() {
    }

    /**
     * @param e a config exception
     * @return its message without the origin that typesafe-config puts in front
     */
    static String withoutOrigin(ConfigException e) {
        String message = e.getMessage();
        if (e.origin() != null) {
            String prefix = e.origin().description() + ": ";
            if (message.startsWith(prefix)) {
                return message.substring(prefix.length());
            }
        }
        return message;
    }
}
