package org.ebpflb.runtime.plugin;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugins are refused from files that users other than root and the one running lb could change. */
class PluginDirPermissionsTest {
    @TempDir
    Path work;
    private Path plugins;
    private Path jar;

    @BeforeEach
    void layout() throws Exception {
        plugins = Files.createDirectory(work.resolve("plugins"));
        Files.setPosixFilePermissions(plugins, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path dir = Files.createDirectory(plugins.resolve("demo"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        jar = Files.writeString(dir.resolve("demo.jar"), "not really a jar");
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-r--r--"));
    }

    @Test
    void ownedAndWritableByTheOwnerOnlyIsLoaded() {
        assertDoesNotThrow(() -> PluginDirPermissions.check(plugins));
        assertDoesNotThrow(() -> PluginDirPermissions.check(work.resolve("absent")));
    }

    @Test
    void aWorldWritableDirectoryIsRefused() throws Exception {
        Files.setPosixFilePermissions(plugins, PosixFilePermissions.fromString("rwxrwxrwx"));

        PluginLoadException e = assertThrows(PluginLoadException.class, () -> PluginDirPermissions.check(plugins));

        assertTrue(e.getMessage().contains(plugins + " is writable by group or others (rwxrwxrwx)"), e.getMessage());
        assertTrue(e.getMessage().contains("lb.allow-writable-plugin-dir = true"), e.getMessage());
    }

    @Test
    void aGroupWritableJarIsRefused() throws Exception {
        Files.setPosixFilePermissions(jar, PosixFilePermissions.fromString("rw-rw-r--"));

        PluginLoadException e = assertThrows(PluginLoadException.class, () -> PluginDirPermissions.check(plugins));

        assertTrue(e.getMessage().contains(jar + " is writable by group or others (rw-rw-r--)"), e.getMessage());
    }

    @Test
    void aLinkToAWritableJarIsRefused() throws Exception {
        Path elsewhere = Files.writeString(work.resolve("open.jar"), "x");
        Files.setPosixFilePermissions(elsewhere, PosixFilePermissions.fromString("rw-rw-rw-"));
        Files.createSymbolicLink(plugins.resolve("demo/linked.jar"), elsewhere);

        PluginLoadException e = assertThrows(PluginLoadException.class, () -> PluginDirPermissions.check(plugins));

        assertTrue(e.getMessage().contains("linked.jar (-> " + elsewhere + ") is writable by group or others"),
                e.getMessage());
    }

    @Test
    void aJarOwnedByAnotherUserIsRefused() throws Exception {
        assumeTrue(Files.getAttribute(Path.of("/proc/self"), "unix:uid").equals(0), "only root can give files away");
        Files.setAttribute(jar, "unix:uid", 4242);

        PluginLoadException e = assertThrows(PluginLoadException.class, () -> PluginDirPermissions.check(plugins));

        assertTrue(e.getMessage().contains(jar + " is owned by uid 4242, not by root or the user running lb"),
                e.getMessage());
    }
}
