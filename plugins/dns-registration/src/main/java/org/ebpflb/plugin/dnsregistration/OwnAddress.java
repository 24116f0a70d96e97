package org.ebpflb.plugin.dnsregistration;

import java.net.InetAddress;
import java.net.InterfaceAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.util.Optional;
import org.ebpflb.api.model.AddressFamily;
import org.ebpflb.api.model.ServiceModel;
import org.ebpflb.api.model.ServiceSpec;

/**
 * This node's address in the name when {@code address} is not set: the service address. That is the first service's
 * listen address, or, for a service that listens on any address of its interfaces, the first address of the service's
 * family on its first interface (for IPv6 a global one, not link-local), so that nodes sharing one configuration each
 * find their own.
 */
final class OwnAddress {
    private OwnAddress() {
    }

    /**
     * @param configured the {@code address} setting
     * @param model the services
     * @return the address
     * @throws IllegalStateException with the reason when there is none
     */
    static InetAddress of(Optional<InetAddress> configured, ServiceModel model) {
        if (configured.isPresent()) {
            return configured.get();
        }
        ServiceSpec first = model.services().stream().findFirst().orElseThrow(() -> new IllegalStateException(
                "no address: lb.plugins.dns-registration.address is not set and no service is configured"));
        if (first.listen().address().isPresent()) {
            return first.listen().address().get();
        }
        String device = first.listen().interfaces().get(0);
        try {
            NetworkInterface nic = NetworkInterface.getByName(device);
            if (nic != null) {
                for (InterfaceAddress a : nic.getInterfaceAddresses()) {
                    if (AddressFamily.of(a.getAddress()) == first.family() && !a.getAddress().isLinkLocalAddress()) {
                        return a.getAddress();
                    }
                }
            }
        } catch (SocketException e) {
            throw new IllegalStateException("no address: cannot read interface " + device + ": " + e.getMessage(), e);
        }
        throw new IllegalStateException("no address: service " + first.name() + " listens on any address of "
                + device + ", which has no " + first.family() + " address; set lb.plugins.dns-registration.address");
    }
}
