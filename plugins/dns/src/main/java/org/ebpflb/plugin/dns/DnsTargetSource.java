package org.ebpflb.plugin.dns;

import java.util.List;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.model.TargetSpec;
import org.ebpflb.api.spi.TargetSource;

/** Expands a {@code host} target into one endpoint per last-known-good address; never waits for the network. */
final class DnsTargetSource implements TargetSource {
    /** The name the plugin declares. */
    static final String NAME = DnsPlugin.ID;

    private final DnsTracker tracker;

    /** @param tracker the cache answered from */
    DnsTargetSource(DnsTracker tracker) {
        this.tracker = tracker;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean accepts(TargetSpec spec) {
        return spec.host().isPresent();
    }

    @Override
    public List<Endpoint> expand(ServiceSpec service, TargetSpec spec) {
        return tracker.endpoints(service, spec);
    }
}
