package com.example.maintenance;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Builds the plugin's config the way the runtime does: the user's lb.conf subtree over the plugin's defaults. */
final class PluginConfigs {
    private PluginConfigs() {
    }

    /**
     * @param dir a directory to write lb.conf into
     * @param lbConf the file's content
     * @return {@code lb.plugins.maintenance-window} of the file over the plugin's reference.conf
     */
    static Config fromFile(Path dir, String lbConf) throws IOException {
        Path file = Files.writeString(dir.resolve("lb.conf"), lbConf);
        Config defaults = ConfigFactory.parseResources(MaintenanceWindowPlugin.class.getClassLoader(),
                "reference.conf");
        return ConfigFactory.parseFile(file.toFile()).withFallback(defaults).resolve()
                .getConfig(MaintenanceSettings.PATH);
    }
}
