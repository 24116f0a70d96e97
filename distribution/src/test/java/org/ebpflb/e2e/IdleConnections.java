package org.ebpflb.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client run inside a client namespace ({@code JavaCommand}): opens N TCP connections to a service and keeps them
 * idle until a go file appears, then sends one HTTP request on each and says, per outcome, how many connections saw
 * it. "reset" is what the issue counts: the connection was reset instead of answered. Bounded: every step has a
 * deadline, the whole run ends by its own.
 *
 * <p>Arguments: {@code HOST PORT COUNT GO_FILE DEADLINE_SECONDS}. Prints {@code connected N failed N} once the
 * connections are up, then {@code result ok=N reset=N closed=N timeout=N error=N}.
 */
public final class IdleConnections {
    /** Connections opened or requests in flight at once: keeps the handshakes and answers of one flow close. */
    private static final int IN_FLIGHT = 32;
    private static final Duration IO_TIMEOUT = Duration.ofSeconds(5);

    private IdleConnections() {
    }

    /**
     * @param args HOST PORT COUNT GO_FILE DEADLINE_SECONDS
     * @throws Exception on a failure of the harness itself
     */
    public static void main(String[] args) throws Exception {
        InetSocketAddress target = new InetSocketAddress(args[0], Integer.parseInt(args[1]));
        int count = Integer.parseInt(args[2]);
        Path go = Path.of(args[3]);
        long deadline = System.nanoTime() + Duration.ofSeconds(Long.parseLong(args[4])).toNanos();
        List<Socket> sockets = new ArrayList<>();
        AtomicLong failed = new AtomicLong();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Semaphore slots = new Semaphore(IN_FLIGHT);
            for (int i = 0; i < count; i++) {
                slots.acquire();
                pool.submit(() -> {
                    try {
                        Socket s = new Socket();
                        s.connect(target, (int) IO_TIMEOUT.toMillis());
                        s.setSoTimeout((int) IO_TIMEOUT.toMillis());
                        synchronized (sockets) {
                            sockets.add(s);
                        }
                    } catch (IOException e) {
                        failed.incrementAndGet();
                    } finally {
                        slots.release();
                    }
                });
            }
        }
        System.out.println("connected " + sockets.size() + " failed " + failed.get());
        System.out.flush();
        while (!Files.exists(go)) {
            if (System.nanoTime() > deadline) {
                System.out.println("no go file within the deadline");
                System.exit(3);
            }
            Thread.sleep(50);
        }
        Map<String, AtomicLong> outcomes = new ConcurrentHashMap<>();
        for (String o : List.of("ok", "reset", "closed", "timeout", "error")) {
            outcomes.put(o, new AtomicLong());
        }
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Semaphore slots = new Semaphore(IN_FLIGHT);
            for (Socket s : sockets) {
                slots.acquire();
                pool.submit(() -> {
                    try (s) {
                        outcomes.get(request(s, args[0])).incrementAndGet();
                    } catch (IOException e) {
                        outcomes.get("error").incrementAndGet();
                    } finally {
                        slots.release();
                    }
                });
            }
            pool.shutdown();
            pool.awaitTermination(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        System.out.println("result ok=" + outcomes.get("ok") + " reset=" + outcomes.get("reset") + " closed="
                + outcomes.get("closed") + " timeout=" + outcomes.get("timeout") + " error=" + outcomes.get("error"));
    }

    /** One request on an idle connection: its answer's status line decides. */
    private static String request(Socket s, String host) {
        try {
            OutputStream out = s.getOutputStream();
            out.write(("GET / HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            byte[] head = new byte[12];
            int n = 0;
            while (n < head.length) {
                int r = in.read(head, n, head.length - n);
                if (r < 0) {
                    return "closed";
                }
                n += r;
            }
            return new String(head, StandardCharsets.US_ASCII).startsWith("HTTP/1.1 200") ? "ok" : "error";
        } catch (SocketTimeoutException e) {
            return "timeout";
        } catch (SocketException e) {
            return e.getMessage() != null && e.getMessage().contains("reset") ? "reset" : "error";
        } catch (IOException e) {
            return "error";
        }
    }
}
