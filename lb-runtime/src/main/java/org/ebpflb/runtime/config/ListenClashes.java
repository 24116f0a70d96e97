package org.ebpflb.runtime.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.ebpflb.api.model.AddressFamily;
import org.ebpflb.api.model.Endpoint;
import org.ebpflb.api.model.ListenSpec;
import org.ebpflb.api.model.ServiceSpec;

/**
 * Finds services the data plane could not tell apart: same port and protocol on a shared interface, with the same
 * address or with one of them listening on any address (the lookup would be ambiguous); services of different address
 * families never clash.
 */
final class ListenClashes {
    private ListenClashes() {
    }

    /**
     * @param services parsed services in file order
     * @param problems receives one problem per clashing service, at its {@code listen}, naming the earlier one
     */
    static void check(List<ParsedService> services, Problems problems) {
        List<ParsedService> earlier = new ArrayList<>();
        for (ParsedService service : services) {
            if (service.listen().isEmpty() || service.name().isEmpty()) {
                continue;
            }
            ListenSpec listen = service.listen().get();
            for (ParsedService other : earlier) {
                if (otherFamilies(service, other)) {
                    continue;
                }
                List<String> shared = sharedInterfaces(listen, other.listen().orElseThrow());
                if (!shared.isEmpty()) {
                    problems.add(service.listenOrigin(), "listen " + describe(listen) + " on " + String.join(", ", shared)
                            + " clashes with service '" + other.name().orElseThrow() + "' ("
                            + Origins.where(other.listenOrigin(), service.listenOrigin()) + ")");
                    break;
                }
            }
            earlier.add(service);
        }
    }

    /**
     * @return whether the two may receive different packets by family: IPv4 and IPv6 packets never reach the same
     *     service; a service whose family is unknown (it has problems of its own) is checked once they are fixed
     */
    private static boolean otherFamilies(ParsedService a, ParsedService b) {
        Optional<AddressFamily> familyA = family(a);
        Optional<AddressFamily> familyB = family(b);
        return familyA.isEmpty() || familyB.isEmpty() || familyA.get() != familyB.get();
    }

    private static Optional<AddressFamily> family(ParsedService service) {
        return service.spec().map(ServiceSpec::family)
                .or(() -> service.listen().flatMap(ListenSpec::address).map(AddressFamily::of));
    }

    /** @return the interfaces on which both would receive the same packets; empty when they do not clash */
    private static List<String> sharedInterfaces(ListenSpec a, ListenSpec b) {
        boolean sameTuple = a.port() == b.port() && a.protocol() == b.protocol()
                && (a.address().isEmpty() || b.address().isEmpty() || a.address().equals(b.address()));
        return sameTuple ? a.interfaces().stream().filter(b.interfaces()::contains).toList() : List.of();
    }

    private static String describe(ListenSpec listen) {
        Optional<String> address = listen.address().map(a -> new Endpoint(a, listen.port()).toString());
        return address.orElse("*:" + listen.port()) + "/" + listen.protocol().name().toLowerCase(Locale.ROOT);
    }
}
