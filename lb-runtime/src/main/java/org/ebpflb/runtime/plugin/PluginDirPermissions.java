package org.ebpflb.runtime.plugin;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Plugins run inside the load balancer with its privileges (root, or CAP_BPF and CAP_NET_ADMIN), so whoever can
 * change a plugin JAR can run code as the load balancer. The plugin directory, every directory in it and every file
 * below them must be owned by root or by the user running lb, and writable by nobody else
 * ({@code lb.allow-writable-plugin-dir = true} skips the check).
 */
public final class PluginDirPermissions {
    /** A path listed per problem is enough to act on; more would only flood the message. */
    private static final int MAX_LISTED = 10;

    private PluginDirPermissions() {
    }

    /**
     * @param pluginDir the plugin directory; a missing one holds no plugins and passes
     * @throws PluginLoadException naming every path that is too open, and how to fix it
     */
    public static void check(Path pluginDir) throws PluginLoadException {
        if (!Files.isDirectory(pluginDir)) {
            return;
        }
        List<String> unsafe = new ArrayList<>();
        try (Stream<Path> all = Files.walk(pluginDir)) {
            int self = uid(Path.of("/proc/self")); // /proc/self belongs to the process's effective user
            for (Path p : all.toList()) {
                Path real = p.toRealPath(); // a linked JAR is loaded from its target, so the target must be safe
                String name = real.equals(p) ? p.toString() : p + " (-> " + real + ")";
                problem(real, self).ifPresent(why -> unsafe.add(name + " " + why));
            }
        } catch (IOException e) {
            throw new PluginLoadException("plugin directory " + pluginDir + " cannot be checked: " + e.getMessage(), e);
        }
        if (!unsafe.isEmpty()) {
            List<String> shown = unsafe.subList(0, Math.min(MAX_LISTED, unsafe.size()));
            throw new PluginLoadException("plugins run with the load balancer's privileges, so lb refuses to load "
                    + "them from files other users can change:\n  " + String.join("\n  ", shown)
                    + (unsafe.size() > shown.size() ? "\n  ... and " + (unsafe.size() - shown.size()) + " more" : "")
                    + "\nfix the owner (chown -R root:root " + pluginDir + ") and modes (chmod -R go-w " + pluginDir
                    + "), or set lb.allow-writable-plugin-dir = true on a development machine");
        }
    }

    private static Optional<String> problem(Path p, int self) throws IOException {
        int owner = uid(p);
        if (owner != 0 && owner != self) {
            return Optional.of("is owned by uid " + owner + ", not by root or the user running lb");
        }
        Set<PosixFilePermission> mode = Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS);
        if (mode.contains(PosixFilePermission.GROUP_WRITE) || mode.contains(PosixFilePermission.OTHERS_WRITE)) {
            return Optional.of("is writable by group or others (" + PosixFilePermissions.toString(mode)
                    + ")");
        }
        return Optional.empty();
    }

    private static int uid(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }
}
