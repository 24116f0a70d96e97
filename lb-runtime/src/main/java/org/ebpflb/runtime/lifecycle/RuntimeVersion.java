package org.ebpflb.runtime.lifecycle;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/** Versions shown by {@code lb version} and the status: ebpf-lb's own and the running kernel's. */
public final class RuntimeVersion {
    private RuntimeVersion() {
    }

    /** @return the ebpf-lb version this runtime was built as */
    public static String ebpfLb() {
        try (InputStream in = RuntimeVersion.class.getResourceAsStream("/org/ebpflb/runtime/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** @return the kernel release from {@code /proc/sys/kernel/osrelease}, or "unknown" */
    public static String kernel() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/osrelease")).strip();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
