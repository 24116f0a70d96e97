package org.ebpflb.bpf;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.ebpflb.api.dataplane.BackendSelector;
import org.ebpflb.api.dataplane.spi.GroupTable;
import org.ebpflb.api.dataplane.spi.ServiceTables;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.HashMode;
import org.ebpflb.api.model.IpAddresses;
import org.ebpflb.api.model.Protocol;

/**
 * Picks backends for user-space listeners as the XDP program picks them for packets: the group's table as last
 * applied, indexed by {@link FlowHash} of the flow (five-tuple, or the client address alone for hash = source-ip), so
 * a client reaches the same backend either way. The five-tuple's destination is the service's listen address: for a
 * service listening on every address of its interfaces the kernel hashes the address each packet was sent to, which
 * a selector does not know, so there it agrees with the kernel only for source-ip hashing. A client of the other
 * family than the service's reaches no backend, as in the kernel (services are looked up by family).
 */
public final class KernelBackendSelector implements BackendSelector {
    private static final InetAddress ANY4 = IpAddresses.parseLiteral("0.0.0.0");
    private static final InetAddress ANY6 = IpAddresses.parseLiteral("::");

    private final Supplier<Map<String, ServiceTables>> tables;

    /** @param tables the tables the data plane holds, by service */
    public KernelBackendSelector(Supplier<Map<String, ServiceTables>> tables) {
        this.tables = tables;
    }

    @Override
    public Optional<Endpoint> select(String service, String group, InetAddress client, int clientPort) {
        ServiceTables current = tables.get().get(service);
        if (current == null || !sameFamily(current, client)) {
            return Optional.empty();
        }
        Optional<GroupTable> table = current.groups().stream().filter(g -> g.group().equals(group)).findFirst();
        if (table.isEmpty()) {
            return Optional.empty();
        }
        int backend = table.get().slot(FlowHash.slot(hash(current, client, clientPort), table.get().size()));
        return backend < 0 ? Optional.empty() : Optional.of(table.get().backends().get(backend));
    }

    /** The service's family: its listen address's, else its targets' (a service never mixes families). */
    private static boolean sameFamily(ServiceTables service, InetAddress client) {
        Optional<InetAddress> own = service.listen().address().or(() -> service.groups().stream()
                .flatMap(g -> g.backends().stream()).map(Endpoint::address).findFirst());
        return own.map(a -> a.getClass() == client.getClass()).orElse(true);
    }

    private static int hash(ServiceTables service, InetAddress client, int clientPort) {
        if (service.hash() == HashMode.SOURCE_IP) {
            return FlowHash.sourceIp(client);
        }
        InetAddress destination = service.listen().address().orElse(client instanceof Inet6Address ? ANY6 : ANY4);
        return FlowHash.fiveTuple(client, destination, clientPort, service.listen().port(),
                service.listen().protocol() == Protocol.TCP ? 6 : 17);
    }
}
