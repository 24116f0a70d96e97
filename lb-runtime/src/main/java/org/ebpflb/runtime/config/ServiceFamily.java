package org.ebpflb.runtime.config;

import com.typesafe.config.ConfigList;
import com.typesafe.config.ConfigObject;
import com.typesafe.config.ConfigOrigin;
import com.typesafe.config.ConfigValue;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.ebpflb.api.model.AddressFamily;
import org.ebpflb.api.model.IpAddresses;
import org.ebpflb.api.model.ServiceSpec;
import org.ebpflb.api.model.SourceRouteSpec;
import org.ebpflb.api.model.TargetSpec;

/**
 * Holds a service to one address family ({@link ServiceSpec#family()}): the data plane translates a packet's
 * destination within its family, so an IPv6 client cannot reach an IPv4 target, nor an IPv4 prefix match it.
 */
final class ServiceFamily {
    private ServiceFamily() {
    }

    /**
     * Refuses an IPv4-mapped IPv6 literal ({@code ::ffff:a.b.c.d}): such packets arrive as IPv4, so the address is
     * meant as its IPv4 form.
     *
     * @param address a parsed literal
     * @param what how the message names it, e.g. {@code ip '::ffff:198.18.1.2'}
     * @param at where it was written
     * @param problems receives the refusal
     * @return the address when it is not IPv4-mapped
     */
    static Optional<InetAddress> unmapped(InetAddress address, String what, ConfigOrigin at, Problems problems) {
        if (!IpAddresses.isIpv4Mapped(address)) {
            return Optional.of(address);
        }
        byte[] raw = address.getAddress();
        problems.add(at, what + " is an IPv4-mapped IPv6 address; write it as IPv4: " + (raw[12] & 0xff) + "."
                + (raw[13] & 0xff) + "." + (raw[14] & 0xff) + "." + (raw[15] & 0xff));
        return Optional.empty();
    }

    /**
     * Refuses, for a listen address or a target, an IPv4-mapped literal (see {@link #unmapped}) and an IPv6 address
     * whose last 96 bits are zero: the unspecified address or a subnet-router anycast address (RFC 4291 2.6.1). The
     * data plane's conntrack entries carry no family and read such an address back as IPv4, so it is no host here.
     *
     * @param address a parsed literal
     * @param what how the message names it, e.g. {@code ip '2001:db8::'}
     * @param at where it was written
     * @param problems receives the refusal
     * @return the address when the data plane can serve it
     */
    static Optional<InetAddress> host(InetAddress address, String what, ConfigOrigin at, Problems problems) {
        Optional<InetAddress> unmapped = unmapped(address, what, at, problems);
        if (unmapped.isPresent() && address instanceof Inet6Address
                && Arrays.equals(address.getAddress(), 4, 16, new byte[12], 0, 12)) {
            problems.add(at, what + " is not a host address: its last 96 bits are zero (the unspecified or a"
                    + " subnet-router anycast address)");
            return Optional.empty();
        }
        return unmapped;
    }

    /**
     * @param service the service object as written
     * @param spec the same service, parsed
     * @param problems receives one problem per target or source route of the other family, at its address
     * @return whether every address of the service has its family
     */
    static boolean check(ConfigObject service, ServiceSpec spec, Problems problems) {
        AddressFamily family = spec.family();
        Witness witness = witness(service, spec);
        int before = problems.count();
        for (TargetSpec target : spec.allTargetSpecs()) {
            Optional<InetAddress> other = target.ip().filter(ip -> AddressFamily.of(ip) != family);
            if (other.isPresent()) {
                ConfigOrigin at = target.config().getValue("ip").origin();
                problems.add(at, "target " + target.label() + " is " + AddressFamily.of(other.get()) + " but service '"
                        + spec.name() + "' is " + family + witness.why(at)
                        + "; a service and its targets share one address family");
            }
        }
        List<ConfigOrigin> routeOrigins = sourceOrigins(service);
        for (int i = 0; i < spec.sourceRoutes().size(); i++) {
            SourceRouteSpec route = spec.sourceRoutes().get(i);
            AddressFamily routeFamily = AddressFamily.of(route.source().network());
            ConfigOrigin at = routeOrigins.get(i);
            if (routeFamily != family) {
                problems.add(at, "source route " + route.source() + " is " + routeFamily + " but service '"
                        + spec.name() + "' is " + family + witness.why(at) + ", so its clients are " + family);
            }
        }
        return problems.count() == before;
    }

    /** What gave the service its family; {@code at} is empty for the default. */
    private record Witness(String text, Optional<ConfigOrigin> at) {
        String why(ConfigOrigin here) {
            return " (" + text + at.map(origin -> ", " + Origins.where(origin, here)).orElse("") + ")";
        }
    }

    private static Witness witness(ConfigObject service, ServiceSpec spec) {
        Optional<InetAddress> address = spec.listen().address();
        if (address.isPresent()) {
            return new Witness("listen.address " + IpAddresses.format(address.get()),
                    Optional.of(service.toConfig().getValue("listen.address").origin()));
        }
        return spec.allTargetSpecs().stream().filter(t -> t.ip().isPresent()).findFirst()
                .map(t -> new Witness("it listens on any address and its first target is " + t.label(),
                        Optional.of(t.config().getValue("ip").origin())))
                .orElse(new Witness("it listens on any address and has hostname targets only", Optional.empty()));
    }

    private static List<ConfigOrigin> sourceOrigins(ConfigObject service) {
        List<ConfigOrigin> origins = new ArrayList<>();
        if (service.get("source-routes") instanceof ConfigList routes) {
            for (ConfigValue route : routes) {
                origins.add(((ConfigObject) route).get("source").origin());
            }
        }
        return origins;
    }
}
