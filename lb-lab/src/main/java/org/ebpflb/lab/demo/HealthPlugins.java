package org.ebpflb.lab.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Which health check the demo can configure, judged by the plugin directories an installation has. */
final class HealthPlugins {
    private HealthPlugins() {
    }

    /**
     * @param lbHome the installation
     * @return "http" when {@code plugins/health-http} exists, else "tcp" when {@code plugins/health-tcp} exists
     */
    static Optional<String> checkType(Path lbHome) {
        Path plugins = lbHome.resolve("plugins");
        if (Files.isDirectory(plugins.resolve("health-http"))) {
            return Optional.of("http");
        }
        if (Files.isDirectory(plugins.resolve("health-tcp"))) {
            return Optional.of("tcp");
        }
        return Optional.empty();
    }
}
