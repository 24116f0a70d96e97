package org.ebpflb.archviolation.lab;

/** A lab class with no dependency of its own: the target of the violation. */
public class LabHarness {
    /** @return a value */
    public int value() {
        return 3;
    }
}
