package org.ebpflb.runtime.config;

import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigOrigin;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import org.ebpflb.api.spi.ConfigProblem;

/** Collects problems while validation carries on, so the operator sees all of them at once. */
final class Problems {
    private final List<ConfigProblem> list = new ArrayList<>();

    /**
     * @param origin where the offending value came from
     * @param message what is wrong
     */
    void add(ConfigOrigin origin, String message) {
        if (origin.filename() != null) {
            list.add(ConfigProblem.at(origin, message));
        } else {
            // not from a file (a resource, a string): the description alone, without its ": line" suffix
            String where = origin.description().replaceFirst(": \\d+(-\\d+)?$", "");
            list.add(new ConfigProblem(where, origin.lineNumber(), message));
        }
    }

    /**
     * @param e a parse or resolve failure of typesafe-config
     * @param prefix words put before its own message, or an empty string
     */
    void add(ConfigException e, String prefix) {
        String message = e.getMessage();
        if (e.origin() == null) {
            list.add(new ConfigProblem("configuration", -1, prefix + message));
            return;
        }
        String located = e.origin().description() + ": ";
        add(e.origin(), prefix + (message.startsWith(located) ? message.substring(located.length()) : message));
    }

    /** @param problem a problem found elsewhere, e.g. by a plugin */
    void add(ConfigProblem problem) {
        list.add(problem);
    }

    /** @param problems problems found elsewhere, e.g. by a plugin */
    void addAll(Collection<ConfigProblem> problems) {
        list.addAll(problems);
    }

    /** @return how many problems have been recorded so far; callers compare counts to see if a step added any */
    int count() {
        return list.size();
    }

    /** @return the problems ordered by file and line, ties in the order found */
    List<ConfigProblem> sorted() {
        return list.stream()
                .sorted(Comparator.comparing(ConfigProblem::file).thenComparingInt(ConfigProblem::line))
                .toList();
    }
}
