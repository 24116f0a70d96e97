package org.ebpflb.archviolation.plugin.alpha;

import org.ebpflb.archviolation.runtime.RuntimeService;

/** Violation: a plugin uses a runtime class. */
public class AlphaPluginUsingRuntime {
    /** @return the runtime's value */
    public int value() {
        return new RuntimeService().value();
    }
}
