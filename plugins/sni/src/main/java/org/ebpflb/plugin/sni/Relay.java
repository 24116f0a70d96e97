package org.ebpflb.plugin.sni;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;

/**
 * Copies bytes both ways between a client and its backend until both directions have ended, one thread per
 * direction (the caller's and a virtual thread). Backpressure is TCP's own: a direction whose receiver is slow blocks
 * in its write and stops reading, so the sender's window closes. End of stream in one direction is passed on as a
 * half-close (shutdownOutput after every byte read was written), and both sockets close once both directions ended.
 * A connection without a byte either way for the idle timeout, or with an error in either direction, is closed.
 */
final class Relay {
    private static final int BUFFER = 64 * 1024;

    private final Socket client;
    private final Socket backend;
    private final long idleNanos;
    private volatile long lastActivity = System.nanoTime();

    /**
     * @param client the accepted connection
     * @param backend the connection to the chosen backend
     * @param idle the idle timeout
     */
    Relay(Socket client, Socket backend, Duration idle) {
        this.client = client;
        this.backend = backend;
        this.idleNanos = idle.toNanos();
    }

    /**
     * Relays until both directions ended, then closes both sockets.
     *
     * @param up counts bytes from the client
     * @param down counts bytes to the client
     * @throws InterruptedException when interrupted while waiting for the other direction
     */
    void run(LongAdder up, LongAdder down) throws InterruptedException {
        // wake reads now and then, so an idle connection is noticed while the other direction is blocked
        int wake = (int) Math.max(100, Math.min(Duration.ofNanos(idleNanos).toMillis() / 4, 10_000));
        try {
            client.setSoTimeout(wake);
            backend.setSoTimeout(wake);
        } catch (SocketException e) {
            abort();
            return;
        }
        try {
            Thread upstream = Thread.ofVirtual().name("sni-relay-up").start(() -> pump(client, backend, up));
            pump(backend, client, down);
            upstream.join();
        } finally {
            abort();
        }
    }

    private void pump(Socket from, Socket to, LongAdder counter) {
        byte[] buf = new byte[BUFFER];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            while (true) {
                int n;
                try {
                    n = in.read(buf);
                } catch (SocketTimeoutException e) {
                    if (System.nanoTime() - lastActivity > idleNanos) {
                        abort(); // wakes the other direction too
                        return;
                    }
                    continue;
                }
                if (n < 0) {
                    to.shutdownOutput();
                    return;
                }
                out.write(buf, 0, n);
                counter.add(n);
                lastActivity = System.nanoTime();
            }
        } catch (IOException e) {
            abort(); // a reset or a closed socket: the other direction cannot finish either
        }
    }

    private void abort() {
        closeQuietly(client);
        closeQuietly(backend);
    }

    static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing is best effort; the socket is gone either way
        }
    }
}
