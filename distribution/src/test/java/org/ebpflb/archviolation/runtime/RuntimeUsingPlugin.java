package org.ebpflb.archviolation.runtime;

import org.ebpflb.archviolation.plugin.beta.BetaPluginUsingAlpha;

/** Violation: the runtime calls a plugin class directly. */
public class RuntimeUsingPlugin {
    /** @return what the plugin says */
    public int ask() {
        return new BetaPluginUsingAlpha().value();
    }
}
