package org.ebpflb.lab.sandbox;

import java.net.InetAddress;
import java.util.List;
import java.util.stream.IntStream;
import org.ebpflb.api.model.Cidr;
import org.ebpflb.api.model.IpAddresses;

/**
 * The addresses of one sandbox, all inside 198.18.0.0/15 (RFC 2544 benchmarking space).
 *
 * <p>The /15 is cut into {@value #BLOCKS} blocks of {@value #SUBNETS_PER_BLOCK} consecutive /24s; a sandbox owns one
 * block, so sandboxes with different blocks never share a subnet. Inside block {@code b} (subnet {@code k} is the
 * /24 with index {@code 8b + k} counted from 198.18.0.0):
 * <table>
 * <caption>Subnets of a block</caption>
 * <tr><th>k</th><th>use</th><th>addresses</th></tr>
 * <tr><td>0</td><td>link LB - first client</td><td>LB .1, client .2</td></tr>
 * <tr><td>1</td><td>backend LAN (bridge in the LB namespace)</td><td>LB .1, backend i .(10+i)</td></tr>
 * <tr><td>2</td><td>service addresses, /32 each on the LB's lo</td><td>VIP .1 (more services .2, .3, ...)</td></tr>
 * <tr><td>3..7</td><td>links LB - extra clients (source routes)</td><td>LB .1, client .2</td></tr>
 * </table>
 *
 * <p>Clients reach service addresses through a default route via the LB rather than by ARP: the VIP sits in its own
 * subnet, so every client subnet reaches it the same way and the VIP needs no neighbour entry on the client side.
 *
 * <p>The sandbox is dual stack. Block {@code b} also owns the IPv6 /48 {@code 2001:db8:<b in hex>::/48} (inside
 * 2001:db8::/32, RFC 3849 documentation space), subnet {@code k} is the /64 {@code 2001:db8:<b>:<k>::/64} and host
 * {@code h} in it is {@code ::<h in hex>}: the same subnets and host numbers as IPv4, so client 0 is
 * {@code 2001:db8:<b>:0::2}, backend i is {@code 2001:db8:<b>:1::<10+i in hex>} and the VIP is
 * {@code 2001:db8:<b>:2::1} (the {@code *6} methods).
 *
 * @param block which block, 0..{@value #BLOCKS}-1 (the demo uses 0)
 * @param backends how many backends, 1..{@value #MAX_BACKENDS}
 * @param extraClients clients besides the first, 0..{@value #MAX_EXTRA_CLIENTS}
 */
public record AddressPlan(int block, int backends, int extraClients) {
    /** Blocks in 198.18.0.0/15. */
    public static final int BLOCKS = 64;
    /** /24 subnets per block. */
    public static final int SUBNETS_PER_BLOCK = 8;
    /** Backends a backend /24 holds with the .(10+i) numbering. */
    public static final int MAX_BACKENDS = 200;
    /** Extra client links left in a block. */
    public static final int MAX_EXTRA_CLIENTS = SUBNETS_PER_BLOCK - 3;

    private static final int SUBNET_BACKENDS = 1;
    private static final int SUBNET_SERVICES = 2;
    private static final int FIRST_EXTRA_CLIENT_SUBNET = 3;

    /** Rejects values outside the plan. */
    public AddressPlan {
        check("block", block, 0, BLOCKS - 1);
        check("backends", backends, 1, MAX_BACKENDS);
        check("extraClients", extraClients, 0, MAX_EXTRA_CLIENTS);
    }

    /** @return how many clients there are, the first one included */
    public int clients() {
        return 1 + extraClients;
    }

    /** @return the whole block, e.g. 198.18.8.0/21 for block 1 */
    public Cidr blockPrefix() {
        return new Cidr(subnetHost(0, 0), 21);
    }

    /**
     * @param client 0 for the first client, 1.. for extra clients
     * @return the /24 of that client's link to the LB
     */
    public Cidr clientSubnet(int client) {
        return new Cidr(subnetHost(clientSubnetIndex(client), 0), 24);
    }

    /**
     * @param client 0 for the first client, 1.. for extra clients
     * @return the client's address
     */
    public InetAddress clientAddress(int client) {
        return subnetHost(clientSubnetIndex(client), 2);
    }

