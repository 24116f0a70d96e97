package org.ebpflb.bpf;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.ebpflb.api.dataplane.DrainStore;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.bpf.maps.DrainKey;
import org.ebpflb.bpf.maps.DrainValue;
import org.ebpflb.bpf.maps.LbMaps;
import org.ebpflb.bpf.maps.ServiceMeta;

/**
 * Drains in the pinned map {@code lb_drains}: they live exactly as long as the pinned tables and conntrack entries
 * (a restart of the control plane keeps them, {@code lb stop --detach} and a reboot remove them). Each call is one
 * map operation, so any thread may call.
 */
final class PinnedDrains implements DrainStore {
    private final LbMaps maps;

    PinnedDrains(LbMaps maps) {
        this.maps = maps;
    }

    @Override
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        for (DrainKey k : maps.drains.keys()) {
            maps.drains.get(k).ifPresent(v -> out.add(new Entry(k.service(), k.target(),
                    Instant.ofEpochMilli(v.startedMillis()), Duration.ofMillis(v.timeoutMillis()), v.reset())));
        }
        return out;
    }

    @Override
    public void save(Entry entry) {
        if (entry.service().getBytes(StandardCharsets.UTF_8).length >= ServiceMeta.NAME_LEN) {
            throw new IllegalStateException("service name '" + entry.service() + "' is too long for lb_drains");
        }
        maps.drains.put(new DrainKey(entry.service(), entry.target()), new DrainValue(
                entry.started().toEpochMilli(), entry.timeout().toMillis(), entry.resetOnTimeout()));
    }

    @Override
    public void delete(String service, Endpoint target) {
        maps.drains.delete(new DrainKey(service, target));
    }
}
