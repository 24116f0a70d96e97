package org.ebpflb.runtime.config;

import com.typesafe.config.ConfigOrigin;
import java.util.Objects;
import org.ebpflb.api.spi.ConfigProblem;

/** Refers from one place in the configuration to another, as "line 12" or, across files, "other.conf:12". */
final class Origins {
    private Origins() {
    }

    /**
     * @param earlier the place referred to
     * @param here the place of the message that refers to it
     * @return {@code line N} when both are in the same file, {@code FILE:N} otherwise
     */
    static String where(ConfigOrigin earlier, ConfigOrigin here) {
        ConfigProblem a = ConfigProblem.at(earlier, "");
        ConfigProblem b = ConfigProblem.at(here, "");
        return Objects.equals(a.file(), b.file()) ? "line " + a.line() : a.file() + ":" + a.line();
    }
}
