package org.ebpflb.runtime.testing;

import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.ebpflb.api.dataplane.DataPlaneStats;
import org.ebpflb.api.dataplane.spi.DataPlane;
import org.ebpflb.api.dataplane.spi.ServiceTables;
import org.ebpflb.runtime.dataplane.RecordingDataPlane;

/** A recording data plane that refuses the writes a rule picks, as a kernel refuses one (with a reason). */
public final class RefusingDataPlane implements DataPlane {
    private final RecordingDataPlane recording = new RecordingDataPlane();
    private final Function<ServiceTables, Optional<String>> refusal;

    /** @param refusal the reason to refuse a write, empty to take it */
    public RefusingDataPlane(Function<ServiceTables, Optional<String>> refusal) {
        this.refusal = refusal;
    }

    /** @return what it took */
    public RecordingDataPlane recording() {
        return recording;
    }

    @Override
    public String description() {
        return "refusing " + recording.description();
    }

    @Override
    public void apply(ServiceTables tables) {
        Optional<String> no = refusal.apply(tables);
        if (no.isPresent()) {
            throw new IllegalStateException(no.get());
        }
        recording.apply(tables);
    }

    @Override
    public void remove(String service) {
        recording.remove(service);
    }

    @Override
    public Set<String> installed() {
        return recording.installed();
    }

    @Override
    public Optional<ServiceTables> tables(String service) {
        return recording.tables(service);
    }

    @Override
    public DataPlaneStats stats() {
        return recording.stats();
    }

    @Override
    public void close() {
        recording.close();
    }
}
