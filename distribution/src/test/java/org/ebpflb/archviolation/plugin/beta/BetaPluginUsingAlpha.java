package org.ebpflb.archviolation.plugin.beta;

import org.ebpflb.archviolation.plugin.alpha.AlphaPluginUsingRuntime;

/** Violation: one plugin uses another plugin's class. */
public class BetaPluginUsingAlpha {
    /** @return the other plugin's value */
    public int value() {
        return new AlphaPluginUsingRuntime().value();
    }
}
