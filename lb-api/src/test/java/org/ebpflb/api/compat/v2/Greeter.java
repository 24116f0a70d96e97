package org.ebpflb.api.compat.v2;

import org.ebpflb.api.Stable;

/** The same stable type changed incompatibly: a parameter added, and a new abstract method. */
@Stable
public interface Greeter {
    /**
     * @param name who
     * @param times how often
     * @return the greeting
     */
    String greet(String name, int times);

    /** @return a farewell */
    String farewell();

    /** @return compatible: a default method */
    default String wave() {
        return "o/";
    }
}