    /**
     * @param client 0 for the first client, 1.. for extra clients
     * @return the LB's address on that client's link: the client's gateway
     */
    public InetAddress lbClientSideAddress(int client) {
        return subnetHost(clientSubnetIndex(client), 1);
    }

    /** @return the backend LAN */
    public Cidr backendSubnet() {
        return new Cidr(subnetHost(SUBNET_BACKENDS, 0), 24);
    }

    /** @return the LB's address on the backend LAN: the backends' gateway */
    public InetAddress lbBackendSideAddress() {
        return subnetHost(SUBNET_BACKENDS, 1);
    }

    /**
     * @param backend 1..{@link #backends()}
     * @return that backend's address
     */
    public InetAddress backendAddress(int backend) {
        check("backend", backend, 1, backends);
        return subnetHost(SUBNET_BACKENDS, 10 + backend);
    }

    /** @return every backend's address, backend 1 first */
    public List<InetAddress> backendAddresses() {
        return IntStream.rangeClosed(1, backends).mapToObj(this::backendAddress).toList();
    }

    /** @return the subnet service addresses are taken from */
    public Cidr serviceSubnet() {
        return new Cidr(subnetHost(SUBNET_SERVICES, 0), 24);
    }

    /** @return the first service address (the demo's VIP) */
    public InetAddress vip() {
        return serviceAddress(1);
    }

    /**
     * @param n 1..254
     * @return the n-th service address
     */
    public InetAddress serviceAddress(int n) {
        check("service address", n, 1, 254);
        return subnetHost(SUBNET_SERVICES, n);
    }

    /** @return the block's IPv6 /48, e.g. 2001:db8:10::/48 for block 16 */
    public Cidr blockPrefix6() {
        return new Cidr(subnetHost6(0, 0), 48);
    }

    /**
     * @param client 0 for the first client, 1.. for extra clients
     * @return the client's IPv6 address
     */
    public InetAddress clientAddress6(int client) {
        return subnetHost6(clientSubnetIndex(client), 2);
    }

    /**
     * @param client 0 for the first client, 1.. for extra clients
     * @return the LB's IPv6 address on that client's link: the client's IPv6 gateway
     */
    public InetAddress lbClientSideAddress6(int client) {
        return subnetHost6(clientSubnetIndex(client), 1);
    }

    /** @return the LB's IPv6 address on the backend LAN: the backends' IPv6 gateway */
    public InetAddress lbBackendSideAddress6() {
        return subnetHost6(SUBNET_BACKENDS, 1);
    }

    /**
     * @param backend 1..{@link #backends()}
     * @return that backend's IPv6 address
     */
    public InetAddress backendAddress6(int backend) {
        check("backend", backend, 1, backends);
        return subnetHost6(SUBNET_BACKENDS, 10 + backend);
    }

    /**
     * @param n 1..254
     * @return the n-th IPv6 service address
     */
    public InetAddress serviceAddress6(int n) {
        check("service address", n, 1, 254);
        return subnetHost6(SUBNET_SERVICES, n);
    }

    /** @return the first IPv6 service address */
    public InetAddress vip6() {
        return serviceAddress6(1);
    }

    /**
     * @param address an address from this plan
     * @param prefixLength its prefix length
     * @return the {@code ip/len} form {@code ip addr add} takes
     */
    public static String withPrefix(InetAddress address, int prefixLength) {
        return address.getHostAddress() + "/" + prefixLength;
    }

    private int clientSubnetIndex(int client) {
        check("client", client, 0, extraClients);
        return client == 0 ? 0 : FIRST_EXTRA_CLIENT_SUBNET + client - 1;
    }

    private InetAddress subnetHost(int subnet, int host) {
        int index = block * SUBNETS_PER_BLOCK + subnet; // 0..511 across 198.18.0.0/15
        return IpAddresses.parseLiteral("198." + (18 + index / 256) + "." + (index % 256) + "." + host);
    }

    private InetAddress subnetHost6(int subnet, int host) {
        return IpAddresses.parseLiteral("2001:db8:" + Integer.toHexString(block) + ":" + subnet + "::"
                + Integer.toHexString(host));
    }

    private static void check(String what, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(what + " " + value + " is outside " + min + ".." + max);
        }
    }
}
