package org.ebpflb.runtime.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A second holder of an instance's lock is refused with the first one's pid; the namespace e2e test runs two JVMs. */
class InstanceLockTest {
    @TempDir
    Path dir;

    @Test
    void aSecondHolderIsRefusedNamingTheFirstOnesPid() throws Exception {
        Path pinDir = Path.of("/sys/fs/bpf/ebpf-lb/edge-1");
        Path file = dir.resolve("sys/fs/bpf/ebpf-lb/edge-1.lock");
        try (InstanceLock first = InstanceLock.acquire(dir, pinDir, "edge-1")) {
            long pid = ProcessHandle.current().pid();
            assertEquals(pid + "\n", Files.readString(file));

            StartupException e = assertThrows(StartupException.class,
                    () -> InstanceLock.acquire(dir, pinDir, "edge-1"));

            assertEquals(StartupException.RUNTIME_FAILURE, e.exitCode());
            assertEquals("instance edge-1 (pinned state in " + pinDir + ") is already running as pid " + pid
                    + "; stop it first, or give this one another lb.instance (lock " + file + ")", e.getMessage());
        }
    }

    @Test
    void anotherPinDirectoryIsAnotherLock() throws Exception {
        try (InstanceLock a = InstanceLock.acquire(dir, Path.of("/run/a/ebpf-lb/e2e"), "e2e");
             InstanceLock b = InstanceLock.acquire(dir, Path.of("/run/b/ebpf-lb/e2e"), "e2e")) {
            try (var files = Files.walk(dir)) {
                assertEquals(2, files.filter(p -> p.toString().endsWith(".lock")).count());
            }
        }
    }
}
