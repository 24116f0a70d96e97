package org.ebpflb.runtime.model;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.ebpflb.api.model.Target;
import org.ebpflb.runtime.config.LbConfig;

/**
 * The running configuration and the model plugins see, swapped together as one value so that a reader never sees
 * the services of one configuration with the targets of another.
 */
public final class RuntimeState {
    private final AtomicReference<Current> current;

    /**
     * @param config the configuration the runtime starts with
     * @param targets its targets as expanded so far
     */
    public RuntimeState(LbConfig config, List<Target> targets) {
        current = new AtomicReference<>(new Current(config, new ModelSnapshot(config.services(), targets)));
    }

    /** @return the running configuration */
    public LbConfig config() {
        return current.get().config();
    }

    /** @return the model as plugins see it */
    public ModelSnapshot model() {
        return current.get().model();
    }

    /**
     * Installs a reloaded configuration.
     *
     * @param config the new configuration
     * @param targets its targets, expanded with the sources registered now
     */
    public void replaceConfig(LbConfig config, List<Target> targets) {
        current.set(new Current(config, new ModelSnapshot(config.services(), targets)));
    }

    /**
     * Publishes a new expansion, unless the configuration it was computed from has been replaced meanwhile.
     *
     * @param basis the configuration the targets were expanded from
     * @param targets the expanded targets
     * @return whether the model was updated
     */
    public boolean replaceTargets(LbConfig basis, List<Target> targets) {
        Current now = current.get();
        if (now.config() != basis || now.model().targets().equals(targets)) {
            return false;
        }
        return current.compareAndSet(now, new Current(basis, new ModelSnapshot(basis.services(), targets)));
    }

    private record Current(LbConfig config, ModelSnapshot model) {
    }
}
