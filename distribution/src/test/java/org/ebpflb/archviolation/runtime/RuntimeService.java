package org.ebpflb.archviolation.runtime;

/** A runtime class with no dependency of its own: compliant, and the target of the violations. */
public class RuntimeService {
    /** @return a value */
    public int value() {
        return 1;
    }
}
