package org.ebpflb.api.spi;

import java.util.List;
import org.ebpflb.api.Stable;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.model.TargetSpec;

/**
 * Expands target specs that name something other than a literal address (a hostname, say) into endpoints. The
 * runtime splits the spec's weight equally over the endpoints returned. When the expansion changes, the source
 * publishes an event or calls {@link PluginContext#requestReconcile()}; the runtime then calls {@link #expand} again.
 */
@Stable
public interface TargetSource {
    /**
     * @return the name {@code lb plugins} shows and {@link Plugin#declaredTargetSources()} declares, usually the
     *     plugin id; by default the class's simple name
     */
    default String name() {
        String simple = getClass().getSimpleName();
        return simple.isEmpty() ? getClass().getName() : simple;
    }

    /**
     * @param spec a configured target
     * @return whether this source expands it
     */
    boolean accepts(TargetSpec spec);

    /**
     * @param service the service the spec belongs to
     * @param spec an accepted spec
     * @return the current endpoints, possibly empty; never blocks on the network
     */
    List<Endpoint> expand(ServiceSpec service, TargetSpec spec);
}
