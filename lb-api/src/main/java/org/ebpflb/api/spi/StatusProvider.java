package org.ebpflb.api.spi;

import java.util.Map;
import org.ebpflb.api.Stable;

/** A plugin's section of {@code lb status}: health per target, DNS names, drains. */
@Stable
public interface StatusProvider {
    /** @return the section title, e.g. "health" */
    String section();

    /**
     * The section as a JSON object. Values are plain: maps with string keys, lists, strings, numbers, booleans,
     * {@code java.time} values and {@code Optional}s of these. The runtime writes them without reflecting on the
     * plugin's classes (plugin packages are not opened to its JSON library), so a plugin's own record in the tree
     * makes the section an error entry instead of its content.
     *
     * @return the current state, e.g. per service the state of each checked target
     */
    Map<String, ?> snapshot();
}
