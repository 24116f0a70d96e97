package org.ebpflb.runtime.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.ebpflb.lab.app.JavaCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code lb run} in a JVM of its own, stopped as a service manager stops it: SIGTERM ends it in order with 0. */
class RunSignalTest {
    @TempDir
    Path work;

    @Test
    void sigtermStopsTheRuntimeAndExitsZero() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        Path plugins = Files.createDirectories(work.resolve("plugins"));
        Path config = Files.writeString(work.resolve("lb.conf"), """
                lb {
                  plugin-dir = "%s"
                  admin { listen = "127.0.0.1:%d" }
                  dataplane { kind = recording }
                  services = [ { name = "web", listen { interfaces = ["lo"], port = 80 },
                                 targets = [ { ip = "198.18.1.1", port = 8080 } ] } ]
                }
                """.formatted(plugins, port));
        Path log = work.resolve("lb.log");
        Process lb = new ProcessBuilder(JavaCommand.forMain(LbCommand.class, List.of("run", "-c", config.toString())))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!answers(port)) {
                assertTrue(lb.isAlive(), "lb run exited early:\n" + Files.readString(log));
                assertTrue(System.nanoTime() < deadline, "the admin API never answered:\n" + Files.readString(log));
                Thread.sleep(100);
            }
            lb.destroy(); // SIGTERM
            assertTrue(lb.waitFor(30, TimeUnit.SECONDS), "still running after SIGTERM:\n" + Files.readString(log));
        } finally {
            lb.destroyForcibly();
        }
        String out = Files.readString(log);
        assertEquals(0, lb.exitValue(), out);
        assertTrue(out.contains("stopped; the data plane keeps its last tables"), out);
        assertTrue(!answers(port), "the admin API still answers");
    }

    private static boolean answers(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
