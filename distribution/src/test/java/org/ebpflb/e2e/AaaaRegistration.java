package org.ebpflb.e2e;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.TreeSet;
import org.ebpflb.api.model.AddressFamily;
import org.ebpflb.api.model.IpAddresses;
import org.ebpflb.plugin.dnsregistration.DnsProvider;
import org.ebpflb.plugin.dnsregistration.Rfc2136Provider;
import org.xbill.DNS.Name;
import org.xbill.DNS.TSIG;

/**
 * Registers IPv6 nodes in one name through the plugin's {@link Rfc2136Provider} against a real server, beside an IPv4
 * provider of the same name, and prints what each step answered, one {@code key=value} a line.
 *
 * <p>Run inside the server's namespace: {@code AaaaRegistration SERVER_IP PORT SECRET_FILE NAME}.
 */
public final class AaaaRegistration {
    private AaaaRegistration() {
    }

    /** @param args server ip, port, secret file, name */
    public static void main(String[] args) throws Exception {
        InetSocketAddress server = new InetSocketAddress(IpAddresses.parseLiteral(args[0]), Integer.parseInt(args[1]));
        TSIG tsig = new TSIG(TSIG.HMAC_SHA256, Name.fromString(NamespaceBind.KEY + "."),
                Files.readString(Path.of(args[2])).strip());
        Name zone = Name.fromString(NamespaceBind.ZONE + ".");
        Name name = Name.fromString(args[3] + ".");
        DnsProvider six = new Rfc2136Provider(server, zone, name, AddressFamily.IPV6, tsig, NamespaceBind.KEY,
                Duration.ofSeconds(5), Duration.ofSeconds(5));
        DnsProvider four = new Rfc2136Provider(server, zone, name, AddressFamily.IPV4, tsig, NamespaceBind.KEY,
                Duration.ofSeconds(5), Duration.ofSeconds(5));
        InetAddress first = IpAddresses.parseLiteral("2001:db8:12:0:0:0:0:11");
        InetAddress second = IpAddresses.parseLiteral("2001:db8:12::12");

        System.out.println("first=" + six.changeAddresses(Set.of(), Set.of(), Set.of(first)));
        System.out.println("stale=" + six.changeAddresses(Set.of(), Set.of(), Set.of(second)));
        System.out.println("second=" + six.changeAddresses(Set.of(first), Set.of(), Set.of(second)));
        System.out.println("ipv4=" + four.changeAddresses(Set.of(), Set.of(), Set.of(IpAddresses.parseLiteral(
                "198.18.144.11"))));
        try {
            six.changeAddresses(six.addresses(), Set.of(), Set.of(IpAddresses.parseLiteral("198.18.144.12")));
            System.out.println("mixed=accepted");
        } catch (IllegalArgumentException e) {
            System.out.println("mixed=" + e.getMessage());
        }
        System.out.println("aaaa=" + text(six.addresses()));
        System.out.println("a=" + text(four.addresses()));
    }

    private static String text(Set<InetAddress> addresses) {
        Set<String> sorted = new TreeSet<>();
        addresses.forEach(a -> sorted.add(IpAddresses.format(a)));
        return String.join(",", sorted);
    }
}
