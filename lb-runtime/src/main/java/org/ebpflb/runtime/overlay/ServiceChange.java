package org.ebpflb.runtime.overlay;

import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import java.util.List;

/**
 * What the overlay changes about one service. Values keep their origins (the overlay file's lines, or the request
 * that made them), so validation names where each came from.
 */
public sealed interface ServiceChange permits ServiceChange.Defined, ServiceChange.Removed, ServiceChange.Edited {
    /** @return the service name */
    String service();

    /** @return where the change stands: its line in the overlay file, or the request */
    ConfigOrigin origin();

    /**
     * A whole service, added or (when the main file defines one of that name) replacing it.
     *
     * @param service the name
     * @param replaces whether it replaced a service of the main file when it was made
     * @param definition the service object, exactly as a service of the main file is written
     * @param origin where it stands
     */
    record Defined(String service, boolean replaces, ConfigObject definition, ConfigOrigin origin)
            implements ServiceChange {
    }

    /**
     * A service of the main file, removed.
     *
     * @param service the name
     * @param origin where it stands
     */
    record Removed(String service, ConfigOrigin origin) implements ServiceChange {
    }

    /**
     * Targets of a service of the main file, changed; its other keys stay the main file's.
     *
     * @param service the name
     * @param addTargets target objects appended to its {@code targets}
     * @param removeTargets {@code ip:port} (or {@code host:port}) of targets taken out of its {@code targets}
     * @param weights targets of its {@code targets} given another weight
     * @param origin where it stands
     */
    record Edited(String service, List<ConfigObject> addTargets, List<String> removeTargets,
                  List<WeightChange> weights, ConfigOrigin origin) implements ServiceChange {
        /** Copies the lists. */
        public Edited {
            addTargets = List.copyOf(addTargets);
            removeTargets = List.copyOf(removeTargets);
            weights = List.copyOf(weights);
        }

        /** @return whether it changes nothing (the last of its changes was undone) */
        boolean isEmpty() {
            return addTargets.isEmpty() && removeTargets.isEmpty() && weights.isEmpty();
        }
    }

    /**
     * A target's weight, with the weight the main file gave it when the change was made: a main file that changes
     * it since is a conflict, not something to override silently.
     *
     * @param target {@code ip:port} or {@code host:port}
     * @param weight the new weight value
     * @param was the main file's weight then
     * @param origin where it stands
     */
    record WeightChange(String target, ConfigValue weight, long was, ConfigOrigin origin) {
    }
}
