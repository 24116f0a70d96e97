package org.ebpflb.e2e;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.ebpflb.api.model.AddressFamily;
import org.ebpflb.api.model.IpAddresses;
import org.ebpflb.plugin.dnsregistration.DnsProvider;
import org.ebpflb.plugin.dnsregistration.DnsProviderException;
import org.ebpflb.plugin.dnsregistration.Rfc2136Provider;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Update;

/**
 * Two writers ("nodes") each add their own addresses to one name at the same time, against a real server, and the
 * program prints how many of the addresses are in the name afterwards. {@code cas}: each add goes through the
 * plugin's {@link Rfc2136Provider} (an UPDATE whose prerequisite is the record set as read, retried when it changed).
 * {@code whole}: each writer reads the record set and writes it back whole with its address added (delete the set,
 * add every record, no prerequisite), the way the reference implementation does; a write then erases what the other
 * writer added since its read.
 *
 * <p>Run inside the server's namespace: {@code RrsetRace SERVER_IP PORT SECRET_FILE NAME MODE UPDATES}; prints
 * {@code present=N expected=M staleRetries=K}.
 */
public final class RrsetRace {
    private RrsetRace() {
    }

    /**
     * @param args server ip, port, secret file, name, cas|whole, total updates (split over two writers)
     */
    public static void main(String[] args) throws Exception {
        InetSocketAddress server = new InetSocketAddress(IpAddresses.parseLiteral(args[0]), Integer.parseInt(args[1]));
        String secret = Files.readString(Path.of(args[2])).strip();
        Name zone = Name.fromString(NamespaceBind.ZONE + ".");
        Name name = Name.fromString(args[3] + ".");
        boolean cas = args[4].equals("cas");
        int updates = Integer.parseInt(args[5]);
        TSIG tsig = new TSIG(TSIG.HMAC_SHA256, Name.fromString(NamespaceBind.KEY + "."), secret);
        DnsProvider provider = new Rfc2136Provider(server, zone, name, AddressFamily.IPV4, tsig, NamespaceBind.KEY,
                Duration.ofSeconds(5), Duration.ofSeconds(5));
        int[] stale = new int[2];
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < 2; w++) {
            int writer = w;
            writers.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                    for (int i = 0; i < updates / 2; i++) {
                        InetAddress mine = IpAddresses.parseLiteral("198.19.184." + (writer * 100 + i + 1));
                        if (cas) {
                            while (!provider.changeAddresses(provider.addresses(), Set.of(), Set.of(mine))) {
                                stale[writer]++;
                            }
                        } else {
                            writeWhole(server, zone, name, tsig, provider.addresses(), mine);
                        }
                    }
                } catch (InterruptedException | DnsProviderException | IOException e) {
                    throw new IllegalStateException("writer " + writer + " failed: " + e.getMessage(), e);
                }
            }));
        }
        go.countDown();
        for (Thread t : writers) {
            t.join();
        }
        System.out.println("present=" + provider.addresses().size() + " expected=" + (updates / 2) * 2
                + " staleRetries=" + (stale[0] + stale[1]));
    }

    /** The whole-RRset writer: replace the set with what was read plus one address, no prerequisite. */
    private static void writeWhole(InetSocketAddress server, Name zone, Name name, TSIG tsig, Set<InetAddress> read,
                                   InetAddress mine) throws IOException {
        Update update = new Update(zone);
        List<Record> all = new ArrayList<>();
        for (InetAddress a : read) {
            all.add(new ARecord(name, DClass.IN, NamespaceBind.TTL_SECONDS, a));
        }
        all.add(new ARecord(name, DClass.IN, NamespaceBind.TTL_SECONDS, mine));
        update.delete(name, org.xbill.DNS.Type.A);
        all.forEach(update::add);
        SimpleResolver resolver = new SimpleResolver(server);
        resolver.setTCP(true);
        resolver.setTSIGKey(tsig);
        resolver.send(update);
    }
}
