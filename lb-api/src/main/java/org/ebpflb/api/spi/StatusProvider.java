package org.ebpflb.api.spi;

import org.ebpflb.api.Stable;

/** A plugin's section of {@code lb status}: health per target, DNS names, drains. */
@Stable
public interface StatusProvider {
    /** @return the section title, e.g. "health" */
    String section();

    /** @return a JSON-serializable snapshot (records, maps, lists, scalars) */
    Object snapshot();
}
