package org.ebpflb.lab.app;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.ebpflb.api.model.Endpoint;

/**
 * Sends a bounded number of datagrams, each from a new socket (a new source port, so a new flow), and collects the
 * names in the replies. Each socket is connected to the target, so the kernel delivers only replies whose source is
 * the target's address and port: behind a NAT load balancer, an answer proves the reply was translated back to the
 * service address.
 *
 * @param target where to send
 * @param count how many datagrams at most
 * @param deadline none is sent after it
 */
record UdpBurst(Endpoint target, int count, Deadline deadline) {
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(1);

    UdpReport run() {
        Map<String, Integer> perBackend = new HashMap<>();
        Map<String, Integer> failures = new HashMap<>();
        InetSocketAddress to = new InetSocketAddress(target.address(), target.port());
        byte[] ping = "ping".getBytes(StandardCharsets.UTF_8);
        Set<Integer> sourcePorts = new HashSet<>();
        int sent = 0;
        for (; sent < count && !deadline.passed(); sent++) {
            try (DatagramSocket socket = new DatagramSocket()) {
                socket.setSoTimeout((int) deadline.remaining(REPLY_TIMEOUT).toMillis());
                socket.connect(to);
                sourcePorts.add(socket.getLocalPort());
                socket.send(new DatagramPacket(ping, ping.length));
                DatagramPacket reply = new DatagramPacket(new byte[512], 512);
                socket.receive(reply);
                String name = new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8);
                perBackend.merge(name, 1, Integer::sum);
            } catch (SocketTimeoutException e) {
                failures.merge("no reply", 1, Integer::sum);
            } catch (IOException e) {
                failures.merge(e.getClass().getSimpleName(), 1, Integer::sum);
            }
        }
        return new UdpReport(target.toString(), count, sent, perBackend, failures, sourcePorts.size());
    }
}
