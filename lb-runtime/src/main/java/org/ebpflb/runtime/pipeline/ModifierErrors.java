package org.ebpflb.runtime.pipeline;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.ebpflb.api.spi.WeightModifier;
import org.ebpflb.runtime.registry.Registered;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts weight-modifier failures per plugin (for status and the metrics plugin's {@code lb_plugin_errors_total})
 * and logs each modifier's failures once per change of state, not once per round.
 */
public final class ModifierErrors {
    private static final Logger log = LoggerFactory.getLogger(ModifierErrors.class);

    private final Map<String, LongAdder> perPlugin = new ConcurrentHashMap<>();
    private final Map<Registered<WeightModifier>, Boolean> failing = new ConcurrentHashMap<>();

    /**
     * @param modifier the modifier that failed
     * @param name its name
     * @param failures how many factors it failed to give
     * @param reason why, e.g. "timed out after 100 ms"
     */
    public void failed(Registered<WeightModifier> modifier, String name, int failures, String reason) {
        perPlugin.computeIfAbsent(modifier.pluginId(), k -> new LongAdder()).add(failures);
        if (failing.put(modifier, Boolean.TRUE) != Boolean.TRUE) {
            log.warn("weight modifier {} of plugin {} failed ({}); its factor counts as 1 until it recovers",
                    name, modifier.pluginId(), reason);
        }
    }

    /**
     * @param modifier a modifier that just gave every factor
     * @param name its name
     */
    public void succeeded(Registered<WeightModifier> modifier, String name) {
        if (failing.put(modifier, Boolean.FALSE) == Boolean.TRUE) {
            log.info("weight modifier {} of plugin {} recovered", name, modifier.pluginId());
        }
    }

    /** @return failures so far per plugin id, sorted by id */
    public Map<String, Long> counts() {
        Map<String, Long> out = new TreeMap<>();
        perPlugin.forEach((plugin, n) -> out.put(plugin, n.sum()));
        return out;
    }
}
