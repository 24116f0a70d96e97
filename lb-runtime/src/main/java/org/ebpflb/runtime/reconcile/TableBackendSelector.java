package org.ebpflb.runtime.reconcile;

import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.ebpflb.api.dataplane.BackendSelector;
import org.ebpflb.api.dataplane.GroupTable;
import org.ebpflb.api.dataplane.ServiceTables;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.HashMode;
import org.ebpflb.runtime.maglev.StableHash;

/**
 * Picks backends for user-space listeners from the tables the reconciler last wrote: the named group's Maglev
 * table, indexed by a stable hash of the client address (and port, unless the service hashes on the source
 * address only).
 */
public final class TableBackendSelector implements BackendSelector {
    private static final long SEED = 0x1b873593cc9e2d51L;

    private final Supplier<Map<String, ServiceTables>> tables;

    /** @param tables the tables currently in the data plane, by service */
    public TableBackendSelector(Supplier<Map<String, ServiceTables>> tables) {
        this.tables = tables;
    }

    @Override
    public Optional<Endpoint> select(String service, String group, InetAddress client, int clientPort) {
        ServiceTables serviceTables = tables.get().get(service);
        if (serviceTables == null) {
            return Optional.empty();
        }
        Optional<GroupTable> table = serviceTables.groups().stream().filter(g -> g.group().equals(group)).findFirst();
        if (table.isEmpty()) {
            return Optional.empty();
        }
        int port = serviceTables.hash() == HashMode.SOURCE_IP ? 0 : clientPort;
        int[] slots = table.get().slots();
        int backend = slots[(int) Math.floorMod(StableHash.of(client.getAddress(), port, SEED), (long) slots.length)];
        return backend < 0 ? Optional.empty() : Optional.of(table.get().backends().get(backend));
    }
}
