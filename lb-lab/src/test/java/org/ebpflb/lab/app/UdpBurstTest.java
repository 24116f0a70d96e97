package org.ebpflb.lab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.ebpflb.api.model.Endpoint;
import org.junit.jupiter.api.Test;

/** The UDP burst accepts only replies from the address and port it sent to, over loopback. */
class UdpBurstTest {
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void aReplyFromAnotherSourceIsNotAnAnswer() throws Exception {
        // Answers every datagram, but from a second socket: what a NAT that forgot the reverse rewrite would do.
        try (DatagramSocket listen = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0));
             DatagramSocket answerFrom = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            Thread responder = Thread.ofVirtual().start(() -> answer(listen, answerFrom, "elsewhere", 3));
            UdpReport r = new UdpBurst(new Endpoint(LOOPBACK, listen.getLocalPort()), 3,
                    Deadline.in(Duration.ofSeconds(20))).run();
            responder.join(Duration.ofSeconds(5));
            assertEquals(3, r.sent());
            assertEquals(Map.of(), r.perBackend());
            assertEquals(Map.of("no reply", 3), r.failures());
        }
    }

    @Test
    void aReplyFromTheTargetIsCounted() throws Exception {
        try (DatagramSocket listen = new DatagramSocket(new InetSocketAddress(LOOPBACK, 0))) {
            Thread responder = Thread.ofVirtual().start(() -> answer(listen, listen, "same", 4));
            UdpReport r = new UdpBurst(new Endpoint(LOOPBACK, listen.getLocalPort()), 4,
                    Deadline.in(Duration.ofSeconds(20))).run();
            responder.join(Duration.ofSeconds(5));
            assertEquals(Map.of("same", 4), r.perBackend());
            assertEquals(Map.of(), r.failures());
            assertTrue(r.flows() >= 1 && r.flows() <= 4, "distinct source ports: " + r.flows());
        }
    }

    private static void answer(DatagramSocket in, DatagramSocket out, String name, int count) {
        byte[] reply = name.getBytes(StandardCharsets.UTF_8);
        try {
            for (int i = 0; i < count; i++) {
                DatagramPacket p = new DatagramPacket(new byte[64], 64);
                in.receive(p);
                out.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
            }
        } catch (SocketException closed) {
            // the test ended
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
