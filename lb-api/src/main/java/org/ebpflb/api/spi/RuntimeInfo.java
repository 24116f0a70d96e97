package org.ebpflb.api.spi;

import java.util.Map;
import org.ebpflb.api.Experimental;

/** What the runtime tells plugins about itself, for plugins that report on the whole instance (metrics). */
@Experimental
public interface RuntimeInfo {
    /** @return the ebpf-lb version of the running runtime, e.g. "0.1.0" */
    String version();

    /**
     * @return failures so far per plugin id: weight factors a modifier failed to give (each counts one) and a failed
     *     start (one); zero for a running plugin without failures
     */
    Map<String, Long> pluginErrors();
}
