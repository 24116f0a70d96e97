package org.ebpflb.archviolation.runtime;

import org.ebpflb.archviolation.lab.LabHarness;

/** Violation: the runtime calls the lab directly, so lib/ would need lab/. */
public class RuntimeUsingLab {
    /** @return what the lab says */
    public int ask() {
        return new LabHarness().value();
    }
}
