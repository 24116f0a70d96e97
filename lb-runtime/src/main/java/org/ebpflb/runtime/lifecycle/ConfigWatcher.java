package org.ebpflb.runtime.lifecycle;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code lb.reload.watch}: reloads when the configuration file's content changes. It watches directories, not the
 * file, because the ways a file is replaced change which inode the name points at: an editor's atomic rename (write
 * {@code lb.conf.tmp}, rename it over {@code lb.conf}), and a Kubernetes ConfigMap, whose {@code lb.conf} is a link
 * through {@code ..data}, a link swapped to a new directory on each update. Watched are the directory of the name
 * the operator gave and the directory the name resolves to now (looked up again after every change). Changes are
 * debounced: the reload runs once nothing has changed for {@link #DEBOUNCE}, and only when the bytes behind the
 * name differ from those last seen, so a burst of writes is one reload and an unrelated file in the directory none.
 */
final class ConfigWatcher implements AutoCloseable {
    /** Quiet time after the last change before reloading. */
    static final Duration DEBOUNCE = Duration.ofMillis(500);

    private static final Logger log = LoggerFactory.getLogger(ConfigWatcher.class);

    private final Path file;
    private final Duration debounce;
    private final Runnable reload;
    private final WatchService watcher;
    private final Map<Path, WatchKey> watched = new HashMap<>();
    private final Thread thread;
    private byte[] seen;

    private ConfigWatcher(Path file, Duration debounce, Runnable reload) throws IOException {
        this.file = file.toAbsolutePath();
        this.debounce = debounce;
        this.reload = reload;
        this.watcher = FileSystems.getDefault().newWatchService();
        this.seen = read();
        this.thread = Thread.ofPlatform().name("lb-config-watch").daemon(true).unstarted(this::run);
    }

    /**
     * @param file the configuration file as the operator named it
     * @param debounce quiet time before reloading ({@link #DEBOUNCE} outside tests)
     * @param reload what to run on a change: the same reload as SIGHUP
     * @return the running watch; close it to stop
     * @throws IOException when the directories cannot be watched
     */
    static ConfigWatcher start(Path file, Duration debounce, Runnable reload) throws IOException {
        ConfigWatcher w = new ConfigWatcher(file, debounce, reload);
        try {
            w.watchDirectories();
        } catch (IOException e) {
            w.close();
            throw e;
        }
        w.thread.start();
        log.info("watching {} for changes (lb.reload.watch)", w.file);
        return w;
    }

    private void run() {
        try {
            while (true) {
                drain(watcher.take());
                WatchKey more;
                while ((more = watcher.poll(debounce.toNanos(), TimeUnit.NANOSECONDS)) != null) {
                    drain(more); // still changing: wait for quiet
                }
                changed();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // closed
        }
    }

    private static void drain(WatchKey key) {
        key.pollEvents();
        key.reset();
    }

    private void changed() {
        try {
            watchDirectories(); // a swapped link may now lead elsewhere
        } catch (IOException e) {
            log.warn("cannot watch the directories of {} any more: {}", file, e.getMessage());
        }
        byte[] now = read();
        if (now == null || Arrays.equals(now, seen)) {
            return; // gone for the moment (the next change brings it back), or the same bytes
        }
        seen = now;
        log.info("{} changed; reloading", file);
        try {
            reload.run();
        } catch (RuntimeException e) {
            log.error("reload after a change of {} failed", file, e);
        }
    }

    private void watchDirectories() throws IOException {
        watch(file.getParent());
        if (Files.exists(file)) {
            watch(file.toRealPath().getParent());
        }
        watched.entrySet().removeIf(e -> {
            if (e.getValue().isValid()) {
                return false;
            }
            e.getValue().cancel();
            return true;
        });
    }

    private void watch(Path dir) throws IOException {
        WatchKey key = watched.get(dir);
        if (key == null || !key.isValid()) {
            watched.put(dir, dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY, StandardWatchEventKinds.ENTRY_DELETE));
        }
    }

    private byte[] read() {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            return null;
        }
    }

    /** Stops watching; a reload in progress finishes. */
    @Override
    public void close() {
        try {
            watcher.close();
        } catch (IOException e) {
            log.debug("closing the watch service failed", e);
        }
        thread.interrupt();
    }
}
