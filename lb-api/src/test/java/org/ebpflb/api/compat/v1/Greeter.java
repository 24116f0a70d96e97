package org.ebpflb.api.compat.v1;

import org.ebpflb.api.Stable;

/** A stable type as released: the baseline side of the fixture. */
@Stable
public interface Greeter {
    /**
     * @param name who
     * @return the greeting
     */
    String greet(String name);
}
