package org.ebpflb.api.spi;

import java.util.Map;
import java.util.Optional;
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

    /**
     * A section of {@code lb status} as its plugin's {@link StatusProvider#snapshot()} gives it now, so that a plugin
     * can report what another one shows without depending on it (metrics reads the circuit-breaker's error rates).
     * The section's shape is the owning plugin's documented status output.
     *
     * @param section a section title, e.g. "circuits"
     * @return its snapshot, empty when no running plugin registered that section; this default knows none
     */
    default Optional<Map<String, ?>> status(String section) {
        return Optional.empty();
    }
}
