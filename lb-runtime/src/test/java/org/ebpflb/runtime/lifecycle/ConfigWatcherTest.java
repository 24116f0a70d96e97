package org.ebpflb.runtime.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.ebpflb.testkit.Await;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file watch reloads once per settled change of the file's content, however the file is replaced. */
class ConfigWatcherTest {
    private static final Duration DEBOUNCE = Duration.ofMillis(200);
    private static final Duration LIMIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;
    private final AtomicInteger reloads = new AtomicInteger();
    private ConfigWatcher watcher;

    @AfterEach
    void stop() {
        if (watcher != null) {
            watcher.close();
        }
    }

    @Test
    void anEditorsAtomicRenameIsOneReload() throws Exception {
        Path file = Files.writeString(dir.resolve("lb.conf"), "a");
        watcher = ConfigWatcher.start(file, DEBOUNCE, reloads::incrementAndGet);

        Path tmp = Files.writeString(dir.resolve(".lb.conf.swp"), "b");
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        Await.until("one reload", () -> reloads.get() == 1, LIMIT);
        settle();
        assertEquals(1, reloads.get());
    }

    @Test
    void aBurstOfWritesIsOneReloadAndTheSameBytesNone() throws Exception {
        Path file = Files.writeString(dir.resolve("lb.conf"), "a");
        watcher = ConfigWatcher.start(file, DEBOUNCE, reloads::incrementAndGet);

        for (int i = 0; i < 5; i++) {
            Files.writeString(file, "b" + i);
        }
        Await.until("one reload", () -> reloads.get() == 1, LIMIT);
        Files.writeString(file, "b4"); // the same content again
        Files.writeString(dir.resolve("unrelated"), "x");
        settle();
        assertEquals(1, reloads.get());
    }

    @Test
    void aConfigMapSwapOfItsDataLinkIsAReload() throws Exception {
        // the layout the kubelet writes: lb.conf -> ..data/lb.conf, ..data -> ..v1
        Files.createDirectory(dir.resolve("..v1"));
        Files.writeString(dir.resolve("..v1/lb.conf"), "a");
        Files.createSymbolicLink(dir.resolve("..data"), Path.of("..v1"));
        Path file = Files.createSymbolicLink(dir.resolve("lb.conf"), Path.of("..data/lb.conf"));
        watcher = ConfigWatcher.start(file, DEBOUNCE, reloads::incrementAndGet);

        Files.createDirectory(dir.resolve("..v2"));
        Files.writeString(dir.resolve("..v2/lb.conf"), "b");
        Files.createSymbolicLink(dir.resolve("..data_tmp"), Path.of("..v2"));
        Files.move(dir.resolve("..data_tmp"), dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
        Files.delete(dir.resolve("..v1/lb.conf"));
        Files.delete(dir.resolve("..v1"));

        Await.until("reload after the first swap", () -> reloads.get() == 1, LIMIT);

        Files.createDirectory(dir.resolve("..v3"));
        Files.writeString(dir.resolve("..v3/lb.conf"), "c");
        Files.createSymbolicLink(dir.resolve("..data_tmp"), Path.of("..v3"));
        Files.move(dir.resolve("..data_tmp"), dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE);
        Await.until("reload after the second swap", () -> reloads.get() == 2, LIMIT);
    }

    @Test
    void aFileLinkedFromElsewhereIsWatchedWhereItLives() throws Exception {
        Path real = Files.createDirectory(dir.resolve("real"));
        Files.writeString(real.resolve("lb.conf"), "a");
        Path links = Files.createDirectory(dir.resolve("etc"));
        Path file = Files.createSymbolicLink(links.resolve("lb.conf"), real.resolve("lb.conf"));
        watcher = ConfigWatcher.start(file, DEBOUNCE, reloads::incrementAndGet);

        Path tmp = Files.writeString(real.resolve("lb.conf.new"), "b");
        Files.move(tmp, real.resolve("lb.conf"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);

        Await.until("one reload", () -> reloads.get() == 1, LIMIT);
    }

    /** Long enough for a wrongly triggered reload to have happened: several debounce periods. */
    private static void settle() throws InterruptedException {
        Thread.sleep(DEBOUNCE.multipliedBy(4).toMillis());
    }
}
