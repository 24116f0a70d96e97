package org.ebpflb.api.spi;

import com.typesafe.config.ConfigOrigin;
import org.ebpflb.api.Stable;

/**
 * A validation error, printed as {@code FILE:LINE: message}.
 *
 * @param file the file name as the operator gave it, or a description when not from a file
 * @param line 1-based line, or -1 when unknown
 * @param message what is wrong, in an operator's words
 */
@Stable
public record ConfigProblem(String file, int line, String message) {
    /**
     * @param origin where the offending value came from
     * @param message what is wrong
     * @return the problem
     */
    public static ConfigProblem at(ConfigOrigin origin, String message) {
        if (origin.filename() == null) {
            return new ConfigProblem(origin.description(), -1, message); // the description already names the line
        }
        return new ConfigProblem(origin.filename(), origin.lineNumber(), message);
    }

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
    }
}
